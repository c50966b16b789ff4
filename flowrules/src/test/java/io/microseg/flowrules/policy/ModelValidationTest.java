package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.fixtures.EnvironmentSeparationExample;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import io.microseg.flowrules.policy.fixtures.StagedRolloutExample;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

    @Test
    void theSharedExamplesAreValid() {
        assertThat(ThreeTierExample.model().validate()).isEmpty();
        assertThat(EnvironmentSeparationExample.model().validate()).isEmpty();
        assertThat(StagedRolloutExample.model().validate()).isEmpty();
        assertThat(KubernetesE2eCluster.builder().build().validate()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        PolicyModel model = PolicyModel.builder()
                .namespace(Namespace.of("prod", "env", "prod"))
                .workload(
                        Workload.of("prod", "web1", Labels.of("tier", "web"), "10.0.0.1"),
                        Workload.of("prod", "web2", Labels.of("tier", "-web"), "10.0.0.1"),
                        Workload.of("staging", "app1", Labels.EMPTY, "10.0.0.3"))
                .segment(Segment.of("web", WorkloadSelector.labels("tier", "web")),
                        new Segment("empty", Optional.empty(), List.of()))
                .policy(Policy.of("web-tier", "no-such-tier", 1, AppliedTo.segment("wbe"))
                        .withIngress(new Rule(List.of(Peer.segment("lbs")),
                                List.of(PortMatch.tcp(0), PortMatch.range(Protocol.TCP, 90, 80),
                                        new PortMatch(Protocol.TCP, Optional.of(TransportPort.named("http")), Optional.of(90))),
                                Action.ALLOW)),
                        Policy.of("web-tier", Tier.APPLICATION.name(), 2, AppliedTo.segment("web")))
                .networkPolicy(KubernetesNetworkPolicy.of("nowhere", "np", LabelSelector.EVERYTHING)
                        .withIngress(KubernetesRule.from(new KubernetesPeer.Pods(Optional.empty(), Optional.empty()),
                                PortMatch.tcp(70000))))
                .tier(Tier.of("application", 999))
                .build();

        List<Problem> problems = model.validate();

        assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
                "workloads[1].labels[tier]",
                "workloads[2].namespace",
                "workloads[1].addresses[0]",
                "segments[1]",
                "tiers[4]",
                "policies[0].ingress[0].ports[0].port",
                "policies[0].ingress[0].ports[1].endPort",
                "policies[0].ingress[0].ports[2].endPort",
                "policies[0].tier",
                "policies[0].appliedTo[0].segment",
                "policies[0].ingress[0].peers[0].segment",
                "policies[1]",
                "networkPolicies[0].ingress[0].peers[0]",
                "networkPolicies[0].ingress[0].ports[0].port",
                "networkPolicies[0].namespace");
        assertThat(problems).filteredOn(p -> p.path().equals("workloads[1].addresses[0]")).extracting(Problem::message)
                .containsExactly("10.0.0.1 is already an address of prod/web1");
    }

    @Test
    void aPolicyCannotApplyToASegmentOfOnlyIpBlocks() {
        PolicyModel model = ThreeTierExample.builder()
                .segment(Segment.of("partners", IpBlock.parse("192.0.2.0/24")))
                .policy(Policy.of("partners", Tier.APPLICATION.name(), 1, AppliedTo.segment("partners")))
                .build();

        assertThat(model.validate()).extracting(Problem::message)
                .containsExactly("segment partners has only IP blocks; a policy applies to workloads");
    }

    @Test
    void aPolicyMustApplyToSomething() {
        PolicyModel model = PolicyModel.builder().policy(Policy.of("nothing", Tier.BASELINE.name(), 1)).build();

        assertThat(model.validate()).extracting(Problem::path).containsExactly("policies[0].appliedTo");
    }

    @Test
    void duplicatesAcrossTheModelAreProblems() {
        PolicyModel model = PolicyModel.builder()
                .namespace(Namespace.of("a"), Namespace.of("a"))
                .workload(Workload.of("w"), Workload.of("w"))
                .enforcement(EnforcementSetting.of("e", WorkloadSelector.ALL, EnforcementMode.MONITOR),
                        EnforcementSetting.of("e", WorkloadSelector.ALL, EnforcementMode.ENFORCE))
                .networkPolicy(KubernetesNetworkPolicy.of("a", "np", LabelSelector.EVERYTHING),
                        KubernetesNetworkPolicy.of("a", "np", LabelSelector.EVERYTHING))
                .build();

        assertThat(model.validate()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "namespaces[1]: duplicate namespace: a",
                "workloads[1]: duplicate workload: default/w",
                "enforcementSettings[1]: duplicate enforcement setting: e",
                "networkPolicies[1]: duplicate NetworkPolicy: a/np");
    }

    @Test
    void workloadProblemsCoverNamedPortsAndRepeatedAddresses() {
        Workload workload = Workload.of("prod", "web1", Labels.EMPTY, "10.0.0.1", "10.0.0.1")
                .withNamedPorts(NamedPort.tcp("https", 443), NamedPort.tcp("https", 8443), NamedPort.tcp("Bad", 0));

        assertThat(workload.problems("w")).extracting(Problem::path).containsExactlyInAnyOrder(
                "w.addresses[1]", "w.namedPorts[1].name", "w.namedPorts[2].name", "w.namedPorts[2].port");
    }
}
