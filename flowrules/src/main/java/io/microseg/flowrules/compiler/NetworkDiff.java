package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The differ: the flow changes between two compilations, per switch. When both are of an equal network view (the
 * usual case: a compilation with the previous result), only what is not shared by reference is compared: the shared
 * fragments only one side has, the workloads whose flows are not the same objects, a switch's own part when it
 * changed. Otherwise every switch's full lists are compared. Either way the result is {@link FlowDiff#between} of
 * the full lists ({@code IncrementalCompileTest} checks it).
 */
final class NetworkDiff {

    private NetworkDiff() {
    }

    /**
     * Per switch, the changes that take it from {@code before} (what was desired, so presumably installed) to
     * {@code after}. A switch new in {@code after} gets all its flows; a switch gone from it gets all of its old flows
     * deleted.
     */
    static Map<DatapathId, FlowDiff> between(CompiledNetwork after, CompiledNetwork before) {
        Map<DatapathId, CompiledNetwork.SwitchPart> switches = after.parts();
        NetworkView view = after.view();
        Set<DatapathId> all = new HashSet<>(switches.keySet());
        all.addAll(before.parts().keySet());
        List<DatapathId> sorted = new ArrayList<>(all);
        Collections.sort(sorted);
        boolean incremental = view != null && before.view() != null && (view == before.view() || view.equals(before.view()))
                && switches.keySet().equals(before.parts().keySet());
        Map<DatapathId, FlowDiff> diffs = new LinkedHashMap<>();
        if (!incremental) {
            sorted.forEach(dpid -> diffs.put(dpid, FlowDiff.between(after.flowsOf(dpid), before.flowsOf(dpid))));
            return diffs;
        }
        List<FlowEntry> sharedAfter = new ArrayList<>();
        List<FlowEntry> sharedBefore = new ArrayList<>();
        differing(before.sourceRegions(), after.sourceRegions(), sharedBefore, sharedAfter);
        differing(before.destinationRegions(), after.destinationRegions(), sharedBefore, sharedAfter);
        differingChunks(before.shared(), after.shared(), sharedBefore, sharedAfter);
        List<WorkloadFlows> changedBefore = new ArrayList<>();
        List<WorkloadFlows> changedAfter = new ArrayList<>();
        changedWorkloads(before.workloadFlows(), after.workloadFlows(), changedBefore, changedAfter);
        for (DatapathId dpid : sorted) {
            CompiledNetwork.SwitchPart now = switches.get(dpid);
            CompiledNetwork.SwitchPart then = before.parts().get(dpid);
            List<FlowEntry> desired = new ArrayList<>(sharedAfter);
            List<FlowEntry> installed = new ArrayList<>(sharedBefore);
            if (now != then && !now.equals(then)) {
                addPart(desired, now);
                addPart(installed, then);
            }
            for (WorkloadFlows workload : changedAfter) {
                addWorkload(desired, workload, dpid, now, after.instructions());
            }
            for (WorkloadFlows workload : changedBefore) {
                addWorkload(installed, workload, dpid, then, before.instructions());
            }
            desired.sort(CompiledNetwork.ORDER);
            installed.sort(CompiledNetwork.ORDER);
            diffs.put(dpid, FlowDiff.between(desired, installed));
        }
        return diffs;
    }

    private static void addPart(List<FlowEntry> into, CompiledNetwork.SwitchPart part) {
        into.addAll(part.skeleton());
        into.addAll(part.ports());
        into.addAll(part.trunks());
        if (part.gateway()) {
            into.addAll(part.gatewayPort());
        }
        into.addAll(part.gatewayForwarding());
    }

    private static void addWorkload(List<FlowEntry> into, WorkloadFlows workload, DatapathId dpid,
            CompiledNetwork.SwitchPart part,
            WorkloadFlows.Instructions instructions) {
        boolean local = workload.isLocal(dpid);
        if (local) {
            into.addAll(workload.portSecurity);
        }
        if (part.gateway()) {
            into.addAll(workload.gatewaySpoof);
        }
        into.addAll(workload.sourceIdentity);
        into.addAll(local ? workload.localDestination : workload.remoteDestination);
        into.addAll(workload.forwardingAt(dpid, instructions));
    }

    /**
     * The entries of the fragments only one side has (by reference) that the other side's such fragments do not
     * have with the same key and instructions. Keys are unique over all fragments, so an entry of a fragment both
     * sides share cannot be anywhere else.
     */
    static void differingChunks(List<List<FlowEntry>> before, List<List<FlowEntry>> after,
            List<FlowEntry> onlyBefore, List<FlowEntry> onlyAfter) {
        if (before == after) {
            return;
        }
        Set<List<FlowEntry>> old = Collections.newSetFromMap(new IdentityHashMap<>(before.size() * 2));
        old.addAll(before);
        Set<List<FlowEntry>> now = Collections.newSetFromMap(new IdentityHashMap<>(after.size() * 2));
        now.addAll(after);
        List<FlowEntry> gone = new ArrayList<>();
        List<FlowEntry> come = new ArrayList<>();
        for (List<FlowEntry> chunk : before) {
            if (!now.contains(chunk)) {
                gone.addAll(chunk);
            }
        }
        for (List<FlowEntry> chunk : after) {
            if (!old.contains(chunk)) {
                come.addAll(chunk);
            }
        }
        differing(gone, come, onlyBefore, onlyAfter);
    }

    /** The entries of each list that the other does not have with the same key and instructions. */
    static void differing(List<FlowEntry> before, List<FlowEntry> after, List<FlowEntry> onlyBefore,
            List<FlowEntry> onlyAfter) {
        if (before == after) {
            return;
        }
        Map<FlowKey, FlowEntry> old = new HashMap<>(before.size() * 2);
        for (FlowEntry entry : before) {
            old.put(entry.key(), entry);
        }
        Set<FlowKey> kept = new HashSet<>();
        for (FlowEntry entry : after) {
            FlowKey key = entry.key();
            FlowEntry was = old.get(key);
            if (was != null && was.instructions().equals(entry.instructions())) {
                kept.add(key);
            } else {
                onlyAfter.add(entry);
            }
        }
        for (FlowEntry entry : before) {
            if (!kept.contains(entry.key())) {
                onlyBefore.add(entry);
            }
        }
    }

    /** Workloads whose flows are not the very same objects in both (both lists are sorted by workload id). */
    static void changedWorkloads(List<WorkloadFlows> before, List<WorkloadFlows> after,
            List<WorkloadFlows> changedBefore, List<WorkloadFlows> changedAfter) {
        int i = 0;
        int j = 0;
        List<?> was = before; // compared as plain references first (typed Object: no cast touches the objects)
        List<?> is = after;
        while (i < before.size() || j < after.size()) {
            Object then = i < was.size() ? was.get(i) : null;
            Object same = j < is.size() ? is.get(j) : null;
            if (then != null && then == same) {
                i++;
                j++;
                continue;
            }
            WorkloadFlows old = (WorkloadFlows) then;
            WorkloadFlows now = (WorkloadFlows) same;
            int order = old == null ? 1 : now == null ? -1 : old.workload.id().compareTo(now.workload.id());
            if (order == 0) {
                changedBefore.add(old);
                changedAfter.add(now);
                i++;
                j++;
            } else if (order < 0) {
                changedBefore.add(old);
                i++;
            } else {
                changedAfter.add(now);
                j++;
            }
        }
    }
}
