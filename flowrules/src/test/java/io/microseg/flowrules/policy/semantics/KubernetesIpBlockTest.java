package io.microseg.flowrules.policy.semantics;

import static io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster.PODS;
import static io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.Reachability;
import org.junit.jupiter.api.Test;

/** Upstream e2e ipBlock cases: CIDRs match any address in range, pod addresses included; except carves holes. */
class KubernetesIpBlockTest {

    private static KubernetesNetworkPolicy egressFromXa(IpBlock block) {
        return KubernetesNetworkPolicy.of("x", "a-egress", LabelSelector.of("pod", "a"))
                .withPolicyTypes(Direction.EGRESS).withEgress(KubernetesRule.from(KubernetesPeer.ipBlock(block)));
    }

    @Test
    void egressToTheCidrOfOnePodReachesOnlyThatPod() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(egressFromXa(IpBlock.parse(address("y", "b") + "/32")));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/a", "*", false).expect("x/a", "y/b", true);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void exceptCarvesAHoleInTheCidr() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                egressFromXa(IpBlock.parse("10.244.0.0/16", address("y", "b") + "/32")));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/a", "y/b", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void exceptCanRemoveAWholeNamespaceRange() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(egressFromXa(IpBlock.parse("10.244.0.0/16", "10.244.3.0/24")));

        Reachability expected = Reachability.allAllowed(PODS).expect("x/a", "z/*", false);
        assertThat(expected.mismatches(evaluator, Protocol.TCP, 80)).isEmpty();
    }

    @Test
    void ingressFromAnIpBlockAdmitsBareAddressesInRange() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "from-office", LabelSelector.EVERYTHING)
                .withIngress(KubernetesRule.from(KubernetesPeer.ipBlock(IpBlock.parse("192.168.0.0/16", "192.168.66.0/24")))));

        assertThat(evaluator.verdict(Connection.tcp("192.168.1.5", "x/a", 80))).isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.verdict(Connection.tcp("192.168.66.5", "x/a", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.tcp("172.16.0.1", "x/a", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.tcp("y/a", "x/a", 80))).as("pods outside the block")
                .isEqualTo(Verdict.DENY);
    }

    @Test
    void aPodNamedByItsAddressIsThatPod() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(
                KubernetesNetworkPolicy.of("x", "deny-ingress", LabelSelector.EVERYTHING));

        Explanation explanation = evaluator.explain(Connection.tcp("y/a", address("x", "b"), 80));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.ingress().workload()).hasValueSatisfying(id -> assertThat(id.toString()).isEqualTo("x/b"));
    }
}
