package io.microseg.flowrules.sim;

import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.semantics.DataPlaneAction;
import io.microseg.flowrules.policy.semantics.PolicyEvaluator;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A test network: switches 1..n in a line (port 50 toward higher ids, 51 toward lower), every workload given a MAC
 * and a port on some switch, optionally a gateway (port 100 of some switch) for bare addresses. Compiles a model,
 * builds the simulator, and runs connections: the first packet, then the reply, as a host would see them.
 */
public final class Lab {
    public static final PortNumber RIGHT = PortNumber.of(50);
    public static final PortNumber LEFT = PortNumber.of(51);
    public static final MacAddress GATEWAY_MAC = MacAddress.parse("02:00:00:00:ff:ff");

    /** What happened to a new connection and its reply. */
    public record Outcome(boolean delivered, boolean reported, boolean replyDelivered, NetworkSimulator.Trace first) {
        /** The data-plane action this outcome shows (ALLOW_AND_LOG standing for both lenient actions). */
        public boolean matches(DataPlaneAction action) {
            if (!action.forwards()) {
                return !delivered;
            }
            boolean lenient = action != DataPlaneAction.ALLOW;
            return delivered && replyDelivered && reported == lenient;
        }
    }

    private final PolicyModel model;
    private final NetworkView view;
    private final Map<ConnectPoint, ConnectPoint> links = new HashMap<>();
    private final Map<Ipv4Address, Workload> byAddress = new HashMap<>();
    private CompiledNetwork compiled;
    private NetworkSimulator sim;
    private final PolicyEvaluator oracle;
    private final UnaryOperator<List<FlowEntry>> toSwitch;
    private int nextSourcePort = 20000;

    /** Places the model's workloads at random on {@code switches} switches. */
    public Lab(PolicyModel model, int switches, boolean gateway, Random random) {
        this(model, numbered(switches), gateway, random, DataPlaneOptions.DEFAULTS);
    }

    /**
     * As {@link #Lab(PolicyModel, int, boolean, Random)}; the switches run {@code toSwitch} of each switch's compiled
     * flows (for example the flows after translation to OpenFlow and back) instead of the compiled flows themselves.
     */
    public Lab(PolicyModel model, int switches, boolean gateway, Random random,
            UnaryOperator<List<FlowEntry>> toSwitch) {
        this(model, numbered(switches), gateway, random, DataPlaneOptions.DEFAULTS, toSwitch);
    }

    private static List<DatapathId> numbered(int switches) {
        List<DatapathId> dpids = new ArrayList<>();
        for (int i = 1; i <= switches; i++) {
            dpids.add(DatapathId.of(i));
        }
        return dpids;
    }

    /** Places the model's workloads at random on the switches {@code dpids} (in a line, in this order). */
    public Lab(PolicyModel model, List<DatapathId> dpids, boolean gateway, Random random,
            DataPlaneOptions options) {
        this(model, dpids, gateway, random, options, UnaryOperator.identity());
    }

