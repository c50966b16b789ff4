package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage output: each workload's flows (sorted by workload id, one per workload) and their per-switch counts. The
 * functions take the previous list to keep the flows of a workload whose inputs are the same objects.
 */
record WorkloadFlowList(List<WorkloadFlows> flows, WorkloadCounts counts) {

    /**
     * The workloads' flows per switch (same on every switch), spoof drops (gateway switch) and port security (per
     * switch) of one list of workload flows: carried to the next compilation and corrected by the workloads whose
     * flows are not the same, so a small change does not count all workloads again.
     */
    static final class WorkloadCounts {
        /** The list these counts are of (set once it is built). */
        List<WorkloadFlows> counted;
        int perSwitch;
        int spoofs;
        final Map<DatapathId, Integer> portSecurity;

        private WorkloadCounts(List<WorkloadFlows> counted, int perSwitch, int spoofs,
                Map<DatapathId, Integer> portSecurity) {
            this.counted = counted;
            this.perSwitch = perSwitch;
            this.spoofs = spoofs;
            this.portSecurity = portSecurity;
        }

        /** A copy of {@code carried} when it counts {@code flows}, else {@code flows} counted now. */
        static WorkloadCounts of(List<WorkloadFlows> flows, WorkloadCounts carried) {
            if (carried != null && carried.counted == flows) {
                return new WorkloadCounts(flows, carried.perSwitch, carried.spoofs,
                        new HashMap<>(carried.portSecurity));
            }
            WorkloadCounts counts = new WorkloadCounts(flows, 0, 0, new HashMap<>());
            for (WorkloadFlows workload : flows) {
                counts.add(workload, 1);
            }
            return counts;
        }

        void add(WorkloadFlows flows, int sign) {
            perSwitch += sign * flows.flowsPerSwitch();
            spoofs += sign * flows.gatewaySpoof.size();
            if (flows.location.isPresent()) {
                portSecurity.merge(flows.location.get().dpid(), sign * flows.portSecurity.size(), Integer::sum);
            }
        }
    }

    /** The list, immutable, with {@code counts} now counting it. */
    static WorkloadFlowList of(List<WorkloadFlows> flows, WorkloadCounts counts) {
        List<WorkloadFlows> list = List.copyOf(flows); // immutable: the result keeps this very list
        counts.counted = list;
        return new WorkloadFlowList(list, counts);
    }

    /**
     * Each workload's flows: the previous compilation's when the workload, its identity ids and the network are
     * the same (both lists are sorted by workload id, so one walk pairs them).
     */
    static List<WorkloadFlows> walk(List<Workload> workloads, List<WorkloadFlows> previous,
            Identities identities, NetworkView view, WorkloadFlows.Instructions instructions,
            WorkloadCounts counts) {
        List<WorkloadFlows> out = new ArrayList<>(workloads.size());
        Set<Integer> moved = identities.movedIds();
        boolean incremental = identities.gone() != null;
        int i = 0;
        for (Workload workload : workloads) {
            WorkloadFlows old = null;
            while (i < previous.size()) {
                WorkloadFlows candidate = previous.get(i);
                if (candidate.workload == workload) {
                    old = candidate;
                    i++;
                    break;
                }
                int order = SortedWorkloads.compare(candidate.workload, workload);
                if (order < 0) {
                    counts.add(candidate, -1); // its workload is gone
                    i++;
                    continue;
                }
                if (order == 0) {
                    old = candidate;
                    i++;
                }
                break;
            }
            if (incremental && old != null && old.workload == workload
                    && old.view == view && !movedAny(old.ids, moved)) {
                out.add(old); // same workload, same ids, same network
                continue;
            }
            out.add(rebuilt(workload, old, identities, view, instructions, counts));
        }
        for (; i < previous.size(); i++) {
            counts.add(previous.get(i), -1); // its workload is gone
        }
        return out;
    }

