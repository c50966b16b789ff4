package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.Reachability;
import org.junit.jupiter.api.Test;

/** Upstream e2e egress cases and the defaulting of policyTypes. */
class KubernetesEgressTest {

    private static final KubernetesRule TO_Y_A = KubernetesRule.from(KubernetesPeer.podsInNamespaces(
            LabelSelector.of("pod", "a"), LabelSelector.of("ns", "y")), PortMatch.tcp(80));

    @Test
    void egressToAPodOfAnotherNamespace() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "a-to-y-a", LabelSelector.of("pod", "a"))
                .withPolicyTypes(Direction.EGRESS).withEgress(TO_Y_A));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/a", "*", false).expect("x/a", "y/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(Reachability.allAllowed(PODS).expect("x/a", "*", false).mismatches(evaluator, Protocol.TCP, 81))
                .isEmpty();
    }

    @Test
    void withoutPolicyTypesEgressRulesAlsoIsolateEgressAndIngressIsAlwaysIsolated() {
        KubernetesNetworkPolicy policy = KubernetesNetworkPolicy.of("x", "a-to-y-a", LabelSelector.of("pod", "a"))
                .withEgress(TO_Y_A);
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(policy);

        assertThat(policy.effectivePolicyTypes()).containsExactlyInAnyOrder(Direction.INGRESS, Direction.EGRESS);
        Reachability expected = Reachability.allAllowed(PODS).expect("x/a", "*", false).expect("x/a", "y/a", true)
                .expect("*", "x/a", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void withoutPolicyTypesOrEgressRulesOnlyIngressIsIsolated() {
        KubernetesNetworkPolicy policy = KubernetesNetworkPolicy.of("x", "ingress-only", LabelSelector.of("pod", "a"));

        assertThat(policy.effectivePolicyTypes()).containsExactly(Direction.INGRESS);
        assertThat(Reachability.allAllowed(PODS).expect("*", "x/a", false)
                .mismatches(KubernetesE2eCluster.with(policy), Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void egressRulesAreIgnoredWhenPolicyTypesListOnlyIngress() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "odd", LabelSelector.of("pod", "a"))
                .withPolicyTypes(Direction.INGRESS).withEgress(TO_Y_A).withIngress(KubernetesRule.allowAll()));

        assertThat(Reachability.allAllowed(PODS).mismatches(evaluator, Protocol.TCP, 81)).isEmpty();
    }

    @Test
    void anEgressDenyStillLetsTheRepliesOfAllowedIngressThrough() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "deny-egress", LabelSelector.EVERYTHING)
                .withPolicyTypes(Direction.EGRESS));

        assertThat(evaluator.verdict(Connection.tcp("x/a", "y/a", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.replyPasses(Connection.tcp("y/a", "x/a", 80))).isTrue();
    }
}
