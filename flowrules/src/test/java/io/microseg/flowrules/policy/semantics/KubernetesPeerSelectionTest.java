package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster.PODS;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelRequirement;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.Reachability;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream e2e peer-selection cases: pod selector, namespace selector, both in one peer, both as two peers. */
class KubernetesPeerSelectionTest {

    private static KubernetesNetworkPolicy ingressToXa(KubernetesPeer... from) {
        return KubernetesNetworkPolicy.of("x", "to-a", LabelSelector.of("pod", "a"))
                .withIngress(KubernetesRule.of(List.of(from), List.of()));
    }

    @Test
    void aPodSelectorAloneSelectsPodsOfThePolicysOwnNamespace() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(KubernetesPeer.pods(LabelSelector.of("pod", "b"))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false).expect("x/b", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void aNamespaceSelectorAloneSelectsEveryPodOfTheMatchingNamespaces() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(KubernetesPeer.namespaces(LabelSelector.of("ns", "y"))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false).expect("y/*", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void theNamespaceNameLabelIsAlwaysThere() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(
                KubernetesPeer.namespaces(LabelSelector.of("kubernetes.io/metadata.name", "z"))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false).expect("z/*", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void anEmptyNamespaceSelectorSelectsEveryNamespace() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(
                KubernetesPeer.podsInNamespaces(LabelSelector.of("pod", "c"), LabelSelector.EVERYTHING)));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false).expect("x/c", "x/a", true)
                .expect("y/c", "x/a", true).expect("z/c", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void podAndNamespaceSelectorsInOnePeerMustBothMatch() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(KubernetesPeer.podsInNamespaces(
                LabelSelector.of("pod", "b"), LabelSelector.of(LabelRequirement.in("ns", "y", "z")))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false)
                .expect("y/b", "x/a", true).expect("z/b", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void podAndNamespaceSelectorsAsTwoPeersAreAlternatives() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(
                KubernetesPeer.pods(LabelSelector.of("pod", "b")),
                KubernetesPeer.namespaces(LabelSelector.of(LabelRequirement.in("ns", "y", "z")))));

        Reachability expected = Reachability.allAllowed(PODS).expect("*", "x/a", false)
                .expect("x/b", "x/a", true).expect("y/*", "x/a", true).expect("z/*", "x/a", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void namespaceSelectorWithNotInExpression() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa(
                KubernetesPeer.namespaces(LabelSelector.of(LabelRequirement.notIn("ns", "x")))));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/*", "x/a", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void anEmptyFromListAllowsEveryPeer() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(ingressToXa());

        assertThat(Reachability.allAllowed(PODS).mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
        assertThat(evaluator.verdict(Connection.tcp("192.0.2.1", "x/a", 80))).isEqualTo(Verdict.ALLOW);
    }
}
