package io.microseg.rest.model;

import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.Write;
import io.microseg.topology.Ipv4Address;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workload ids and addresses of one valid snapshot, kept up to date change by change, so that a change of a few
 * workloads is validated without a pass over all workloads.
 *
 * <p>{@link #admits} answers only "valid" or "don't know": when it says valid, {@link ModelValidation#problems} of
 * the candidate is empty; otherwise the caller runs that full validation for the exact problems. It mirrors what
 * {@code ModelValidation} checks of a workload: its own problems, that its namespace exists, that no other workload
 * has its id, and that no workload of another id has one of its addresses. A new check there that involves
 * workloads must be added here too ({@code WorkloadIndexTest} compares the two).
 *
 * <p>Not thread-safe: owned by the model's writer thread.
 */
final class WorkloadIndex {

    private Snapshot indexed;
    private final Set<String> namespaces = new HashSet<>();
    private final Map<String, String> keyById = new HashMap<>();
    private final Map<Ipv4Address, WorkloadId> ownerByAddress = new HashMap<>();

    private WorkloadIndex(Snapshot valid) {
        reset(valid);
    }

    /** The index of a snapshot whose model is valid. */
    static WorkloadIndex of(Snapshot valid) {
        return new WorkloadIndex(valid);
    }

    /** The snapshot this index describes. */
    Snapshot indexed() {
        return indexed;
    }

    /** Describes {@code valid} from now on: rebuilt with a pass over its workloads. */
    void reset(Snapshot valid) {
        indexed = valid;
        namespaces.clear();
        keyById.clear();
        ownerByAddress.clear();
        namespaces.add(Namespace.DEFAULT);
        valid.model().namespaces().forEach(namespace -> namespaces.add(namespace.name()));
        for (Entry entry : valid.list(Kind.WORKLOAD)) {
            Workload workload = (Workload) entry.domain();
            keyById.put(workload.id().toString(), entry.key());
            workload.addresses().forEach(address -> ownerByAddress.put(address, workload.id()));
        }
    }

    /**
     * Whether {@code candidate}, the indexed snapshot changed by {@code writes}, is certainly valid. False means:
     * validate it in full (always so when it changes anything but workloads).
     */
    boolean admits(Snapshot candidate, List<Write> writes) {
        if (writes.stream().anyMatch(write -> write.kind() != Kind.WORKLOAD)) {
            return false;
        }
        Set<String> changedKeys = workloadKeys(writes);
        Map<String, String> newKeyById = new HashMap<>();
        Map<Ipv4Address, WorkloadId> newOwnerByAddress = new HashMap<>();
        for (String key : changedKeys) {
            Entry entry = candidate.get(Kind.WORKLOAD, key).orElse(null);
            if (entry == null) {
                continue;
            }
            Workload workload = (Workload) entry.domain();
            if (!namespaces.contains(workload.namespace()) || !workload.problems("").isEmpty()) {
                return false;
            }
            String id = workload.id().toString();
            String otherKey = keyById.get(id);
            if (otherKey != null && !changedKeys.contains(otherKey) || newKeyById.put(id, key) != null) {
                return false;
            }
            for (Ipv4Address address : workload.addresses()) {
                WorkloadId owner = ownerByAddress.get(address);
                if (owner != null && !owner.equals(workload.id())
                        && !changedKeys.contains(keyById.get(owner.toString()))) {
                    return false;
                }
                WorkloadId newOwner = newOwnerByAddress.putIfAbsent(address, workload.id());
                if (newOwner != null && !newOwner.equals(workload.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Describes {@code candidate} from now on: the indexed snapshot changed by {@code writes}, a valid model. */
    void advance(Snapshot candidate, List<Write> writes) {
        Set<String> changedKeys = workloadKeys(writes);
        for (String key : changedKeys) {
            indexed.get(Kind.WORKLOAD, key).ifPresent(entry -> {
                Workload workload = (Workload) entry.domain();
                keyById.remove(workload.id().toString());
                workload.addresses().forEach(address -> ownerByAddress.remove(address, workload.id()));
            });
        }
        for (String key : changedKeys) {
            candidate.get(Kind.WORKLOAD, key).ifPresent(entry -> {
                Workload workload = (Workload) entry.domain();
                keyById.put(workload.id().toString(), key);
                workload.addresses().forEach(address -> ownerByAddress.put(address, workload.id()));
            });
        }
        if (writes.stream().anyMatch(write -> write.kind() == Kind.NAMESPACE)) {
            namespaces.clear();
            namespaces.add(Namespace.DEFAULT);
            candidate.model().namespaces().forEach(namespace -> namespaces.add(namespace.name()));
        }
        indexed = candidate;
    }

    private static Set<String> workloadKeys(List<Write> writes) {
        Set<String> keys = new HashSet<>();
        for (Write write : writes) {
            if (write.kind() == Kind.WORKLOAD) {
                keys.add(write.key());
            }
        }
        return keys;
    }
}
