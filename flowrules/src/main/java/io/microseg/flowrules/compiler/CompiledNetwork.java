package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.ValidatedModel;
import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The desired flows of every switch for one model and network, plus what the next compilation needs to keep ids,
 * bits and priorities stable ({@link Allocations}) and what a packet-in's decision id means.
 *
 * <p>Held compactly: the flows every switch shares (rules, bits, regions) once, the flows each workload causes once
 * ({@link WorkloadFlows}, with a variant per port it is reached by), and per switch only its skeleton and trunk and
 * gateway ports. {@link #flowsOf} assembles a switch's list on demand. {@link #changesFrom} compares only what
 * changed when both compilations share the network view (the usual case: compile with the previous result).
 *
 * <p>This class is the result. The differ is {@link NetworkDiff}; what the next compilation reuses (the caches) is
 * the {@link StageResults} it carries, and what it keeps stable (history) its {@link Allocations} and epoch basis.
 */
public final class CompiledNetwork {

    /** Entry counts: identities, flows over all switches, rule flows (tiered and NetworkPolicy), enumerated ids. */
    public record Stats(int identities, int totalFlows, int ruleFlows, int enumeratedIdentities) {
    }

    /**
     * What only one switch has: its skeleton, trunk ports, the gateway port's flows if it holds the gateway, and its
     * per-port flows ({@link PortFlows}: LLDP drops of workload ports, per-port unknown-host punts).
     */
    record SwitchPart(List<FlowEntry> skeleton, List<FlowEntry> trunks, boolean gateway, List<FlowEntry> gatewayPort,
            List<FlowEntry> gatewayForwarding, List<FlowEntry> ports) {
        SwitchPart {
            skeleton = List.copyOf(skeleton);
            ports = List.copyOf(ports);
            trunks = List.copyOf(trunks);
            gatewayPort = List.copyOf(gatewayPort);
            gatewayForwarding = List.copyOf(gatewayForwarding);
        }
    }

    /** The order of a switch's flows: by table, then priority (highest first). */
    static final Comparator<FlowEntry> ORDER = Comparator.comparingInt(FlowEntry::table)
            .thenComparing(Comparator.comparingInt(FlowEntry::priority).reversed());

    private final Map<DatapathId, SwitchPart> switches;
    private final List<WorkloadFlows> workloads;
    private final List<FlowEntry> sourceRegions;
    private final List<FlowEntry> destinationRegions;
    /** The shared rule and bits flows in order, as the fragments they were built in (compared by reference). */
    private final List<List<FlowEntry>> shared;
    private final int sharedCount;
    private final WorkloadFlows.Instructions instructions;
    private final NetworkView view;
    private final Map<Integer, String> decisions;
    private final Stats stats;
    private final Allocations allocations;
    private final StageResults state;
    /** The decision flows the next compilation compares with to decide its epoch; null when there are none. */
    private final Epochs.Basis basis;

    CompiledNetwork(Map<DatapathId, SwitchPart> switches, List<WorkloadFlows> workloads, List<FlowEntry> sourceRegions,
            List<FlowEntry> destinationRegions, List<List<FlowEntry>> shared, WorkloadFlows.Instructions instructions,
            NetworkView view, Map<Integer, String> decisions,
            Stats stats, Allocations allocations, StageResults state) {
        this(switches, workloads, sourceRegions, destinationRegions, shared, instructions, view,
                decisions, stats, allocations, state, null);
    }

    private CompiledNetwork(Map<DatapathId, SwitchPart> switches, List<WorkloadFlows> workloads,
            List<FlowEntry> sourceRegions, List<FlowEntry> destinationRegions, List<List<FlowEntry>> shared,
            WorkloadFlows.Instructions instructions, NetworkView view,
            Map<Integer, String> decisions, Stats stats, Allocations allocations, StageResults state,
            Epochs.Basis basis) {
        this.switches = switches instanceof TreeMap<DatapathId, SwitchPart> sorted ? Collections.unmodifiableMap(sorted)
                : Collections.unmodifiableMap(new TreeMap<>(switches));
        this.workloads = List.copyOf(workloads);
        this.sourceRegions = List.copyOf(sourceRegions);
        this.destinationRegions = List.copyOf(destinationRegions);
        this.shared = List.copyOf(shared);
        this.sharedCount = shared.stream().mapToInt(List::size).sum();
        this.instructions = instructions;
        this.view = view;
        this.decisions = Collections.unmodifiableMap(decisions);
        this.stats = stats;
        this.allocations = allocations;
        this.state = state;
        this.basis = basis != null ? basis : view == null ? null
                : new Epochs.Basis(this.sourceRegions, this.destinationRegions, this.shared, this.workloads);
    }

    /** The caches: what the next compilation may reuse of this one (nothing for {@link #empty()}). */
    StageResults state() {
        return state;
    }

    Map<DatapathId, SwitchPart> parts() {
        return switches;
    }

    List<FlowEntry> sourceRegions() {
        return sourceRegions;
    }

    List<FlowEntry> destinationRegions() {
        return destinationRegions;
    }

    NetworkView view() {
        return view;
    }

    /** The policy epoch this compilation commits connections in (ct_mark). */
    public long epoch() {
        return allocations.epoch;
    }

    /** No switches, no allocations: the starting point for the first compilation. */
    public static CompiledNetwork empty() {
        return new CompiledNetwork(Map.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                Map.of(), new Stats(0, 0, 0, 0), Allocations.NONE, StageResults.NONE);
    }

    /**
     * Where to compile from after a restart: nothing but the allocations of {@code state} (as
     * {@link #allocations()} gave them). Entries the next compilation cannot use are ignored, and what they were
     * for is allocated afresh, never onto an id, bit or priority another key keeps.
     */
    public static CompiledNetwork resume(AllocationState state) {
        return new CompiledNetwork(Map.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                Map.of(), new Stats(0, 0, 0, 0),
                Allocations.resumed(state), StageResults.NONE);
    }

    /**
     * This result with only its allocations (ids, bits, priorities, decision ids) and model: compiling with it
     * reuses nothing else, so it is what compiling with this result must give (the incremental tests compare them).
     * It keeps what the epoch is decided on: history, not a cache.
     */
    CompiledNetwork withoutCaches() {
        return new CompiledNetwork(Map.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                Map.of(), stats, allocations, StageResults.NONE, basis);
    }

    /** What the next compilation compares its decision flows with to decide its epoch (null: nothing compiled). */
    Epochs.Basis epochBasis() {
        return basis;
    }

    WorkloadFlows.Instructions instructions() {
        return instructions;
    }

    /** The model this was compiled from. */
    PolicyModel model() {
        return state.model().model();
    }

    /** The model this was compiled from, as validated: the next model derived from it is validated against it. */
    ValidatedModel validated() {
        return state.model();
    }

    List<WorkloadFlows> workloadFlows() {
        return workloads;
    }

    /** The shared rule and bits flows, as the fragments they were built in. */
    List<List<FlowEntry>> shared() {
        return shared;
    }

    public Map<Integer, String> decisions() {
        return decisions;
    }

    public Stats stats() {
        return stats;
    }

    /** What the next compilation keeps of this one: ids, bits, priorities, decision ids. */
    Allocations carried() {
        return allocations;
    }

    /**
     * The allocations of this compilation as a plain value, to store: compiling the same model from
     * {@link #resume} of it gives the same flows and decision ids as compiling it from this.
     */
    public AllocationState allocations() {
        return allocations.export();
    }

    /**
     * The conntrack zone allocated to a switch (also to one compiled before and absent now); empty for a switch never
     * compiled, or refused because no zone was free.
     */
    public OptionalInt zone(DatapathId dpid) {
        Integer zone = allocations.zones.get(dpid);
        return zone == null ? OptionalInt.empty() : OptionalInt.of(zone);
    }

    /** The switches of the network view left without flows because no conntrack zone of their own was free. */
    public Set<DatapathId> refused() {
        if (view == null) {
            return Set.of();
        }
        Set<DatapathId> refused = new TreeSet<>(view.switches());
        refused.removeAll(switches.keySet());
        return refused;
    }

    /** The switches this compilation has flows for, in order. */
    public Set<DatapathId> switches() {
        return switches.keySet();
    }

    /** Every switch's flows, assembled now (a list per switch; prefer {@link #flowsOf} for one switch). */
    public Map<DatapathId, List<FlowEntry>> flows() {
        Map<DatapathId, List<FlowEntry>> out = new TreeMap<>();
        switches.keySet().forEach(dpid -> out.put(dpid, flowsOf(dpid)));
        return Collections.unmodifiableMap(out);
    }

    /** A switch's flows, ordered by table, then priority (highest first); empty for a switch not compiled. */
    public List<FlowEntry> flowsOf(DatapathId dpid) {
        SwitchPart part = switches.get(dpid);
        if (part == null) {
            return List.of();
        }
        List<FlowEntry> flows = new ArrayList<>(count(dpid, part));
        flows.addAll(part.skeleton());
        flows.addAll(part.ports());
        for (WorkloadFlows workload : workloads) {
            if (workload.isLocal(dpid)) {
                flows.addAll(workload.portSecurity);
            }
        }
        flows.addAll(part.trunks());
        if (part.gateway()) {
            for (WorkloadFlows workload : workloads) {
                flows.addAll(workload.gatewaySpoof);
            }
            flows.addAll(part.gatewayPort());
        }
        for (WorkloadFlows workload : workloads) {
            flows.addAll(workload.sourceIdentity);
        }
        flows.addAll(sourceRegions);
        for (WorkloadFlows workload : workloads) {
            flows.addAll(workload.isLocal(dpid) ? workload.localDestination : workload.remoteDestination);
        }
        flows.addAll(destinationRegions);
        shared.forEach(flows::addAll);
        for (WorkloadFlows workload : workloads) {
            flows.addAll(workload.forwardingAt(dpid, instructions));
        }
        flows.addAll(part.gatewayForwarding());
        flows.sort(ORDER); // stable: ties keep the order above
        return Collections.unmodifiableList(flows);
    }

    /** How many flows a switch gets, without assembling them. */
    int count(DatapathId dpid, SwitchPart part) {
        int n = part.skeleton().size() + part.ports().size() + part.trunks().size() + sourceRegions.size()
                + destinationRegions.size()
                + sharedCount + part.gatewayForwarding().size();
        if (part.gateway()) {
            n += part.gatewayPort().size();
        }
        for (WorkloadFlows workload : workloads) {
            n += workload.flowsPerSwitch(); // source, destination, forward, ARP, ARP answers
            if (workload.isLocal(dpid)) {
                n += workload.portSecurity.size();
            }
            if (part.gateway()) {
                n += workload.gatewaySpoof.size();
            }
        }
        return n;
    }

    public Optional<String> decision(long id) {
        return Optional.ofNullable(decisions.get((int) id));
    }

    /**
     * Per switch, the changes that take it from {@code before} (what was desired, so presumably installed) to this.
     * A switch new here gets all its flows; a switch gone from here gets all of its old flows deleted.
     */
    public Map<DatapathId, FlowDiff> changesFrom(CompiledNetwork before) {
        return NetworkDiff.between(this, before);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledNetwork other && flows().equals(other.flows())
                && decisions.equals(other.decisions) && stats.equals(other.stats);
    }

    @Override
    public int hashCode() {
        return Objects.hash(switches.keySet(), decisions, stats);
    }

    @Override
    public String toString() {
        return "CompiledNetwork[" + switches.size() + " switches, " + stats + "]";
    }
}
