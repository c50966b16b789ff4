package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A namespace with its labels. Like Kubernetes, every namespace also carries the label
 * {@code kubernetes.io/metadata.name=<name>} (see {@link #effectiveLabels()}); {@code default} always exists.
 */
public record Namespace(String name, Labels labels) {

    public static final String DEFAULT = "default";
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(labels, "labels");
    }

    public static Namespace of(String name, Labels labels) {
        return new Namespace(name, labels);
    }

    public static Namespace of(String name, String... labelKeysAndValues) {
        return new Namespace(name, Labels.of(labelKeysAndValues));
    }

    /** The declared labels plus {@code kubernetes.io/metadata.name}, which selectors may use. */
    public Labels effectiveLabels() {
        return labels.with(NAME_LABEL, name);
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.namespaceNameProblems(path + ".name", name));
        problems.addAll(labels.problems(path + ".labels"));
        labels.get(NAME_LABEL).filter(value -> !value.equals(name)).ifPresent(value -> problems.add(Problem.at(
                path + ".labels[" + NAME_LABEL + "]", "must equal the namespace name '" + name + "', not '" + value + "'")));
        return problems;
    }
}