    private Lab(PolicyModel model, List<DatapathId> dpids, boolean gateway, Random random,
            DataPlaneOptions options, UnaryOperator<List<FlowEntry>> toSwitch) {
        this.toSwitch = toSwitch;
        int switches = dpids.size();
        List<Workload> placed = new ArrayList<>();
        for (int i = 0; i < model.workloads().size(); i++) {
            Workload workload = model.workloads().get(i);
            DatapathId dpid = dpids.get(random.nextInt(dpids.size()));
            placed.add(workload.withMac(MacAddress.of(0x0200_0000_0000L + i + 1))
                    .at(WorkloadLocation.of(dpid, PortNumber.of(10 + i))));
        }
        this.model = new PolicyModel(model.namespaces(), placed, model.segments(), model.policies(),
                model.networkPolicies(), model.tiers(), model.enforcementSettings(), model.settings());
        placed.forEach(w -> w.addresses().forEach(a -> byAddress.put(a, w)));
        Map<DatapathId, Map<DatapathId, PortNumber>> hops = new HashMap<>();
        Set<ConnectPoint> trunks = new HashSet<>();
        for (int i = 0; i < switches; i++) {
            Map<DatapathId, PortNumber> toward = new HashMap<>();
            for (int j = 0; j < switches; j++) {
                if (j != i) {
                    toward.put(dpids.get(j), j > i ? RIGHT : LEFT);
                }
            }
            hops.put(dpids.get(i), toward);
            if (i + 1 < switches) {
                ConnectPoint right = ConnectPoint.of(dpids.get(i), RIGHT);
                ConnectPoint left = ConnectPoint.of(dpids.get(i + 1), LEFT);
                links.put(right, left);
                links.put(left, right);
                trunks.add(right);
                trunks.add(left);
            }
        }
        Optional<ConnectPoint> gw = gateway
                ? Optional.of(ConnectPoint.of(dpids.get(random.nextInt(switches)), PortNumber.of(100)))
                : Optional.empty();
        this.view = new NetworkView(Set.copyOf(dpids), hops, trunks, gw, Map.of(), options);
        this.oracle = PolicyEvaluator.of(this.model);
        recompile(this.model);
    }

    /**
     * Compiles {@code changed} (a variant of this lab's model) keeping allocations and the connections conntrack
     * holds; returns the new compilation.
     */
    public CompiledNetwork recompile(PolicyModel changed) {
        compiled = compiled == null ? PolicyCompiler.compile(changed, view)
                : PolicyCompiler.compile(changed, view, compiled);
        Map<DatapathId, List<FlowEntry>> flows = new HashMap<>();
        compiled.flows().forEach((dpid, entries) -> flows.put(dpid, toSwitch.apply(entries)));
        sim = new NetworkSimulator(flows, links, sim == null ? new Conntrack() : sim.conntrack());
        return compiled;
    }

    public PolicyModel model() {
        return model;
    }

    public NetworkView view() {
        return view;
    }

    public CompiledNetwork compiled() {
        return compiled;
    }

    public NetworkSimulator sim() {
        return sim;
    }

    public PolicyEvaluator oracle() {
        return oracle;
    }

    public Optional<Workload> workloadAt(Ipv4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** Where packets from or to this address enter or leave: the workload's port, else the gateway. */
    public Optional<ConnectPoint> pointOf(Ipv4Address address) {
        Workload workload = byAddress.get(address);
        if (workload != null) {
            return view.locate(workload);
        }
        return view.gateway();
    }

    public MacAddress macOf(Ipv4Address address) {
        Workload workload = byAddress.get(address);
        return workload != null ? workload.mac().orElseThrow() : GATEWAY_MAC;
    }

    /** The first packet of a new connection from its source's point, then the reply from where it arrived. */
    public Outcome connect(Ipv4Address src, Ipv4Address dst, Protocol protocol, int port) {
        ConnectPoint from = pointOf(src).orElseThrow();
        ConnectPoint to = pointOf(dst).orElseThrow();
        int sourcePort = nextSourcePort++;
        Packet packet = Packet.ip(macOf(src), src, macOf(dst), dst, protocol, sourcePort, port);
        NetworkSimulator.Trace first = sim.send(from, packet);
        boolean delivered = first.deliveredAt(to);
        boolean reported = first.packetIns().stream()
                .anyMatch(in -> in.table() == Tables.REPORT && (in.metadata() & Marks.WOULD_DENY) != 0);
        boolean replyDelivered = false;
        if (delivered) {
            replyDelivered = sim.send(to, packet.reply()).deliveredAt(from);
        }
        return new Outcome(delivered, reported, replyDelivered, first);
    }

    public List<Ipv4Address> workloadAddresses() {
        List<Ipv4Address> out = new ArrayList<>();
        model.workloads().forEach(w -> out.addAll(w.addresses()));
        return out;
    }
}
