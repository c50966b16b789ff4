package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample;
import io.microseg.flowrules.policy.fixtures.StagedRolloutExample;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.Endpoint;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixtures' stories through the simulator, on one switch and on three. */
class NamedExamplesTest {

    private static Ipv4Address ip(Lab lab, String workload) {
        WorkloadId id = WorkloadId.parse(workload);
        return lab.model().workloads().stream().filter(w -> w.id().equals(id)).findFirst()
                .map(Workload::primaryAddress).orElseThrow().orElseThrow();
    }

    /** Every pair of the model's workloads (and the given bare addresses) agrees with the oracle. */
    private static void agreesWithOracle(Lab lab, List<String> bare) {
        List<Ipv4Address> endpoints = new ArrayList<>(lab.workloadAddresses());
        bare.forEach(a -> endpoints.add(Ipv4Address.parse(a)));
        for (Ipv4Address src : endpoints) {
            for (Ipv4Address dst : endpoints) {
                if (src.equals(dst) || (lab.workloadAt(src).isEmpty() && lab.workloadAt(dst).isEmpty())) {
                    continue;
                }
                for (int port : List.of(443, 9100, 8080, 3306, 22)) {
                    var expected = lab.oracle().explain(Connection.tcp(src.toString(), dst.toString(), port));
                    assertThat(lab.connect(src, dst, Protocol.TCP, port).matches(expected.action()))
                            .as("%s", expected).isTrue();
                }
                var udp = lab.oracle().explain(new Connection(Endpoint.address(src), Endpoint.address(dst),
                        Protocol.UDP, 514));
                assertThat(lab.connect(src, dst, Protocol.UDP, 514).matches(udp.action())).as("%s", udp).isTrue();
            }
        }
    }

    @Test
    void threeTierWebTierOnOneSwitch() {
        Lab lab = new Lab(ThreeTierExample.model(), 1, true, new Random(1));
        Ipv4Address lb = ip(lab, ThreeTierExample.LB);
        Ipv4Address web1 = ip(lab, ThreeTierExample.WEB1);
        Ipv4Address web2 = ip(lab, ThreeTierExample.WEB2);
        Ipv4Address app1 = ip(lab, ThreeTierExample.APP1);
        Ipv4Address db1 = ip(lab, ThreeTierExample.DB1);
        Ipv4Address mon = ip(lab, ThreeTierExample.MON);

        assertThat(lab.connect(lb, web1, Protocol.TCP, 443).delivered()).isTrue();
        assertThat(lab.connect(lb, web1, Protocol.TCP, 443).replyDelivered()).isTrue();
        assertThat(lab.connect(mon, web2, Protocol.TCP, 9100).delivered()).isTrue();
        assertThat(lab.connect(web1, app1, Protocol.TCP, 8080).delivered()).isTrue();
        assertThat(lab.connect(app1, db1, Protocol.TCP, 3306).delivered()).isTrue();
        assertThat(lab.connect(web1, Ipv4Address.parse(ThreeTierExample.EXTERNAL_LOG), Protocol.UDP, 514).delivered())
                .isTrue();
        assertThat(lab.connect(web1, db1, Protocol.TCP, 3306).delivered()).isFalse();
        assertThat(lab.connect(lb, web1, Protocol.TCP, 22).delivered()).isFalse();
        assertThat(lab.connect(db1, app1, Protocol.TCP, 3306).delivered()).as("the reverse of an allow").isFalse();
        assertThat(lab.connect(web1, Ipv4Address.parse(ThreeTierExample.INTERNET_HOST), Protocol.TCP, 443).delivered())
                .isFalse();

        Lab.Outcome webToWeb = lab.connect(web1, web2, Protocol.TCP, 443);
        assertThat(webToWeb.delivered()).isFalse();
        FlowEntry last = webToWeb.first().path().get(webToWeb.first().path().size() - 1);
        assertThat(last.table()).as("dropped by web1's egress posture").isEqualTo(Tables.EGRESS_ISOLATION);
        assertThat(new Cookie(last.cookie().value()).category()).isEqualTo(FlowCategory.POSTURE);
        assertThat(lab.sim().switchAt(lab.view().switches().iterator().next()).packets(last)).isPositive();
        agreesWithOracle(lab, List.of(ThreeTierExample.EXTERNAL_LOG, ThreeTierExample.INTERNET_HOST));
    }

    @Test
    void threeTierAcrossThreeSwitches() {
        for (int seed = 0; seed < 5; seed++) {
            Lab lab = new Lab(ThreeTierExample.model(), 3, true, new Random(seed));
            agreesWithOracle(lab, List.of(ThreeTierExample.EXTERNAL_LOG, ThreeTierExample.INTERNET_HOST));
        }
    }

    @Test
    void environmentSeparationGuardrailBeatsTheApplicationAllow() {
        Lab lab = new Lab(EnvironmentSeparationExample.model(), 3, false, new Random(2));
        Ipv4Address ci = ip(lab, EnvironmentSeparationExample.DEV_CI);
        Ipv4Address devWeb = ip(lab, EnvironmentSeparationExample.DEV_WEB);
        Ipv4Address app1 = ip(lab, ThreeTierExample.APP1);
        Ipv4Address mon = ip(lab, ThreeTierExample.MON);

        Lab.Outcome deploy = lab.connect(ci, app1, Protocol.TCP, 8080);
        assertThat(deploy.delivered()).isFalse();
        FlowEntry last = deploy.first().path().get(deploy.first().path().size() - 1);
        assertThat(lab.compiled().decision(last.cookie().id())).hasValueSatisfying(
                reason -> assertThat(reason).contains("prod-guardrail"));
        assertThat(lab.connect(mon, devWeb, Protocol.TCP, 9100).delivered()).as("approved exception").isTrue();
        agreesWithOracle(lab, List.of());
    }

    @Test
    void stagedRolloutEnforcesWebAlertsDbMonitorsTheRestAndNeverEnforcesStaged() {
        PolicyModel model = StagedRolloutExample.model();
        Lab lab = new Lab(model, 2, true, new Random(3));
        Ipv4Address lb = ip(lab, ThreeTierExample.LB);
        Ipv4Address web1 = ip(lab, ThreeTierExample.WEB1);
        Ipv4Address app2 = ip(lab, ThreeTierExample.APP2);
        Ipv4Address db1 = ip(lab, ThreeTierExample.DB1);
        Ipv4Address mon = ip(lab, ThreeTierExample.MON);

        assertThat(lab.connect(web1, db1, Protocol.TCP, 3306).delivered()).as("web is enforced").isFalse();
        Lab.Outcome monToDb = lab.connect(mon, db1, Protocol.TCP, 9100);
        assertThat(monToDb.delivered()).as("staged scrape is not enforced; mon and db only report").isTrue();
        assertThat(monToDb.reported()).isTrue();
        assertThat(monToDb.first().packetIns()).anySatisfy(in ->
                assertThat(in.metadata() & Marks.DESTINATION_ALERT).as("db alerts").isNotZero());
        Lab.Outcome canary = lab.connect(web1, app2, Protocol.TCP, 8080);
        assertThat(canary.delivered()).as("staged quarantine of the canary is never in the data plane").isTrue();
        assertThat(canary.reported()).isFalse();
        assertThat(lab.connect(lb, app2, Protocol.TCP, 8080).matches(
                lab.oracle().action(Connection.tcp(lb.toString(), app2.toString(), 8080)))).isTrue();
        agreesWithOracle(lab, List.of(ThreeTierExample.EXTERNAL_LOG));
    }
}
