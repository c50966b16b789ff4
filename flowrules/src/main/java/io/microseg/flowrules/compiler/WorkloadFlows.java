package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The flows one workload causes, built once per compilation (and reused by the next one while the workload, its
 * identity ids and the network stay the same) and shared by every switch: source classification,
 * destination classification (a remote and a local variant), port security and gateway anti-spoofing (on its own
 * and on the gateway switch), forwarding and ARP (one variant per port some switch reaches it by). A switch's flows
 * are picked from these, so 100 switches cost one set of entries, not 100.
 */
final class WorkloadFlows {

    private static final List<Instruction> DROP = List.of();
    private static final long ARP_REQUEST = 1;
    private static final long ARP_REPLY = 2;

    final Workload workload;
    final int[] ids;
    final Optional<ConnectPoint> location;
    final NetworkView view;
    final List<FlowEntry> sourceIdentity;
    final List<FlowEntry> remoteDestination;
    final List<FlowEntry> localDestination;
    final List<FlowEntry> portSecurity;
    final List<FlowEntry> gatewaySpoof;
    /** ARP requests for its addresses answered by the switch itself (empty without a MAC): the same everywhere. */
    final List<FlowEntry> arpAnswers;
    private final Map<Optional<PortNumber>, List<FlowEntry>> forwarding = new HashMap<>();

    private WorkloadFlows(Workload workload, int[] ids, NetworkView view, Instructions shared) {
        this.workload = workload;
        this.ids = ids;
        this.view = view;
        this.location = view.locate(workload);
        List<FlowEntry> source = new ArrayList<>();
        List<FlowEntry> remote = new ArrayList<>();
        List<FlowEntry> local = new ArrayList<>();
        List<FlowEntry> security = new ArrayList<>();
        List<FlowEntry> spoof = new ArrayList<>();
        List<Ipv4Address> addresses = workload.addresses();
        FlowMatch[] ipDst = new FlowMatch[addresses.size()];
        FlowMatch[] arpTpa = new FlowMatch[addresses.size()];
        for (int i = 0; i < addresses.size(); i++) {
            Ipv4Address address = addresses.get(i);
            int id = ids[i];
            Cookie identity = Cookie.of(FlowCategory.IDENTITY, id);
            source.add(FlowEntry.of(Tables.SOURCE_IDENTITY, Priorities.WORKLOAD_ADDRESS,
                    FlowMatch.builder().ipv4Src(address).build(), identity,
                    Instruction.ApplyActions.of(new Action.SetField(Marks.SOURCE_ID, id)),
                    new Instruction.GotoTable(Tables.DESTINATION_IDENTITY)));
            ipDst[i] = FlowMatch.builder().ipv4Dst(address).build();
            arpTpa[i] = FlowMatch.builder().arpTpa(address).build();
            Instruction setDestination = Instruction.ApplyActions.of(new Action.SetField(Marks.DESTINATION_ID, id));
            Instruction next = new Instruction.GotoTable(Tables.EGRESS_SOURCE_BITS);
            remote.add(new FlowEntry(Tables.DESTINATION_IDENTITY, Priorities.WORKLOAD_ADDRESS, ipDst[i],
                    List.of(setDestination, next), identity));
            local.add(new FlowEntry(Tables.DESTINATION_IDENTITY, Priorities.WORKLOAD_ADDRESS, ipDst[i],
                    List.of(setDestination, shared.destinationLocal, next), identity));
            if (location.isPresent()) {
                Cookie cookie = Cookie.of(FlowCategory.PORT_SECURITY, id);
                FlowMatch.Builder ip = FlowMatch.builder().inPort(location.get().port()).ipv4Src(address);
                workload.mac().ifPresent(ip::ethSrc);
                security.add(new FlowEntry(Tables.PORT_SECURITY, Priorities.WORKLOAD_PORT, ip.build(),
                        shared.fromLocal, cookie));
                FlowMatch.Builder arp = FlowMatch.builder().inPort(location.get().port())
                        .exact(MatchField.ARP_SPA, address.unsigned());
                workload.mac().ifPresent(mac -> arp.ethSrc(mac).exact(MatchField.ARP_SHA, mac.value()));
                security.add(new FlowEntry(Tables.PORT_SECURITY, Priorities.WORKLOAD_PORT, arp.build(), shared.toArp,
                        cookie));
            }
            if (view.gateway().isPresent()) {
                PortNumber port = view.gateway().get().port();
                spoof.add(new FlowEntry(Tables.PORT_SECURITY, Priorities.GATEWAY_SPOOF,
                        FlowMatch.builder().inPort(port).ipv4Src(address).build(), DROP, shared.untrusted));
                spoof.add(new FlowEntry(Tables.PORT_SECURITY, Priorities.GATEWAY_SPOOF,
                        FlowMatch.builder().inPort(port).exact(MatchField.ARP_SPA, address.unsigned()).build(), DROP,
                        shared.untrusted));
            }
        }
        this.sourceIdentity = List.copyOf(source);
        this.remoteDestination = List.copyOf(remote);
        this.localDestination = List.copyOf(local);
        this.portSecurity = List.copyOf(security);
        this.gatewaySpoof = List.copyOf(spoof);
        this.arpAnswers = arpAnswers(workload, ids);
        this.ipDst = ipDst;
        this.arpTpa = arpTpa;
        checkAll(sourceIdentity, remoteDestination, localDestination, portSecurity, gatewaySpoof, arpAnswers);
    }

