package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trunk ports: trusted in table 0, their LLDP metered apart; a workload's port is never one (NetworkView.withoutTrunks). */
class TrunkPortsTest {
    private static final DatapathId S1 = DatapathId.of(1);

    @Test
    void aTrunkIsTrustedAndItsLldpHasTheTrunkMeter() {
        List<FlowEntry> flows = PolicyCompiler.compile(ThreeTierExample.model(), EntryCountTest.line(2)).flowsOf(S1);
        assertThat(onPort(flows, 50, Priorities.TRUNK_PORT)).hasSize(2); // IPv4 (FROM_TRUNK) and ARP
        List<FlowEntry> lldp = onPort(flows, 50, Priorities.LLDP_TRUNK);
        assertThat(lldp).singleElement().satisfies(f -> {
            assertThat(f.match().get(MatchField.ETH_TYPE).orElseThrow().value()).isEqualTo(0x88cc);
            assertThat(f.instructions()).contains(new Instruction.Meter(Meters.LLDP_TRUNK));
        });
        assertThat(Meters.ALL).anySatisfy(m -> assertThat(m.id()).isEqualTo(Meters.LLDP_TRUNK));
        assertThat(Meters.LLDP_TRUNK).isGreaterThanOrEqualTo(0x100);
    }

    @Test
    void aWorkloadPortIsNoTrunkEvenIfDiscoveryStillReportsALinkOnIt() {
        NetworkView view = EntryCountTest.line(2).withoutTrunks(Set.of(ConnectPoint.of(1, 50)));
        assertThat(view.trunks()).containsExactly(ConnectPoint.of(2, 51));
        List<FlowEntry> flows = PolicyCompiler.compile(ThreeTierExample.model(), view).flowsOf(S1);
        assertThat(onPort(flows, 50, Priorities.TRUNK_PORT)).isEmpty();
        assertThat(onPort(flows, 50, Priorities.LLDP_TRUNK)).isEmpty();
        assertThat(view.withoutTrunks(Set.of(ConnectPoint.of(3, 1)))).isSameAs(view);
    }

    private static List<FlowEntry> onPort(List<FlowEntry> flows, long port, int priority) {
        return flows.stream().filter(f -> f.table() == Tables.PORT_SECURITY && f.priority() == priority)
                .filter(f -> f.match().get(MatchField.IN_PORT).map(v -> v.value() == port).orElse(false)).toList();
    }
}
