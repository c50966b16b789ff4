package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.APP1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.APP2;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.DB1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.LB;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.MON;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB2;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.fixtures.StagedRolloutExample;
import org.junit.jupiter.api.Test;

class StagedRolloutTest {

    private final PolicyEvaluator evaluator = StagedRolloutExample.evaluator();

    @Test
    void eachWorkloadGetsTheModeOfItsSegment() {
        assertThat(evaluator.modeOf(WorkloadId.parse(WEB1))).isEqualTo(EnforcementMode.ENFORCE);
        assertThat(evaluator.modeOf(WorkloadId.parse(DB1))).isEqualTo(EnforcementMode.ALERT);
        assertThat(evaluator.modeOf(WorkloadId.parse(APP1))).isEqualTo(EnforcementMode.MONITOR);
    }

    @Test
    void aDenyOnAnEnforcedSideIsDropped() {
        Explanation explanation = evaluator.explain(Connection.tcp(LB, WEB1, 22));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.action()).isEqualTo(DataPlaneAction.DENY);
    }

    @Test
    void aDenyOnAMonitoredSideIsAllowedAndLogged() {
        Explanation explanation = evaluator.explain(Connection.tcp(MON, APP1, 22));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.action()).isEqualTo(DataPlaneAction.ALLOW_AND_LOG);
    }

    @Test
    void aDenyOnAnAlertingSideIsAllowedAndAlerted() {
        Explanation explanation = evaluator.explain(Connection.tcp(APP1, DB1, 22));

        assertThat(explanation.egress().action()).isEqualTo(DataPlaneAction.ALLOW_AND_LOG);
        assertThat(explanation.ingress().action()).isEqualTo(DataPlaneAction.ALLOW_AND_ALERT);
        assertThat(explanation.action()).as("the stronger signal wins").isEqualTo(DataPlaneAction.ALLOW_AND_ALERT);
    }

    @Test
    void partialEnforcementBlocksWhereEitherSideIsEnforced() {
        assertThat(evaluator.action(Connection.tcp(APP1, WEB2, 443))).as("web2 enforced ingress")
                .isEqualTo(DataPlaneAction.DENY);
        assertThat(evaluator.action(Connection.tcp(WEB1, DB1, 3306))).as("web1 enforced egress")
                .isEqualTo(DataPlaneAction.DENY);
    }

    @Test
    void aStagedDenyIsReportedButDoesNotChangeTheDataPlane() {
        Explanation explanation = evaluator.explain(Connection.tcp(WEB1, APP2, 8080));

        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.action()).isEqualTo(DataPlaneAction.ALLOW);
        assertThat(explanation.staged()).isPresent();
        assertThat(explanation.stagedVerdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.staged().get().ingress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("security", "quarantine-canary", Direction.INGRESS, 0, true), Action.DENY));
    }

    @Test
    void aStagedAllowIsReportedButDoesNotChangeTheDataPlane() {
        Explanation explanation = evaluator.explain(Connection.tcp(MON, DB1, 9100));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.action()).isEqualTo(DataPlaneAction.ALLOW_AND_ALERT);
        assertThat(explanation.stagedVerdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void noStagedVerdictWhereStagedPoliciesChangeNothing() {
        Explanation explanation = evaluator.explain(Connection.tcp(LB, WEB1, 443));

        assertThat(explanation.staged()).isEmpty();
        assertThat(explanation.stagedVerdict()).isEqualTo(Verdict.ALLOW);
    }
}