    /**
     * ARP responder (as OVN and Antrea do): a request for one of the workload's addresses is turned into the reply
     * and sent back out of the port it came in by, so no request is flooded or even forwarded, and answers keep
     * coming while the controller is away. Only requests that passed port security reach table 16.
     */
    private static List<FlowEntry> arpAnswers(Workload workload, int[] ids) {
        if (workload.mac().isEmpty()) {
            return List.of();
        }
        long mac = workload.mac().get().value();
        List<FlowEntry> flows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Ipv4Address address = workload.addresses().get(i);
            flows.add(FlowEntry.of(Tables.ARP, Priorities.ARP_ANSWER,
                    FlowMatch.builder().arpTpa(address).exact(MatchField.ARP_OP, ARP_REQUEST).build(),
                    Cookie.of(FlowCategory.ARP, ids[i]),
                    Instruction.ApplyActions.of(
                            new Action.Move(MatchField.ETH_SRC, MatchField.ETH_DST),
                            new Action.SetField(MatchField.ETH_SRC, mac),
                            new Action.SetField(MatchField.ARP_OP, ARP_REPLY),
                            new Action.Move(MatchField.ARP_SHA, MatchField.ARP_THA),
                            new Action.SetField(MatchField.ARP_SHA, mac),
                            new Action.Move(MatchField.ARP_SPA, MatchField.ARP_TPA),
                            new Action.SetField(MatchField.ARP_SPA, address.unsigned()),
                            Action.Output.to(PortNumber.IN_PORT))));
        }
        return List.copyOf(flows);
    }

    private final FlowMatch[] ipDst;
    private final FlowMatch[] arpTpa;

    /** Instructions and cookies every workload shares (one object each, not one per flow). */
    static final class Instructions {
        final Instruction destinationLocal = new Instruction.WriteMetadata(Marks.DESTINATION_LOCAL, Marks.DESTINATION_LOCAL);
        final List<Instruction> fromLocal = List.of(new Instruction.WriteMetadata(Marks.FROM_LOCAL, Marks.ORIGIN_MASK),
                new Instruction.GotoTable(Tables.CONNTRACK));
        final List<Instruction> toArp = List.of(new Instruction.GotoTable(Tables.ARP));
        final Cookie untrusted;
        private final Map<PortNumber, List<Instruction>> forward = new HashMap<>();
        private final Map<PortNumber, List<Instruction>> arp = new HashMap<>();

        Instructions() {
            untrusted = Cookie.of(FlowCategory.PORT_SECURITY, 0);
        }

        synchronized List<Instruction> forward(PortNumber port) {
            return forward.computeIfAbsent(port, p -> List.of(Instruction.ApplyActions.of(Action.Output.to(p)),
                    new Instruction.GotoTable(Tables.REPORT)));
        }

        synchronized List<Instruction> arp(PortNumber port) {
            return arp.computeIfAbsent(port, p -> List.of(Instruction.ApplyActions.of(Action.Output.to(p))));
        }
    }

    /**
     * The flows of {@code workload} with these identity ids; {@code previous} (may be null) is returned instead when
     * it was built from the same inputs, so unchanged workloads keep their entries from one compilation to the next.
     */
    static WorkloadFlows of(Workload workload, int[] ids, NetworkView view, Instructions shared,
            WorkloadFlows previous) {
        if (previous != null
                && (previous.view == view || previous.view.equals(view))
                && Arrays.equals(previous.ids, ids)
                && (previous.workload == workload || previous.workload.equals(workload))) {
            return previous;
        }
        return new WorkloadFlows(workload, ids, view, shared);
    }

    int addresses() {
        return ids.length;
    }

    /** How many flows this workload gives every switch: classification (2), forwarding and ARP per address. */
    int flowsPerSwitch() {
        return ids.length * 4 + arpAnswers.size();
    }

    boolean isLocal(DatapathId dpid) {
        return location.isPresent() && location.get().dpid().equals(dpid);
    }

    /**
     * Forwarding and ARP toward this workload at switch {@code dpid} (dropped when it has no route there), with the
     * ARP answers: requests for a workload with a MAC are answered by the switch, replies and requests for one
     * without a MAC go to it.
     */
    List<FlowEntry> forwardingAt(DatapathId dpid, Instructions shared) {
        Optional<PortNumber> port = location.flatMap(at -> view.portToward(dpid, at));
        synchronized (forwarding) {
            List<FlowEntry> flows = forwarding.get(port);
            if (flows != null) {
                return flows;
            }
        }
        List<FlowEntry> flows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Cookie cookie = Cookie.of(FlowCategory.FORWARDING, ids[i]);
            Cookie arpCookie = Cookie.of(FlowCategory.ARP, ids[i]);
            if (port.isPresent()) {
                flows.add(new FlowEntry(Tables.FORWARD, Priorities.TO_WORKLOAD, ipDst[i], shared.forward(port.get()),
                        cookie));
                flows.add(new FlowEntry(Tables.ARP, Priorities.TO_WORKLOAD, arpTpa[i], shared.arp(port.get()),
                        arpCookie));
            } else {
                flows.add(new FlowEntry(Tables.FORWARD, Priorities.TO_WORKLOAD, ipDst[i], DROP, cookie));
                flows.add(new FlowEntry(Tables.ARP, Priorities.TO_WORKLOAD, arpTpa[i], DROP, arpCookie));
            }
        }
        flows.addAll(arpAnswers);
        checkAll(flows);
        List<FlowEntry> built = List.copyOf(flows);
        synchronized (forwarding) {
            List<FlowEntry> raced = forwarding.putIfAbsent(port, built);
            return raced != null ? raced : built;
        }
    }

    @SafeVarargs
    private static void checkAll(List<FlowEntry>... lists) {
        for (List<FlowEntry> flows : lists) {
            List<String> misfits = Pipeline.problems(flows);
            if (!misfits.isEmpty()) {
                throw new IllegalStateException("compiled flows do not fit the pipeline: " + misfits);
            }
        }
    }
}
