package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.Reachability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream e2e "default-deny" cases on the allow posture. */
class KubernetesDefaultDenyTest {

    @Test
    void withoutPoliciesEverythingIsAllowedOnTheAllowPosture() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with();

        assertThat(Reachability.allAllowed(PODS).mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(evaluator.explain(Connection.tcp("x/a", "y/b", 80)).ingress().reason())
                .isEqualTo(new Reason.DefaultPosture(Posture.ALLOW));
    }

    @Test
    void defaultDenyIngressIsolatesEveryPodOfTheNamespace() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "deny-ingress", LabelSelector.EVERYTHING));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/*", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(expected.mismatches(evaluator, Protocol.UDP, 81)).isEmpty();
        assertThat(evaluator.explain(Connection.tcp("y/a", "x/b", 80)).ingress().reason())
                .isEqualTo(new Reason.NetworkPolicyIsolation(List.of("x/deny-ingress")));
    }

    @Test
    void defaultDenyEgressIsolatesOnlyEgress() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy
                .of("x", "deny-egress", LabelSelector.EVERYTHING).withPolicyTypes(Direction.EGRESS));

        assertThat(Reachability.allAllowed(PODS).expect("x/*", "*", false).mismatches(evaluator, Protocol.TCP, 80))
                .isEmpty();
    }

    @Test
    void defaultDenyAllIsolatesBothWays() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy
                .of("x", "deny-all", LabelSelector.EVERYTHING).withPolicyTypes(Direction.INGRESS, Direction.EGRESS));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/*", "*", false).expect("*", "x/*", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void anEmptyRuleAllowsEverythingInThatDirection() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "deny-ingress", LabelSelector.EVERYTHING),
                KubernetesNetworkPolicy.of("x", "allow-all", LabelSelector.EVERYTHING)
                        .withIngress(KubernetesRule.allowAll()));

        assertThat(Reachability.allAllowed(PODS).mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(evaluator.explain(Connection.tcp("y/a", "x/b", 80)).ingress().reason())
                .isEqualTo(new Reason.NetworkPolicyRule("x/allow-all", Direction.INGRESS, 0));
    }

    @Test
    void aPolicyForOnePodIsolatesOnlyThatPod() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "deny-to-a", LabelSelector.of("pod", "a")));

        assertThat(Reachability.allAllowed(PODS).expect("*", "x/a", false).mismatches(evaluator, Protocol.TCP, 80))
                .isEmpty();
    }
}
