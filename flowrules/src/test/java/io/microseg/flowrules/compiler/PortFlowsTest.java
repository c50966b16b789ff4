package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowOp;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.PortInfo;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.path.PathTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Per-port table-0 flows (issue 9, attack 2): LLDP from a workload port is dropped in the switch, once per port; the
 * unknown-host punt goes through a meter per port, bounded per switch.
 */
class PortFlowsTest {
    private static final DatapathId S1 = DatapathId.of(1);

    @Test
    void twoWorkloadsOnOnePortGiveOneLldpDropThatGoesWithTheLastOfThem() {
        PolicyModel model = ThreeTierExample.model();
        WorkloadId web1 = model.workloads().get(1).id();
        WorkloadId web2 = model.workloads().get(2).id();
        NetworkView base = NetworkView.singleSwitch(S1).withPorts(Map.of(S1, ports(1, 8)));
        NetworkView both = base.withLocation(web1, ConnectPoint.of(1, 5)).withLocation(web2, ConnectPoint.of(1, 5));
        CompiledNetwork shared = PolicyCompiler.compile(model, both);
        assertThat(lldpDrops(shared.flowsOf(S1))).containsExactly(5L);

        // one of them leaves (deleted from the model): the other still holds the port, the drop stays
        CompiledNetwork one = PolicyCompiler.compile(without(model, web2), both, shared);
        assertThat(lldpDrops(one.flowsOf(S1))).containsExactly(5L);
        assertThat(dropsChanged(one.changesFrom(shared).get(S1))).isEmpty();

        // the last one leaves: the drop is deleted
        CompiledNetwork none = PolicyCompiler.compile(without(without(model, web2), web1), both, one);
        assertThat(lldpDrops(none.flowsOf(S1))).isEmpty();
        assertThat(dropsChanged(none.changesFrom(one).get(S1))).singleElement()
                .satisfies(op -> assertThat(op).isInstanceOf(FlowOp.Delete.class));
    }

    @Test
    void aWorkloadBoundLaterGetsTheDropIncrementally() {
        PolicyModel model = ThreeTierExample.model();
        NetworkView base = NetworkView.singleSwitch(S1).withPorts(Map.of(S1, ports(1, 8)));
        CompiledNetwork unbound = PolicyCompiler.compile(model, base);
        assertThat(lldpDrops(unbound.flowsOf(S1))).isEmpty();
        CompiledNetwork bound = PolicyCompiler.compile(model,
                base.withLocation(model.workloads().get(0).id(), ConnectPoint.of(1, 3)), unbound);
        assertThat(lldpDrops(bound.flowsOf(S1))).containsExactly(3L);
        FlowDiff diff = bound.changesFrom(unbound).get(S1);
        assertThat(dropsChanged(diff)).singleElement().satisfies(op -> assertThat(op).isInstanceOf(FlowOp.Add.class));
    }

    @Test
    void everyPortButTrunksAndTheGatewayPuntsUnknownHostsThroughAMeterOfItsOwn() {
        NetworkView view = EntryCountTest.line(2).withPorts(Map.of(S1, Set.of(PortNumber.of(1), PortNumber.of(2),
                PortNumber.of(50), PortNumber.of(100)))).withGateway(ConnectPoint.of(1, 100));
        List<FlowEntry> flows = PolicyCompiler.compile(ThreeTierExample.model(), view).flowsOf(S1);
        List<FlowEntry> punts = punts(flows);
        assertThat(punts).hasSize(4); // IPv4 and ARP of ports 1 and 2; not trunk 50, not the gateway 100
        for (FlowEntry punt : punts) {
            long port = punt.match().get(MatchField.IN_PORT).orElseThrow().value();
            assertThat(port).isIn(1L, 2L);
            assertThat(punt.instructions()).contains(new Instruction.Meter(Meters.UNKNOWN_HOST_PORT_BASE + port));
            assertThat(punt.match().get(MatchField.ETH_TYPE).orElseThrow().value()).isIn(0x0800L, 0x0806L);
        }
        // the shared punt (meter 1) stays for ports without a meter of their own
        assertThat(flows).filteredOn(f -> f.table() == Tables.PORT_SECURITY && f.priority() == Priorities.UNKNOWN_HOST)
                .hasSize(2).allSatisfy(f -> assertThat(f.instructions()).contains(new Instruction.Meter(Meters.UNKNOWN_HOST)));
        // the switch gets its meters from its flows
        assertThat(Meters.required(flows)).extracting(Meters.Spec::id)
                .containsExactly(Meters.UNKNOWN_HOST, Meters.POLICY_REPORT, Meters.LLDP, Meters.RELATED, Meters.LLDP_TRUNK,
                        Meters.UNKNOWN_HOST_PORT_BASE + 1, Meters.UNKNOWN_HOST_PORT_BASE + 2);
    }

    @Test
    void theViewTakesTheSwitchesPhysicalPortsFromTheSnapshotAsTheyComeAndGo() {
        TopologySnapshot snapshot = TopologySnapshot.empty().apply(new TopologyEvent.SwitchUp(SwitchInfo.of(S1,
                PortInfo.up(1, "p1"), PortInfo.up(PortNumber.LOCAL, "br"))));
        NetworkView view = NetworkView.of(snapshot, PathTable.compute(snapshot));
        assertThat(view.portsOf(S1)).containsExactly(PortNumber.of(1));
        TopologySnapshot more = snapshot.apply(TopologyEvent.PortUp.of(ConnectPoint.of(1, 2), "p2"));
        NetworkView grown = NetworkView.of(more, PathTable.compute(more));
        assertThat(grown.portsOf(S1)).containsExactly(PortNumber.of(1), PortNumber.of(2));
        CompiledNetwork before = PolicyCompiler.compile(PolicyModel.empty(), view);
        CompiledNetwork after = PolicyCompiler.compile(PolicyModel.empty(), grown, before);
        assertThat(punts(after.flowsOf(S1))).hasSize(4);
        assertThat(after.changesFrom(before).get(S1).ordered()).hasSize(2)
                .allSatisfy(op -> assertThat(op).isInstanceOf(FlowOp.Add.class));
        CompiledNetwork gone = PolicyCompiler.compile(PolicyModel.empty(), view, after);
        assertThat(gone.changesFrom(after).get(S1).ordered()).hasSize(2)
                .allSatisfy(op -> assertThat(op).isInstanceOf(FlowOp.Delete.class));
    }

