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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream e2e "multiple policies": what several policies allow is united; no policy can deny. */
class KubernetesPolicyUnionTest {

    @Test
    void twoPoliciesOnOnePodAllowTheUnionOfTheirPeers() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "from-x-b", LabelSelector.of("pod", "a"))
                        .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("pod", "b")))),
                KubernetesNetworkPolicy.of("x", "from-y", LabelSelector.of("pod", "a"))
                        .withIngress(KubernetesRule.from(KubernetesPeer.namespaces(LabelSelector.of("ns", "y")))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false)
                .expect("x/b", "x/a", true).expect("y/*", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(evaluator.explain(Connection.tcp("y/c", "x/a", 80)).ingress().reason())
                .isEqualTo(new Reason.NetworkPolicyRule("x/from-y", Direction.INGRESS, 0));
    }

    @Test
    void stackedPoliciesWithOverlappingSelectorsUniteTheirPorts() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "port-80", LabelSelector.EVERYTHING)
                        .withIngress(KubernetesRule.of(List.of(), List.of(PortMatch.tcp(80)))),
                KubernetesNetworkPolicy.of("x", "port-81-to-a", LabelSelector.of("pod", "a"))
                        .withIngress(KubernetesRule.of(List.of(), List.of(PortMatch.tcp(81)))));

        assertThat(Reachability.allAllowed(PODS).mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(Reachability.allAllowed(PODS).expect("*", "x/b", false).expect("*", "x/c", false)
                .mismatches(evaluator, Protocol.TCP, 81)).isEmpty();
    }

    @Test
    void aDenyAllPolicyDoesNotTakeAwayWhatAnotherAllows() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "deny-all", LabelSelector.EVERYTHING),
                KubernetesNetworkPolicy.of("x", "from-z", LabelSelector.EVERYTHING)
                        .withIngress(KubernetesRule.from(KubernetesPeer.namespaces(LabelSelector.of("ns", "z")))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/*", false).expect("z/*", "x/*", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void anIngressPolicyAndAnEgressPolicyEachIsolateTheirDirection() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "ingress-from-x", LabelSelector.of("pod", "a"))
                        .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.EVERYTHING))),
                KubernetesNetworkPolicy.of("x", "egress-to-z", LabelSelector.of("pod", "a")).withPolicyTypes(Direction.EGRESS)
                        .withEgress(KubernetesRule.from(KubernetesPeer.namespaces(LabelSelector.of("ns", "z")))));

        Reachability expected = Reachability.allAllowed(PODS)
                .expect("y/*", "x/a", false).expect("z/*", "x/a", false)
                .expect("x/a", "*", false).expect("x/a", "z/*", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }
}