    /**
     * {@link #walk} when the previous flows are of {@code before} (one per workload, in order), on an equal network,
     * and the workloads are {@code before} less {@code removed} plus {@code added}: only
     * the added workloads and those with an address in an identity that is gone (whose ids may have moved) are looked
     * at; every other workload keeps its previous flows, as the full walk would give.
     */
    static List<WorkloadFlows> patched(List<Workload> workloads, List<Workload> before, List<WorkloadFlows> previous,
            List<Workload> removed, List<Workload> added, Identities identities, NetworkView view,
            WorkloadFlows.Instructions instructions, WorkloadCounts counts) {
        boolean[] dropped = new boolean[before.size()];
        Map<Workload, WorkloadFlows> replaced = new IdentityHashMap<>();
        for (Workload gone : removed) {
            int at = Collections.binarySearch(before, gone, SortedWorkloads::compare);
            dropped[at] = true;
        }
        boolean[] fresh = new boolean[workloads.size()];
        for (Workload workload : added) {
            fresh[Collections.binarySearch(workloads, workload, SortedWorkloads::compare)] = true;
            int at = Collections.binarySearch(before, workload, SortedWorkloads::compare);
            if (at >= 0 && dropped[at]) {
                replaced.put(workload, previous.get(at)); // the same id: its flows are the old ones' successor
            }
        }
        for (int at = 0; at < dropped.length; at++) {
            if (dropped[at] && !replaced.containsValue(previous.get(at))) {
                counts.add(previous.get(at), -1); // its workload is gone
            }
        }
        boolean[] revisit = new boolean[workloads.size()];
        for (Identities.Identity gone : identities.gone()) {
            for (Identities.Member member : gone.members()) {
                if (member.owner() != null) {
                    int at = Collections.binarySearch(workloads, member.owner(), SortedWorkloads::compare);
                    if (at >= 0) {
                        revisit[at] = true;
                    }
                }
            }
        }
        // the kept flows are moved as plain references (typed Object: no cast, so the objects are not touched)
        List<Object> out = new ArrayList<>(workloads.size());
        List<?> kept = previous;
        int j = 0;
        for (int k = 0; k < workloads.size(); k++) {
            WorkloadFlows old;
            if (fresh[k]) {
                old = replaced.get(workloads.get(k));
            } else {
                while (dropped[j]) {
                    j++;
                }
                Object same = kept.get(j++);
                if (!revisit[k]) {
                    out.add(same); // same workload (or an equal one), same ids, same network
                    continue;
                }
                old = (WorkloadFlows) same;
            }
            out.add(rebuilt(workloads.get(k), old, identities, view, instructions, counts));
        }
        @SuppressWarnings("unchecked")
        List<WorkloadFlows> flows = (List<WorkloadFlows>) (List<?>) out;
        return flows;
    }

    /** A workload's flows for its current ids: {@code old} itself when they are equal. */
    private static WorkloadFlows rebuilt(Workload workload, WorkloadFlows old, Identities identities,
            NetworkView view, WorkloadFlows.Instructions instructions, WorkloadCounts counts) {
        int[] ids = new int[workload.addresses().size()];
        for (int a = 0; a < ids.length; a++) {
            ids[a] = identities.idOfWorkloadAddress(workload.addresses().get(a));
        }
        WorkloadFlows flows = WorkloadFlows.of(workload, ids, view, instructions, old);
        if (flows != old) {
            if (old != null) {
                counts.add(old, -1);
            }
            counts.add(flows, 1);
            for (DatapathId dpid : view.switches()) {
                flows.forwardingAt(dpid, instructions); // built (and checked) now, not when first asked for
            }
        }
        return flows;
    }

    private static boolean movedAny(int[] ids, Set<Integer> moved) {
        if (moved.isEmpty()) {
            return false;
        }
        for (int id : ids) {
            if (moved.contains(id)) {
                return true;
            }
        }
        return false;
    }
}
