package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadSelector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of tiered evaluation: tier order, then priority, then policy name, then rule order; pass skips ahead. */
class TierOrderingTest {

    private static final AppliedTo SERVER = AppliedTo.workloads(WorkloadSelector.labels("app", "server"));
    private static final Peer CLIENT = Peer.workloads(WorkloadSelector.labels("app", "client"));

    private static PolicyModel.Builder twoWorkloads() {
        return PolicyModel.builder().posture(Posture.ALLOW).workload(
                Workload.of("default", "client", Labels.of("app", "client"), "10.0.0.1"),
                Workload.of("default", "server", Labels.of("app", "server"), "10.0.0.2"));
    }

    private static Reason ingressReason(PolicyModel.Builder builder) {
        return PolicyEvaluator.of(builder.build()).explain(Connection.tcp("client", "server", 80)).ingress().reason();
    }

    private static RuleRef ingress(String tier, String policy, int index) {
        return new RuleRef(tier, policy, Direction.INGRESS, index, false);
    }

    @Test
    void aHigherTierWinsWhateverThePriority() {
        Reason reason = ingressReason(twoWorkloads().policy(
                Policy.of("allow-it", Tier.APPLICATION.name(), 1, SERVER).withIngress(Rule.allow(CLIENT)),
                Policy.of("deny-it", Tier.SECURITY.name(), 1000, SERVER).withIngress(Rule.deny(CLIENT))));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("security", "deny-it", 0), Action.DENY));
    }

    @Test
    void userDefinedTiersSlotInByOrder() {
        Reason reason = ingressReason(twoWorkloads().tier(Tier.of("emergency", 50)).policy(
                Policy.of("deny-it", Tier.EXCEPTION.name(), 1, SERVER).withIngress(Rule.deny(CLIENT)),
                Policy.of("allow-it", "emergency", 1, SERVER).withIngress(Rule.allow(CLIENT))));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("emergency", "allow-it", 0), Action.ALLOW));
    }

    @Test
    void withinATierTheLowerPriorityNumberIsEvaluatedFirst() {
        Reason reason = ingressReason(twoWorkloads().policy(
                Policy.of("a-deny", Tier.APPLICATION.name(), 20, SERVER).withIngress(Rule.deny(CLIENT)),
                Policy.of("b-allow", Tier.APPLICATION.name(), 10, SERVER).withIngress(Rule.allow(CLIENT))));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("application", "b-allow", 0), Action.ALLOW));
    }

    @Test
    void equalPrioritiesAreOrderedByPolicyName() {
        Reason reason = ingressReason(twoWorkloads().policy(
                Policy.of("b-allow", Tier.APPLICATION.name(), 10, SERVER).withIngress(Rule.allow(CLIENT)),
                Policy.of("a-deny", Tier.APPLICATION.name(), 10, SERVER).withIngress(Rule.deny(CLIENT))));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("application", "a-deny", 0), Action.DENY));
    }

    @Test
    void withinAPolicyTheFirstMatchingRuleDecides() {
        Reason reason = ingressReason(twoWorkloads().policy(
                Policy.of("p", Tier.APPLICATION.name(), 10, SERVER).withIngress(
                        Rule.deny(CLIENT, PortMatch.tcp(22)),
                        Rule.allow(CLIENT, PortMatch.tcp(80)),
                        Rule.any(Action.DENY))));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("application", "p", 1), Action.ALLOW));
    }

    @Test
    void passSkipsTheRemainingTieredRulesToTheKubernetesLayer() {
        PolicyModel.Builder builder = twoWorkloads().policy(
                        Policy.of("delegate", Tier.SECURITY.name(), 1, SERVER).withIngress(Rule.pass(CLIENT)),
                        Policy.of("deny-all", Tier.BASELINE.name(), 1, SERVER).withIngress(Rule.any(Action.DENY)))
                .networkPolicy(KubernetesNetworkPolicy.of("default", "from-client", LabelSelector.of("app", "server"))
                        .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("app", "client")))));

        Explanation explanation = PolicyEvaluator.of(builder.build()).explain(Connection.tcp("client", "server", 80));

        assertThat(explanation.ingress().reason())
                .isEqualTo(new Reason.NetworkPolicyRule("default/from-client", Direction.INGRESS, 0));
        assertThat(explanation.ingress().passedAt()).contains(ingress("security", "delegate", 0));
    }

    @Test
    void passFallsThroughToTheDefaultPostureWithoutNetworkPolicies() {
        Explanation explanation = PolicyEvaluator.of(twoWorkloads().posture(Posture.DENY).policy(
                        Policy.of("delegate", Tier.SECURITY.name(), 1, SERVER).withIngress(Rule.pass(CLIENT)),
                        Policy.of("allow", Tier.BASELINE.name(), 1, SERVER).withIngress(Rule.any(Action.ALLOW))).build())
                .explain(Connection.tcp("client", "server", 80));

        assertThat(explanation.ingress().reason()).isEqualTo(new Reason.DefaultPosture(Posture.DENY));
    }

    @Test
    void aTieredAllowBeatsNetworkPolicyIsolation() {
        Reason reason = ingressReason(twoWorkloads()
                .policy(Policy.of("allow", Tier.APPLICATION.name(), 1, SERVER).withIngress(Rule.allow(CLIENT)))
                .networkPolicy(KubernetesNetworkPolicy.of("default", "deny", LabelSelector.EVERYTHING)));

        assertThat(reason).isEqualTo(new Reason.TieredRule(ingress("application", "allow", 0), Action.ALLOW));
    }

    @Test
    void aRuleWithoutPeersMatchesBareAddressesToo() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(twoWorkloads().policy(
                Policy.of("deny-all", Tier.BASELINE.name(), 1, SERVER).withIngress(Rule.any(Action.DENY))).build());

        assertThat(evaluator.verdict(Connection.tcp("192.0.2.1", "server", 80))).isEqualTo(Verdict.DENY);
        assertThat(evaluator.verdict(Connection.icmp("192.0.2.1", "server"))).isEqualTo(Verdict.DENY);
    }

    @Test
    void icmpRulesMatchAllIcmp() {
        PolicyEvaluator evaluator = PolicyEvaluator.of(twoWorkloads().posture(Posture.DENY).policy(
                Policy.of("ping", Tier.BASELINE.name(), 1, AppliedTo.workloads(WorkloadSelector.ALL))
                        .withIngress(new Rule(List.of(), List.of(PortMatch.icmp()), Action.ALLOW))
                        .withEgress(new Rule(List.of(), List.of(PortMatch.icmp()), Action.ALLOW))).build());

        assertThat(evaluator.verdict(Connection.of("client", "server", Protocol.ICMP, 8)))
                .isEqualTo(Verdict.ALLOW);
        assertThat(evaluator.verdict(Connection.tcp("client", "server", 8))).isEqualTo(Verdict.DENY);
    }
}
