package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.ListChanges;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Stage output: the model's workloads sorted by id (namespace, then name), and which workloads were removed and added
 * since the previous sorted list when that is known ({@link #known()}; both empty and not known after a full sort).
 */
record SortedWorkloads(List<Workload> all, boolean known, List<Workload> removed, List<Workload> added) {

    static final SortedWorkloads NONE = new SortedWorkloads(List.of(), false, List.of(), List.of());

    /**
     * The workloads of {@code model}; when it derives from {@code was} (whose workloads sorted are {@code before}) by
     * a few changes, sorted by patching {@code before}: the removed ones out, the new ones in by binary search.
     */
    static SortedWorkloads of(PolicyModel model, PolicyModel was, List<Workload> before) {
        ListChanges.Changes changes = before.size() == was.workloads().size()
                ? ListChanges.between(was.workloads(), model.workloads(), 256) : null;
        if (changes != null && changes.size() == 0 && !before.isEmpty()) {
            return new SortedWorkloads(before, true, List.of(), List.of());
        }
        if (changes == null || before.isEmpty()) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            workloads.sort(SortedWorkloads::compare);
            return new SortedWorkloads(workloads, false, List.of(), List.of());
        }
        Set<Workload> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Workload> removedList = new ArrayList<>();
        List<Workload> addedList = new ArrayList<>();
        for (int index : changes.removed()) {
            removed.add(was.workloads().get(index));
            removedList.add(was.workloads().get(index));
        }
        List<Workload> workloads = new ArrayList<>(before.size() + changes.added().length);
        for (Workload workload : before) {
            if (!removed.remove(workload)) {
                workloads.add(workload);
            }
        }
        for (int index : changes.added()) {
            Workload workload = model.workloads().get(index);
            addedList.add(workload);
            int at = Collections.binarySearch(workloads, workload, SortedWorkloads::compare);
            workloads.add(at < 0 ? -at - 1 : at, workload);
        }
        return new SortedWorkloads(workloads, true, removedList, addedList);
    }

    /** Workload id order: namespace, then name. */
    static int compare(Workload a, Workload b) {
        int order = a.namespace().compareTo(b.namespace());
        return order != 0 ? order : a.name().compareTo(b.name());
    }
}