    @Test
    void perPortMetersAreBoundedPerSwitchAndTheRestShareMeterOne() {
        Set<PortNumber> many = ports(1, Meters.MAX_PORT_METERS + 10);
        many.add(PortNumber.of(Meters.MAX_METERED_PORT + 1)); // a number too high for a meter of its own
        NetworkView view = NetworkView.singleSwitch(S1).withPorts(Map.of(S1, many));
        assertThat(PortFlows.meteredPorts(S1, view)).hasSize(Meters.MAX_PORT_METERS)
                .first().isEqualTo(PortNumber.of(1));
        assertThat(PortFlows.meteredPorts(S1, view).last()).isEqualTo(PortNumber.of(Meters.MAX_PORT_METERS));
        assertThat(Meters.unknownHostPort(PortNumber.of(Meters.MAX_METERED_PORT + 1))).isEmpty();
        assertThat(Meters.unknownHostPort(PortNumber.LOCAL)).isEmpty();
        assertThat(Meters.unknownHostPort(PortNumber.of(7))).contains(Meters.UNKNOWN_HOST_PORT_BASE + 7);
    }

    @Test
    void meterSpecsOfPerPortAndFixedMeters() {
        Meters.Spec port = Meters.spec(Meters.UNKNOWN_HOST_PORT_BASE + 3);
        assertThat(port.name()).isEqualTo("unknown-host-port-3");
        assertThat(port.ratePps()).isEqualTo(Meters.PORT_RATE_PPS);
        assertThat(Meters.isPerPort(port.id())).isTrue();
        assertThat(Meters.isPerPort(Meters.UNKNOWN_HOST)).isFalse();
        assertThat(Meters.isPerPort(Meters.LLDP_TRUNK)).isFalse();
        assertThat(Meters.spec(Meters.LLDP).name()).isEqualTo("lldp");
        Assertions.assertThatThrownBy(() -> Meters.spec(77))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no meter 77");
        // fixed meters first and once, whatever the flows name
        assertThat(Meters.required(Meters.ALL, List.of(PortFlows.unknownHostToController(PortNumber.of(3), 0x0800,
                port.id(), Cookie.of(1, 0))))).extracting(Meters.Spec::id)
                .containsExactlyElementsOf(LongStream.concat(Meters.ALL.stream().mapToLong(Meters.Spec::id),
                        LongStream.of(port.id())).sorted().boxed().toList());
    }

    @Test
    void unusedPerPortMetersAreThoseGivenOrNamedByHeldFlowsThatNoFlowNeedsNow() {
        long three = Meters.UNKNOWN_HOST_PORT_BASE + 3;
        long four = Meters.UNKNOWN_HOST_PORT_BASE + 4;
        long five = Meters.UNKNOWN_HOST_PORT_BASE + 5;
        Cookie cookie = Cookie.of(1, 0);
        List<FlowEntry> held = List.of(PortFlows.unknownHostToController(PortNumber.of(5), 0x0800, five, cookie));
        List<Meters.Spec> needed = Meters.required(Meters.ALL,
                List.of(PortFlows.unknownHostToController(PortNumber.of(3), 0x0800, three, cookie)));
        // given 3 (still needed) and 4 (its port went), the switch's flows name 5 (left by a previous run)
        assertThat(Meters.unused(Set.of(three, four, Meters.UNKNOWN_HOST), held, needed)).extracting(Meters.Spec::id)
                .containsExactly(four, five); // never a fixed meter, never one still needed
        assertThat(Meters.unused(Set.of(), List.of(), needed)).isEmpty();
    }

    private static Set<PortNumber> ports(long from, long to) {
        Set<PortNumber> ports = new HashSet<>();
        for (long p = from; p <= to; p++) {
            ports.add(PortNumber.of(p));
        }
        return ports;
    }

    private static PolicyModel without(PolicyModel model, WorkloadId id) {
        List<Workload> kept = model.workloads().stream().filter(w -> !w.id().equals(id)).toList();
        return model.withWorkloads(kept);
    }

    private static List<Long> lldpDrops(List<FlowEntry> flows) {
        return flows.stream().filter(f -> f.table() == Tables.PORT_SECURITY && f.priority() == Priorities.LLDP_WORKLOAD_PORT)
                .peek(f -> assertThat(f.instructions()).isEmpty())
                .peek(f -> assertThat(f.match().get(MatchField.ETH_TYPE).orElseThrow().value()).isEqualTo(0x88cc))
                .map(f -> f.match().get(MatchField.IN_PORT).orElseThrow().value()).toList();
    }

    private static List<FlowEntry> punts(List<FlowEntry> flows) {
        return flows.stream().filter(f -> f.table() == Tables.PORT_SECURITY && f.priority() == Priorities.UNKNOWN_HOST_PORT)
                .toList();
    }

    private static List<FlowOp> dropsChanged(FlowDiff diff) {
        return diff.ordered().stream().filter(op -> op.entry().priority() == Priorities.LLDP_WORKLOAD_PORT
                && op.entry().table() == Tables.PORT_SECURITY).toList();
    }
}
