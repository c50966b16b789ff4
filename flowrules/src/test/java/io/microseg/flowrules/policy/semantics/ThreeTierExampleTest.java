package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.APP1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.APP2;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.DB1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.EXTERNAL_LOG;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.INTERNET_HOST;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.LB;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.LOG;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.MON;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB2;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreeTierExampleTest {

    private final PolicyEvaluator evaluator = ThreeTierExample.evaluator();

    @ParameterizedTest(name = "{0} -> {1} {2}/{3} is {4}")
    @CsvSource({
        "prod/lb,   prod/web1, TCP, 443,  ALLOW",
        "prod/lb,   prod/web2, TCP, 443,  ALLOW",
        "prod/mon,  prod/web1, TCP, 9100, ALLOW",
        "prod/web1, prod/app1, TCP, 8080, ALLOW",
        "prod/web2, prod/app2, TCP, 8080, ALLOW",
        "prod/app1, prod/db1,  TCP, 3306, ALLOW",
        "prod/web1, prod/log,  UDP, 514,  ALLOW",
        "prod/lb,   prod/web1, TCP, 80,   DENY",
        "prod/lb,   prod/app1, TCP, 8080, DENY",
        "prod/web1, prod/db1,  TCP, 3306, DENY",
        "prod/web1, prod/log,  TCP, 514,  DENY",
        "prod/app1, prod/web1, TCP, 443,  DENY",
        "prod/db1,  prod/app1, TCP, 8080, DENY",
        "prod/web1, prod/web2, TCP, 443,  DENY",
        "prod/web2, prod/web1, TCP, 443,  DENY",
        "prod/app1, prod/app2, TCP, 8080, DENY",
        "prod/mon,  prod/db1,  TCP, 9100, DENY",
    })
    void theSeedsPolicyTable(String source, String destination, String protocol, int port, Verdict expected) {
        Explanation explanation = evaluator.explain(
                Connection.of(source, destination, Protocol.parse(protocol), port));

        assertThat(explanation.verdict()).as(explanation.toString()).isEqualTo(expected);
        assertThat(explanation.action()).isEqualTo(expected == Verdict.ALLOW ? DataPlaneAction.ALLOW : DataPlaneAction.DENY);
    }

    @Test
    void anAllowedConnectionNamesTheRuleOnEachSide() {
        Explanation explanation = evaluator.explain(Connection.tcp(LB, WEB1, 443));

        assertThat(explanation.egress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("application", "load-balancer", Direction.EGRESS, 0, false), Action.ALLOW));
        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("application", "web-tier", Direction.INGRESS, 0, false), Action.ALLOW));
        assertThat(explanation.staged()).isEmpty();
    }

    @Test
    void webToWebIsDeniedByTheDefaultPostureOnBothSides() {
        Explanation explanation = evaluator.explain(Connection.tcp(WEB1, WEB2, 443));

        assertThat(explanation.egress().reason()).isEqualTo(new Reason.DefaultPosture(Posture.DENY));
        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.DefaultPosture(Posture.DENY));
    }

    @Test
    void oneDenyingSideIsEnough() {
        Explanation explanation = evaluator.explain(Connection.tcp(WEB1, DB1, 3306));

        assertThat(explanation.egress().verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.ingress().verdict()).isEqualTo(Verdict.DENY);
        Explanation appToWeb = evaluator.explain(Connection.tcp(APP2, WEB2, 8080));
        assertThat(appToWeb.verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void webReachesTheExternalLogServerThroughTheSegmentsIpBlock() {
        Explanation explanation = evaluator.explain(Connection.udp(WEB1, EXTERNAL_LOG, 514));

        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.egress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("application", "web-tier", Direction.EGRESS, 1, false), Action.ALLOW));
        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.NotManaged());
        assertThat(evaluator.verdict(Connection.udp(WEB1, INTERNET_HOST, 514))).isEqualTo(Verdict.DENY);
    }

    @Test
    void repliesOfAllowedConnectionsPassButTheReverseDirectionIsStillDenied() {
        assertThat(evaluator.replyPasses(Connection.tcp(APP1, DB1, 3306))).isTrue();
        assertThat(evaluator.verdict(Connection.tcp(DB1, APP1, 3306))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.replyPasses(Connection.tcp(DB1, APP1, 3306))).isFalse();
    }

    @Test
    void aWorkloadReachesItself() {
        Explanation explanation = evaluator.explain(Connection.tcp(DB1, DB1, 22));

        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.egress().reason()).isEqualTo(new Reason.SameWorkload());
        assertThat(evaluator.verdict(Connection.tcp(MON, "10.0.9.91", 22))).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void theLogServerAcceptsOnlySyslogFromWeb() {
        assertThat(evaluator.verdict(Connection.udp(WEB2, LOG, 514))).isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.verdict(Connection.udp(APP1, LOG, 514))).isEqualTo(Verdict.DENY);
    }
}
