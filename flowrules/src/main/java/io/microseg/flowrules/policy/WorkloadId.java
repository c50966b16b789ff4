package io.microseg.flowrules.policy;

import java.util.Comparator;
import java.util.Objects;

/** The identity of a workload: namespace and name, printed {@code namespace/name}. */
public record WorkloadId(String namespace, String name) implements Comparable<WorkloadId> {

    private static final Comparator<WorkloadId> ORDER =
            Comparator.comparing(WorkloadId::namespace).thenComparing(WorkloadId::name);

    public WorkloadId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static WorkloadId of(String namespace, String name) {
        return new WorkloadId(namespace, name);
    }

    /** Parses {@code prod/web1}; a bare {@code web1} is in namespace {@code default}. */
    public static WorkloadId parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new WorkloadId(Namespace.DEFAULT, text);
        }
        if (slash == 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not a workload (namespace/name): " + text);
        }
        return new WorkloadId(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(WorkloadId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
