package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.StagedRolloutExample;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.DatapathId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every compiled flow fits its table; a few readable golden flows of the three-tier example. */
class PipelineGoldenTest {

    private static final DatapathId S1 = DatapathId.of(1);

    private static List<String> table(CompiledNetwork compiled, int table) {
        return compiled.flowsOf(S1).stream().filter(f -> f.table() == table).map(FlowEntry::toString).toList();
    }

    @Test
    void everyFlowOfTheFixturesFitsItsTableSpec() {
        for (PolicyModel model : List.of(ThreeTierExample.model(), EnvironmentSeparationExample.model(),
                StagedRolloutExample.model(), KubernetesE2eCluster.builder().build(),
                LargeModels.model(300, 20, 3, 7))) {
            CompiledNetwork compiled = PolicyCompiler.compile(model, EntryCountTest.line(3));
            compiled.flows().values().forEach(flows -> assertThat(Pipeline.problems(flows)).isEmpty());
        }
    }

    /**
     * In the three-tier example every set is a single identity (web1 and web2 share one), so each rule is one flow
     * matching the two identity ids; the web-tier's two ingress rules come first (lowest tier order, priority 10).
     * Identities: 1 app, 2 db, 3 lb, 4 log, 5 mon, 6 web, then the bare regions.
     */
    @Test
    void theThreeTierIngressRulesAreOneFlowEach() {
        CompiledNetwork compiled = PolicyCompiler.compile(ThreeTierExample.model(), NetworkView.singleSwitch(S1));
        assertThat(table(compiled, Tables.INGRESS_RULES)).containsExactly(
                "table=11,priority=50018,eth_type=0x800,ip_proto=0x6,tcp_dst=0x1bb,reg0=0x3,reg1=0x6"
                        + " cookie=0x6d05000000000015 [GotoTable[table=13]]",
                "table=11,priority=40035,eth_type=0x800,ip_proto=0x6,tcp_dst=0x238c,reg0=0x5,reg1=0x6"
                        + " cookie=0x6d05000000000016 [GotoTable[table=13]]",
                "table=11,priority=30052,eth_type=0x800,ip_proto=0x6,tcp_dst=0x1f90,reg0=0x6,reg1=0x1"
                        + " cookie=0x6d05000000000017 [GotoTable[table=13]]",
                "table=11,priority=20069,eth_type=0x800,ip_proto=0x6,tcp_dst=0xcea,reg0=0x1,reg1=0x2"
                        + " cookie=0x6d05000000000018 [GotoTable[table=13]]",
                "table=11,priority=10086,eth_type=0x800,ip_proto=0x11,udp_dst=0x202,reg0=0x6,reg1=0x4"
                        + " cookie=0x6d05000000000019 [GotoTable[table=13]]",
                "table=11,priority=0,any cookie=0x6d01000000000000 [GotoTable[table=12]]");
        assertThat(compiled.decision(0x15)).hasValue("application/web-tier ingress[0] allow");
    }

    /** Deny posture, enforced: the posture's deny is a drop, and its monitored twin reports decision 2. */
    @Test
    void theDenyPostureIsADropAndAReportingTwin() {
        CompiledNetwork compiled = PolicyCompiler.compile(ThreeTierExample.model(), NetworkView.singleSwitch(S1));
        assertThat(table(compiled, Tables.INGRESS_ISOLATION)).containsExactly(
                "table=12,priority=100,metadata=0x0/0x40 cookie=0x6d07000000000002 []",
                "table=12,priority=100,metadata=0x40/0x40 cookie=0x6d07000000000002"
                        + " [WriteMetadata[value=8589934848, mask=-4294967040], GotoTable[table=13]]",
                "table=12,priority=0,any cookie=0x6d01000000000000 []");
    }
}
