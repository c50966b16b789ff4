package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flows that depend on where things are but not on one workload: trunk and gateway ports, classification of
 * bare-address regions, forwarding toward the gateway. A workload's own port security, classification, forwarding
 * and ARP flows are in {@link WorkloadFlows}.
 */
final class SwitchFlows {

    private final NetworkView view;
    private final Identities identities;

    SwitchFlows(NetworkView view, List<Workload> workloads, Identities identities) {
        this.view = view;
        this.identities = identities;
    }

    /** What only this switch has besides its workloads' flows; {@code ports}: its per-port flows ({@link PortFlows}). */
    CompiledNetwork.SwitchPart part(DatapathId dpid, List<FlowEntry> skeleton, List<FlowEntry> ports) {
        Cookie cookie = Cookie.of(FlowCategory.PORT_SECURITY, 0);
        List<FlowEntry> trunks = new ArrayList<>();
        // trunks are trusted (sorted so the order does not depend on the view's set)
        List<ConnectPoint> points = new ArrayList<>(view.trunks());
        points.sort(null);
        for (ConnectPoint trunk : points) {
            if (trunk.dpid().equals(dpid)) {
                trunks.add(origin(trunk.port(), Priorities.TRUNK_PORT, Marks.FROM_TRUNK, cookie));
                trunks.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.TRUNK_PORT,
                        FlowMatch.builder().inPort(trunk.port()).ethType(MatchField.EthType.ARP).build(), cookie,
                        new Instruction.GotoTable(Tables.ARP)));
                // the probes that keep this link alive have a meter of their own: other ports' LLDP cannot starve them
                trunks.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.LLDP_TRUNK,
                        FlowMatch.builder().inPort(trunk.port()).ethType(MatchField.EthType.LLDP).build(), cookie,
                        new Instruction.Meter(Meters.LLDP_TRUNK), Instruction.ApplyActions.of(Action.Output.toController())));
            }
        }
        List<FlowEntry> gatewayPort = new ArrayList<>();
        boolean gateway = view.gateway().isPresent() && view.gateway().get().dpid().equals(dpid);
        if (gateway) {
            PortNumber port = view.gateway().get().port();
            gatewayPort.add(origin(port, Priorities.GATEWAY_PORT, Marks.FROM_GATEWAY, cookie));
            gatewayPort.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.GATEWAY_PORT,
                    FlowMatch.builder().inPort(port).ethType(MatchField.EthType.ARP).build(), cookie,
                    new Instruction.GotoTable(Tables.ARP)));
        }
        return new CompiledNetwork.SwitchPart(skeleton, trunks, gateway, gatewayPort, gatewayForwarding(dpid), ports);
    }

    private static FlowEntry origin(PortNumber port, int priority, long mark, Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, priority,
                FlowMatch.builder().inPort(port).ethType(MatchField.EthType.IPV4).build(), cookie,
                new Instruction.WriteMetadata(mark, Marks.ORIGIN_MASK), new Instruction.GotoTable(Tables.CONNTRACK));
    }

    /** Source regions of bare addresses to identity: the same on every switch. */
    List<FlowEntry> sourceRegions() {
        List<FlowEntry> flows = new ArrayList<>();
        for (Identities.Region region : identities.regions()) {
            flows.add(FlowEntry.of(Tables.SOURCE_IDENTITY, Priorities.REGION_BASE + region.prefix().length(),
                    FlowMatch.builder().ipv4Src(region.prefix()).build(),
                    Cookie.of(FlowCategory.IDENTITY, region.identity()),
                    Instruction.ApplyActions.of(new Action.SetField(Marks.SOURCE_ID, region.identity())),
                    new Instruction.GotoTable(Tables.DESTINATION_IDENTITY)));
        }
        return flows;
    }

    /** Destination regions of bare addresses to identity: the same on every switch. */
    List<FlowEntry> destinationRegions() {
        List<FlowEntry> flows = new ArrayList<>();
        for (Identities.Region region : identities.regions()) {
            flows.add(FlowEntry.of(Tables.DESTINATION_IDENTITY, Priorities.REGION_BASE + region.prefix().length(),
                    FlowMatch.builder().ipv4Dst(region.prefix()).build(),
                    Cookie.of(FlowCategory.IDENTITY, region.identity()),
                    Instruction.ApplyActions.of(new Action.SetField(Marks.DESTINATION_ID, region.identity())),
                    new Instruction.GotoTable(Tables.EGRESS_SOURCE_BITS)));
        }
        return flows;
    }

    /**
     * Anything not a workload address goes toward the gateway, if there is one (a workload's address goes to its
     * port when local, else to the next hop toward its switch, and is dropped when unreachable: see
     * {@link WorkloadFlows}). ARP is never flooded: a request for a workload with a MAC is answered by the switch, other
     * ARP goes only to its target, and ARP for an address no workload has toward the gateway.
     */
    private List<FlowEntry> gatewayForwarding(DatapathId dpid) {
        List<FlowEntry> flows = new ArrayList<>();
        Optional<PortNumber> gateway = view.gateway().flatMap(at -> view.portToward(dpid, at));
        if (gateway.isPresent()) {
            Cookie cookie = Cookie.of(FlowCategory.FORWARDING, 0);
            flows.add(FlowEntry.of(Tables.FORWARD, Priorities.TO_GATEWAY,
                    FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                    Instruction.ApplyActions.of(Action.Output.to(gateway.get())),
                    new Instruction.GotoTable(Tables.REPORT)));
            flows.add(FlowEntry.of(Tables.ARP, Priorities.TO_GATEWAY,
                    FlowMatch.builder().ethType(MatchField.EthType.ARP).build(), Cookie.of(FlowCategory.ARP, 0),
                    Instruction.ApplyActions.of(Action.Output.to(gateway.get()))));
        }
        return flows;
    }
}
