package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Table-0 flows of one switch that exist per port (attack 2 of issue 9: one port must not starve the others):
 * LLDP from a workload port is dropped in the switch (once per port, however many workloads share it), and IPv4/ARP
 * no flow vouches for goes to the controller through a meter of its own port, so a host flooding unknown frames
 * fills only its own meter.
 */
final class PortFlows {

    private PortFlows() {
    }

    /** The per-port flows of every switch of the view, from where its workloads attach. */
    static Map<DatapathId, List<FlowEntry>> perSwitch(NetworkView view, List<WorkloadFlows> workloads) {
        Map<DatapathId, Set<PortNumber>> workloadPorts = new HashMap<>();
        for (WorkloadFlows workload : workloads) {
            workload.location.ifPresent(at -> workloadPorts.computeIfAbsent(at.dpid(), d -> new HashSet<>()).add(at.port()));
        }
        Map<DatapathId, List<FlowEntry>> flows = new HashMap<>();
        for (DatapathId dpid : view.switches()) {
            flows.put(dpid, of(dpid, view, workloadPorts.getOrDefault(dpid, Set.of())));
        }
        return flows;
    }

    /** Whether every switch of {@code parts} has exactly these per-port flows (so the parts can be reused). */
    static boolean unchanged(Map<DatapathId, CompiledNetwork.SwitchPart> parts, Map<DatapathId, List<FlowEntry>> flows) {
        for (Map.Entry<DatapathId, CompiledNetwork.SwitchPart> part : parts.entrySet()) {
            if (!part.getValue().ports().equals(flows.getOrDefault(part.getKey(), List.of()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The per-port flows of switch {@code dpid}: an LLDP drop for each port in {@code workloadPorts}, and the
     * per-port unknown-host punts of the view's ports that are neither trunks nor the gateway (whose IPv4 and ARP
     * never reach the punt), at most {@link Meters#MAX_PORT_METERS} of them, lowest port numbers first; the rest
     * keep the shared punt (meter 1) of the skeleton.
     */
    static List<FlowEntry> of(DatapathId dpid, NetworkView view, Collection<PortNumber> workloadPorts) {
        List<FlowEntry> flows = new ArrayList<>();
        Cookie security = Cookie.of(FlowCategory.PORT_SECURITY, 0);
        for (PortNumber port : new TreeSet<>(workloadPorts)) {
            flows.add(lldpDrop(port, security));
        }
        Cookie punt = Cookie.of(FlowCategory.SKELETON, 0);
        for (PortNumber port : meteredPorts(dpid, view)) {
            long meter = Meters.unknownHostPort(port).orElseThrow();
            flows.add(unknownHostToController(port, MatchField.EthType.IPV4, meter, punt));
            flows.add(unknownHostToController(port, MatchField.EthType.ARP, meter, punt));
        }
        return List.copyOf(flows);
    }

    /**
     * The ports of {@code dpid} that get an unknown-host meter of their own: every port the view knows that may have
     * one (not a trunk, not the gateway, a number up to {@link Meters#MAX_METERED_PORT}), the lowest
     * {@link Meters#MAX_PORT_METERS}.
     */
    static SortedSet<PortNumber> meteredPorts(DatapathId dpid, NetworkView view) {
        Optional<ConnectPoint> gateway = view.gateway();
        SortedSet<PortNumber> metered = new TreeSet<>();
        for (PortNumber port : view.portsOf(dpid)) {
            if (metered.size() == Meters.MAX_PORT_METERS) {
                break;
            }
            ConnectPoint point = ConnectPoint.of(dpid, port);
            if (Meters.unknownHostPort(port).isPresent() && !view.isTrunk(point)
                    && !gateway.map(point::equals).orElse(false)) {
                metered.add(port);
            }
        }
        return metered;
    }

    /**
     * A workload's port is never a trunk, so no LLDP from it is ever useful: drop it in the switch (counted here)
     * rather than punting every frame of a host's flood to the controller.
     */
    static FlowEntry lldpDrop(PortNumber port, Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.LLDP_WORKLOAD_PORT,
                FlowMatch.builder().inPort(port).ethType(MatchField.EthType.LLDP).build(), cookie);
    }

    /** The unknown-host punt of one port, through that port's meter. */
    static FlowEntry unknownHostToController(PortNumber port, int ethType, long meter, Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, Priorities.UNKNOWN_HOST_PORT,
                FlowMatch.builder().inPort(port).ethType(ethType).build(), cookie, new Instruction.Meter(meter),
                Instruction.ApplyActions.of(Action.Output.toController()));
    }
}
