package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample.DEV_CI;
import static io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample.DEV_WEB;
import static io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample.TEST_APP;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.APP1;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.MON;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB1;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample;
import org.junit.jupiter.api.Test;

class EnvironmentSeparationTest {

    private final PolicyEvaluator evaluator = EnvironmentSeparationExample.evaluator();

    @Test
    void theSecurityGuardrailBeatsTheApplicationAllow() {
        Explanation explanation = evaluator.explain(Connection.tcp(DEV_CI, APP1, 8080));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.egress().reason()).as("dev's own egress is allowed by the application tier")
                .isEqualTo(new Reason.TieredRule(new RuleRef("application", "ci-deploy", Direction.EGRESS, 0, false),
                        Action.ALLOW));
        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("security", "prod-guardrail", Direction.INGRESS, 0, false), Action.DENY));
    }

    @Test
    void withoutTheGuardrailTheApplicationAllowWouldApply() {
        var model = EnvironmentSeparationExample.model();
        var evaluatorWithout = PolicyEvaluator.of(model.withPolicies(
                model.policies().stream().filter(policy -> !policy.name().equals("prod-guardrail")).toList()));

        assertThat(evaluatorWithout.verdict(Connection.tcp(DEV_CI, APP1, 8080))).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void prodDoesNotReachDevOrTestEvenOnPortsTheyWouldAccept() {
        assertThat(evaluator.verdict(Connection.tcp(WEB1, DEV_WEB, 443))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.explain(Connection.tcp(WEB1, TEST_APP, 8080)).egress().reason()).isEqualTo(
                new Reason.TieredRule(new RuleRef("security", "prod-guardrail", Direction.EGRESS, 0, false), Action.DENY));
    }

    @Test
    void devAndTestAreSeparatedToo() {
        Explanation explanation = evaluator.explain(Connection.tcp(TEST_APP, DEV_WEB, 443));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("security", "dev-test-guardrail", Direction.INGRESS, 0, false), Action.DENY));
    }

    @Test
    void anApprovedExceptionInAHigherTierBeatsTheGuardrail() {
        Explanation explanation = evaluator.explain(Connection.tcp(MON, DEV_WEB, 9100));

        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.egress().reason()).isEqualTo(new Reason.TieredRule(
                new RuleRef("exception", "approved-dev-scrape", Direction.EGRESS, 0, false), Action.ALLOW));
        assertThat(evaluator.verdict(Connection.tcp(MON, DEV_WEB, 22))).as("only the approved port")
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void theThreeTierFlowsInsideProdStillWork() {
        assertThat(evaluator.verdict(Connection.tcp(WEB1, APP1, 8080))).isEqualTo(Verdict.ALLOW);
    }
}
