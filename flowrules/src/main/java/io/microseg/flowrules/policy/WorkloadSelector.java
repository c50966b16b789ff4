package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cluster-wide selection of workloads: a workload selector and a namespace selector, both of which must
 * match. {@link LabelSelector#EVERYTHING} as namespace selector means every namespace.
 */
public record WorkloadSelector(LabelSelector workloads, LabelSelector namespaces) {

    public static final WorkloadSelector ALL = new WorkloadSelector(LabelSelector.EVERYTHING, LabelSelector.EVERYTHING);

    public WorkloadSelector {
        Objects.requireNonNull(workloads, "workloads");
        Objects.requireNonNull(namespaces, "namespaces");
    }

    /** Workloads matching {@code workloads} in any namespace. */
    public static WorkloadSelector of(LabelSelector workloads) {
        return new WorkloadSelector(workloads, LabelSelector.EVERYTHING);
    }

    public static WorkloadSelector of(LabelSelector workloads, LabelSelector namespaces) {
        return new WorkloadSelector(workloads, namespaces);
    }

    /** {@code WorkloadSelector.labels("tier", "web")}: workloads with these labels in any namespace. */
    public static WorkloadSelector labels(String... keysAndValues) {
        return of(LabelSelector.of(keysAndValues));
    }

    public boolean matches(Labels workloadLabels, Labels namespaceLabels) {
        return workloads.matches(workloadLabels) && namespaces.matches(namespaceLabels);
    }

    /** Requirements stated by both selectors together; the measure of specificity for enforcement settings. */
    public int requirementCount() {
        return workloads.requirementCount() + namespaces.requirementCount();
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(workloads.problems(path + ".workloadSelector"));
        problems.addAll(namespaces.problems(path + ".namespaceSelector"));
        return problems;
    }

    @Override
    public String toString() {
        return namespaces.isEmpty() ? "workloads" + workloads : "workloads" + workloads + " in namespaces" + namespaces;
    }
}
