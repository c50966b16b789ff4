package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.EXTERNAL_LOG;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.INTERNET_HOST;
import static io.microseg.flowrules.policy.fixtures.ThreeTierExample.WEB1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import org.junit.jupiter.api.Test;

/** Endpoints that are not managed workloads: no side of their own, matched by IP blocks. */
class BareAddressTest {

    private final PolicyEvaluator evaluator = PolicyEvaluator.of(ThreeTierExample.builder()
            .policy(Policy.of("web-from-internet", Tier.APPLICATION.name(), 5, AppliedTo.segment("web"))
                    .withIngress(Rule.allow(Peer.ipBlock(IpBlock.parse("0.0.0.0/0", "10.0.0.0/8")), PortMatch.tcp(443))))
            .build());

    @Test
    void aBareAddressHasNoSideOfItsOwn() {
        Explanation explanation = evaluator.explain(Connection.tcp(INTERNET_HOST, WEB1, 443));

        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.egress().reason()).isEqualTo(new Reason.NotManaged());
        assertThat(explanation.egress().workload()).isEmpty();
    }

    @Test
    void theWorkloadSideStillDecides() {
        assertThat(evaluator.verdict(Connection.tcp(INTERNET_HOST, WEB1, 22))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.tcp("10.0.0.10", WEB1, 22))).isEqualTo(Verdict.DENY);
    }

    @Test
    void anAddressOfAWorkloadIsThatWorkload() {
        Explanation explanation = evaluator.explain(Connection.tcp("10.0.0.10", "10.0.1.11", 443));

        assertThat(explanation.egress().workload()).hasValueSatisfying(id -> assertThat(id.name()).isEqualTo("lb"));
        assertThat(explanation.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(explanation.ingress().reason()).isInstanceOf(Reason.TieredRule.class);
    }

    @Test
    void ipBlocksMatchWorkloadAddressesToo() {
        assertThat(evaluator.explain(Connection.tcp("10.0.0.10", WEB1, 443)).ingress().reason())
                .as("lb is excepted from the internet block; the load-balancer rule decides")
                .isEqualTo(evaluator.explain(Connection.tcp("prod/lb", WEB1, 443)).ingress().reason());
    }

    @Test
    void twoBareAddressesAreNotOurBusiness() {
        assertThat(evaluator.verdict(Connection.tcp(INTERNET_HOST, EXTERNAL_LOG, 514))).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void unknownWorkloadsAreRejected() {
        assertThatThrownBy(() -> evaluator.explain(Connection.tcp("prod/ghost", WEB1, 443)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prod/ghost");
    }
}
