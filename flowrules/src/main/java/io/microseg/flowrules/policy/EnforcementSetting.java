package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The enforcement mode for the workloads a scope selects. When several settings select a workload the most
 * specific wins: the one stating more label requirements (matchLabels pairs plus matchExpressions, workload and
 * namespace selectors together), ties broken by the alphabetically first name. Otherwise the global default applies.
 */
public record EnforcementSetting(String name, WorkloadSelector scope, EnforcementMode mode) {

    /** Most specific first, then by name: the first setting that selects a workload decides its mode. */
    public static final Comparator<EnforcementSetting> PRECEDENCE =
            Comparator.comparingInt(EnforcementSetting::specificity).reversed().thenComparing(EnforcementSetting::name);

    public EnforcementSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(mode, "mode");
    }

    public static EnforcementSetting of(String name, WorkloadSelector scope, EnforcementMode mode) {
        return new EnforcementSetting(name, scope, mode);
    }

    public int specificity() {
        return scope.requirementCount();
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.objectNameProblems(path + ".name", name));
        problems.addAll(scope.problems(path + ".scope"));
        return problems;
    }
}
