package io.microseg.flowrules.policy;

import io.microseg.topology.Ipv4Address;
import java.util.HashMap;
import java.util.Map;

/**
 * The workloads of a valid model by id and by address (in a valid model both are unique): a base built from some
 * model plus the changes since it, so that the index of a model derived by a few changes costs only those changes.
 * Carried by {@link ValidatedModel}; never changed after construction.
 */
final class WorkloadIndex {
    /** Changes beyond this many entries are folded into a new base. */
    private static final int MOST_CHANGES = 1024;
    /** A removed entry among the changes. */
    private static final Workload NONE = null;

    private final Map<Object, Workload> base;
    /** Ids and addresses that differ from {@link #base}: a null value means there is none any more. */
    private final Map<Object, Workload> changes;

    private WorkloadIndex(Map<Object, Workload> base, Map<Object, Workload> changes) {
        this.base = base;
        this.changes = changes;
    }

    /** The index of a valid {@code model}, built with a pass over its workloads. */
    static WorkloadIndex of(PolicyModel model) {
        Map<Object, Workload> base = new HashMap<>(model.workloads().size() * 4);
        for (Workload workload : model.workloads()) {
            base.put(workload.id(), workload);
            for (Ipv4Address address : workload.addresses()) {
                base.put(address, workload);
            }
        }
        return new WorkloadIndex(base, Map.of());
    }

    /**
     * The index of valid {@code model}, derived from valid {@code was} (indexed by this) by {@code changes}; null
     * when the changes piled up (then it is built afresh when asked for).
     */
    WorkloadIndex derived(PolicyModel was, PolicyModel model, ListChanges.Changes changes) {
        Map<Object, Workload> next = new HashMap<>(this.changes);
        for (int j : changes.removed()) {
            Workload workload = was.workloads().get(j);
            next.put(workload.id(), NONE);
            for (Ipv4Address address : workload.addresses()) {
                next.put(address, NONE);
            }
        }
        for (int j : changes.added()) {
            Workload workload = model.workloads().get(j);
            next.put(workload.id(), workload);
            for (Ipv4Address address : workload.addresses()) {
                next.put(address, workload);
            }
        }
        return next.size() > MOST_CHANGES ? null : new WorkloadIndex(base, next);
    }

    Workload byId(WorkloadId id) {
        return lookUp(id);
    }

    Workload byAddress(Ipv4Address address) {
        return lookUp(address);
    }

    private Workload lookUp(Object key) {
        if (changes.containsKey(key)) {
            return changes.get(key);
        }
        return base.get(key);
    }
}
