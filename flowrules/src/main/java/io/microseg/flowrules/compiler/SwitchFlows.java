package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The flows that depend on where things are: port security, address classification, forwarding and ARP. */
final class SwitchFlows {

    private final NetworkView view;
    private final List<Workload> workloads;
    private final Identities identities;
    private final int generation;

    SwitchFlows(NetworkView view, List<Workload> workloads, Identities identities, int generation) {
        this.view = view;
        this.workloads = workloads;
        this.identities = identities;
        this.generation = generation;
    }

    /** Anti-spoofing: only a workload's own (port, MAC, IP) is vouched for; trunks are trusted; the gateway is not. */
    List<FlowEntry> portSecurity(DatapathId dpid) {
        List<FlowEntry> flows = new ArrayList<>();
        for (Workload workload : workloads) {
            Optional<ConnectPoint> at = view.locate(workload);
            if (at.isEmpty() || !at.get().dpid().equals(dpid)) {
                continue;
            }
            for (Ipv4Address address : workload.addresses()) {
                Cookie cookie = Cookie.of(FlowCategory.PORT_SECURITY, generation, identities.idOfWorkloadAddress(address));
                FlowMatch.Builder ip = FlowMatch.builder().inPort(at.get().port()).ipv4Src(address);
                workload.mac().ifPresent(ip::ethSrc);
                flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.WORKLOAD_PORT, ip.build(), cookie,
                        new Instruction.WriteMetadata(Marks.FROM_LOCAL, Marks.ORIGIN_MASK),
                        new Instruction.GotoTable(Tables.CONNTRACK)));
                FlowMatch.Builder arp = FlowMatch.builder().inPort(at.get().port())
                        .exact(MatchField.ARP_SPA, address.unsigned());
                workload.mac().ifPresent(mac -> arp.ethSrc(mac).exact(MatchField.ARP_SHA, mac.value()));
                flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.WORKLOAD_PORT, arp.build(), cookie,
                        new Instruction.GotoTable(Tables.ARP)));
            }
        }
        Cookie cookie = Cookie.of(FlowCategory.PORT_SECURITY, generation, 0);
        for (ConnectPoint trunk : view.trunks()) {
            if (trunk.dpid().equals(dpid)) {
                flows.add(origin(trunk.port(), Priorities.TRUNK_PORT, Marks.FROM_TRUNK, cookie));
                flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.TRUNK_PORT,
                        FlowMatch.builder().inPort(trunk.port()).ethType(MatchField.EthType.ARP).build(), cookie,
                        new Instruction.GotoTable(Tables.ARP)));
            }
        }
        if (view.gateway().isPresent() && view.gateway().get().dpid().equals(dpid)) {
            PortNumber port = view.gateway().get().port();
            for (Workload workload : workloads) {
                for (Ipv4Address address : workload.addresses()) {
                    flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.GATEWAY_SPOOF,
                            FlowMatch.builder().inPort(port).ipv4Src(address).build(), cookie));
                    flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.GATEWAY_SPOOF,
                            FlowMatch.builder().inPort(port).exact(MatchField.ARP_SPA, address.unsigned()).build(),
                            cookie));
                }
            }
            flows.add(origin(port, Priorities.GATEWAY_PORT, Marks.FROM_GATEWAY, cookie));
            flows.add(FlowEntry.of(Tables.PORT_SECURITY, Priorities.GATEWAY_PORT,
                    FlowMatch.builder().inPort(port).ethType(MatchField.EthType.ARP).build(), cookie,
                    new Instruction.GotoTable(Tables.ARP)));
        }
        return flows;
    }

    private static FlowEntry origin(PortNumber port, int priority, long mark, Cookie cookie) {
        return FlowEntry.of(Tables.PORT_SECURITY, priority,
                FlowMatch.builder().inPort(port).ethType(MatchField.EthType.IPV4).build(), cookie,
                new Instruction.WriteMetadata(mark, Marks.ORIGIN_MASK), new Instruction.GotoTable(Tables.CONNTRACK));
    }

    /** Source address to identity: the same on every switch (a remote source is re-derived from its address). */
    List<FlowEntry> sourceIdentity() {
        List<FlowEntry> flows = new ArrayList<>();
        for (Workload workload : workloads) {
            for (Ipv4Address address : workload.addresses()) {
                int id = identities.idOfWorkloadAddress(address);
                flows.add(FlowEntry.of(Tables.SOURCE_IDENTITY, Priorities.WORKLOAD_ADDRESS,
                        FlowMatch.builder().ipv4Src(address).build(), Cookie.of(FlowCategory.IDENTITY, generation, id),
                        Instruction.ApplyActions.of(new Action.SetField(Marks.SOURCE_ID, id)),
                        new Instruction.GotoTable(Tables.DESTINATION_IDENTITY)));
            }
        }
        for (Identities.Region region : identities.regions()) {
            flows.add(FlowEntry.of(Tables.SOURCE_IDENTITY, Priorities.REGION_BASE + region.prefix().length(),
                    FlowMatch.builder().ipv4Src(region.prefix()).build(),
                    Cookie.of(FlowCategory.IDENTITY, generation, region.identity()),
                    Instruction.ApplyActions.of(new Action.SetField(Marks.SOURCE_ID, region.identity())),
                    new Instruction.GotoTable(Tables.DESTINATION_IDENTITY)));
        }
        return flows;
    }

    /** Destination address to identity; a workload attached to this switch also gets the destination-local mark. */
    List<FlowEntry> destinationIdentity(DatapathId dpid) {
        List<FlowEntry> flows = new ArrayList<>();
        for (Workload workload : workloads) {
            boolean local = view.locate(workload).map(at -> at.dpid().equals(dpid)).orElse(false);
            for (Ipv4Address address : workload.addresses()) {
                int id = identities.idOfWorkloadAddress(address);
                List<Instruction> instructions = new ArrayList<>();
                instructions.add(Instruction.ApplyActions.of(new Action.SetField(Marks.DESTINATION_ID, id)));
                if (local) {
                    instructions.add(new Instruction.WriteMetadata(Marks.DESTINATION_LOCAL, Marks.DESTINATION_LOCAL));
                }
                instructions.add(new Instruction.GotoTable(Tables.EGRESS_SOURCE_BITS));
                flows.add(new FlowEntry(Tables.DESTINATION_IDENTITY, Priorities.WORKLOAD_ADDRESS,
                        FlowMatch.builder().ipv4Dst(address).build(), instructions,
                        Cookie.of(FlowCategory.IDENTITY, generation, id)));
            }
        }
        for (Identities.Region region : identities.regions()) {
            flows.add(FlowEntry.of(Tables.DESTINATION_IDENTITY, Priorities.REGION_BASE + region.prefix().length(),
                    FlowMatch.builder().ipv4Dst(region.prefix()).build(),
                    Cookie.of(FlowCategory.IDENTITY, generation, region.identity()),
                    Instruction.ApplyActions.of(new Action.SetField(Marks.DESTINATION_ID, region.identity())),
                    new Instruction.GotoTable(Tables.EGRESS_SOURCE_BITS)));
        }
        return flows;
    }

    /**
     * Forwarding and ARP: a workload's address goes to its port when local, else to the next hop toward its switch
     * (dropped when unreachable, never sent to the gateway); anything else goes toward the gateway, if there is one.
     * ARP goes only to its target (no flooding): the target answers the requester itself.
     */
    List<FlowEntry> forwarding(DatapathId dpid) {
        List<FlowEntry> flows = new ArrayList<>();
        for (Workload workload : workloads) {
            Optional<PortNumber> port = view.locate(workload).flatMap(at -> view.portToward(dpid, at));
            for (Ipv4Address address : workload.addresses()) {
                int id = identities.idOfWorkloadAddress(address);
                Cookie cookie = Cookie.of(FlowCategory.FORWARDING, generation, id);
                Cookie arpCookie = Cookie.of(FlowCategory.ARP, generation, id);
                FlowMatch ip = FlowMatch.builder().ipv4Dst(address).build();
                FlowMatch arp = FlowMatch.builder().arpTpa(address).build();
                if (port.isPresent()) {
                    flows.add(FlowEntry.of(Tables.FORWARD, Priorities.TO_WORKLOAD, ip, cookie,
                            Instruction.ApplyActions.of(Action.Output.to(port.get())),
                            new Instruction.GotoTable(Tables.REPORT)));
                    flows.add(FlowEntry.of(Tables.ARP, Priorities.TO_WORKLOAD, arp, arpCookie,
                            Instruction.ApplyActions.of(Action.Output.to(port.get()))));
                } else {
                    flows.add(FlowEntry.of(Tables.FORWARD, Priorities.TO_WORKLOAD, ip, cookie));
                    flows.add(FlowEntry.of(Tables.ARP, Priorities.TO_WORKLOAD, arp, arpCookie));
                }
            }
        }
        Optional<PortNumber> gateway = view.gateway().flatMap(at -> view.portToward(dpid, at));
        if (gateway.isPresent()) {
            Cookie cookie = Cookie.of(FlowCategory.FORWARDING, generation, 0);
            flows.add(FlowEntry.of(Tables.FORWARD, Priorities.TO_GATEWAY,
                    FlowMatch.builder().ethType(MatchField.EthType.IPV4).build(), cookie,
                    Instruction.ApplyActions.of(Action.Output.to(gateway.get())),
                    new Instruction.GotoTable(Tables.REPORT)));
            flows.add(FlowEntry.of(Tables.ARP, Priorities.TO_GATEWAY,
                    FlowMatch.builder().ethType(MatchField.EthType.ARP).build(), Cookie.of(FlowCategory.ARP, generation, 0),
                    Instruction.ApplyActions.of(Action.Output.to(gateway.get()))));
        }
        return flows;
    }
}
