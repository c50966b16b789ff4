package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.topology.DatapathId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The desired flows of every switch for one model and network, plus what the next compilation needs to keep ids,
 * bits and priorities stable ({@link Allocations}) and what a packet-in's decision id means.
 *
 * @param flows per switch, ordered by table, then priority (highest first)
 * @param decisions decision id (cookie id of a deciding flow; reg6 / metadata[32..63] of a report) to its meaning
 * @param stats how big the compilation came out
 */
public record CompiledNetwork(Map<DatapathId, List<FlowEntry>> flows, Map<Integer, String> decisions, Stats stats,
        Allocations allocations) {

    /** Entry counts: identities, flows per switch in total, rule flows (tiered and NetworkPolicy), enumerated ids. */
    public record Stats(int identities, int totalFlows, int ruleFlows, int enumeratedIdentities) {
    }

    public CompiledNetwork {
        Map<DatapathId, List<FlowEntry>> copy = new TreeMap<>();
        flows.forEach((dpid, list) -> copy.put(dpid, List.copyOf(list)));
        flows = java.util.Collections.unmodifiableMap(copy);
        decisions = Map.copyOf(decisions);
    }

    /** No switches, no allocations: the starting point for the first compilation. */
    public static CompiledNetwork empty() {
        return new CompiledNetwork(Map.of(), Map.of(), new Stats(0, 0, 0, 0), Allocations.NONE);
    }

    public List<FlowEntry> flowsOf(DatapathId dpid) {
        return flows.getOrDefault(dpid, List.of());
    }

    public Optional<String> decision(long id) {
        return Optional.ofNullable(decisions.get((int) id));
    }

    /**
     * Per switch, the changes that take it from {@code before} (what was desired, so presumably installed) to this.
     * A switch new here gets all its flows; a switch gone from here gets all of its old flows deleted.
     */
    public Map<DatapathId, FlowDiff> changesFrom(CompiledNetwork before) {
        Set<DatapathId> switches = new HashSet<>(flows.keySet());
        switches.addAll(before.flows.keySet());
        Map<DatapathId, FlowDiff> diffs = new LinkedHashMap<>();
        switches.stream().sorted().forEach(dpid -> diffs.put(dpid, FlowDiff.between(flowsOf(dpid), before.flowsOf(dpid))));
        return diffs;
    }
}
