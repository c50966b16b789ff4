package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadSelector;
import org.junit.jupiter.api.Test;

/** Deny posture isolates every managed workload; allow posture isolates only what NetworkPolicies select. */
class PostureTest {

    private static PolicyModel.Builder clientServer(Posture posture) {
        return PolicyModel.builder().posture(posture).workload(
                Workload.of("default", "client", Labels.of("app", "client"), "10.0.0.1"),
                Workload.of("default", "server", Labels.of("app", "server"), "10.0.0.2"));
    }

    @Test
    void theDenyPostureIsolatesBothWays() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(clientServer(Posture.DENY).build());

        assertThat(evaluator.verdict(Connection.tcp("client", "server", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.tcp("192.0.2.1", "server", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.tcp("client", "192.0.2.1", 80))).isEqualTo(Verdict.DENY);
    }

    @Test
    void underTheDenyPostureBothSidesMustBeAllowed() {
        Policy serverIngress = Policy.of("server", Tier.APPLICATION.name(), 1,
                        AppliedTo.workloads(WorkloadSelector.labels("app", "server")))
                .withIngress(Rule.allow(Peer.workloads(WorkloadSelector.labels("app", "client")), PortMatch.tcp(80)));
        PolicyEvaluator evaluator = PolicyEvaluator.of(clientServer(Posture.DENY).policy(serverIngress).build());

        Explanation explanation = evaluator.explain(Connection.tcp("client", "server", 80));

        assertThat(explanation.verdict()).isEqualTo(Verdict.DENY);
        assertThat(explanation.egress().reason()).isEqualTo(new Reason.DefaultPosture(Posture.DENY));
        assertThat(explanation.ingress().verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aNetworkPolicyAllowIsEnoughUnderTheDenyPosture() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(clientServer(Posture.DENY)
                .networkPolicy(KubernetesNetworkPolicy.of("default", "server", LabelSelector.of("app", "server"))
                        .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("app", "client")))),
                        KubernetesNetworkPolicy.of("default", "client", LabelSelector.of("app", "client"))
                                .withEgress(KubernetesRule.allowAll()))
                .build());

        assertThat(evaluator.verdict(Connection.tcp("client", "server", 80))).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void nativePoliciesDoNotIsolateUnderTheAllowPosture() {
        Policy onlyFromClient = Policy.of("server", Tier.APPLICATION.name(), 1,
                        AppliedTo.workloads(WorkloadSelector.labels("app", "server")))
                .withIngress(Rule.allow(Peer.workloads(WorkloadSelector.labels("app", "client")), PortMatch.tcp(80)));
        PolicyEvaluator evaluator = PolicyEvaluator.of(clientServer(Posture.ALLOW).policy(onlyFromClient).build());

        assertThat(evaluator.explain(Connection.tcp("192.0.2.1", "server", 22)).ingress().reason())
                .isEqualTo(new Reason.DefaultPosture(Posture.ALLOW));
    }

    @Test
    void anInvalidModelIsNotEvaluatedAndAllItsProblemsAreGiven() {
        PolicyModel invalid = clientServer(Posture.DENY)
                .workload(Workload.of("default", "client", Labels.EMPTY, "10.0.0.2"))
                .policy(Policy.of("p", "nope", 1, AppliedTo.segment("nope")))
                .build();

        assertThatThrownBy(() -> PolicyEvaluator.of(invalid)).isInstanceOfSatisfying(InvalidModelException.class,
                e -> assertThat(e.problems()).hasSize(4));
    }
}
