package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.fixtures.KubernetesE2eCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream e2e port cases: numbers, protocols, endPort ranges, named ports resolved on the destination. */
class KubernetesPortsTest {

    private static PolicyEvaluator ingressToXaOn(PortMatch... ports) {
        return KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "to-a", LabelSelector.of("pod", "a"))
                .withIngress(KubernetesRule.of(List.of(), List.of(ports))));
    }

    private static boolean allowed(PolicyEvaluator evaluator, String from, String to, Protocol protocol, int port) {
        return evaluator.verdict(Connection.of(from, to, protocol, port)).allows();
    }

    @Test
    void onlyTheListedPortAndProtocol() {
        PolicyEvaluator evaluator = ingressToXaOn(PortMatch.tcp(80));

        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 80)).isTrue();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 81)).isFalse();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.UDP, 80)).isFalse();
        assertThat(allowed(evaluator, "y/b", "x/b", Protocol.TCP, 81)).as("x/b is not selected").isTrue();
    }

    @Test
    void aPortWithoutNumberMeansEveryPortOfTheProtocol() {
        PolicyEvaluator evaluator = ingressToXaOn(PortMatch.all(Protocol.UDP));

        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.UDP, 5353)).isTrue();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 80)).isFalse();
    }

    @Test
    void endPortMakesARangeInclusiveOfBothEnds() {
        PolicyEvaluator evaluator = ingressToXaOn(PortMatch.range(Protocol.TCP, 80, 81));

        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 79)).isFalse();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 80)).isTrue();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 81)).isTrue();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 82)).isFalse();
    }

    @Test
    void aNamedPortAllowsOnlyTheNumberTheDestinationGivesIt() {
        PolicyEvaluator evaluator = ingressToXaOn(PortMatch.named(Protocol.TCP, "serve-81-tcp"));

        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 81)).isTrue();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.TCP, 80)).isFalse();
        assertThat(allowed(evaluator, "y/b", "x/a", Protocol.UDP, 81)).as("the name is per protocol").isFalse();
    }

    @Test
    void aNamedEgressPortResolvesOnEachDestination() {
        PolicyModel model = PolicyModel.builder().posture(Posture.ALLOW)
                .workload(Workload.of("default", "client", Labels.of("app", "client"), "10.0.0.1"),
                        Workload.of("default", "old", Labels.of("app", "server"), "10.0.0.2")
                                .withNamedPorts(NamedPort.tcp("http", 8080)),
                        Workload.of("default", "new", Labels.of("app", "server"), "10.0.0.3")
                                .withNamedPorts(NamedPort.tcp("http", 9090)))
                .networkPolicy(KubernetesNetworkPolicy.of("default", "client-egress", LabelSelector.of("app", "client"))
                        .withPolicyTypes(Direction.EGRESS)
                        .withEgress(KubernetesRule.of(List.of(), List.of(PortMatch.named(Protocol.TCP, "http")))))
                .build();
        PolicyEvaluator evaluator = PolicyEvaluator.of(model);

        assertThat(allowed(evaluator, "client", "old", Protocol.TCP, 8080)).isTrue();
        assertThat(allowed(evaluator, "client", "new", Protocol.TCP, 9090)).isTrue();
        assertThat(allowed(evaluator, "client", "new", Protocol.TCP, 8080)).isFalse();
        assertThat(allowed(evaluator, "client", "192.0.2.1", Protocol.TCP, 8080)).as("a bare address has no named ports")
                .isFalse();
    }

    @Test
    void aRuleWithoutPortsAllowsEveryProtocolAndPort() {
        PolicyEvaluator evaluator = KubernetesE2eCluster.with(KubernetesNetworkPolicy.of("x", "to-a", LabelSelector.of("pod", "a"))
                .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("pod", "b")))));

        assertThat(allowed(evaluator, "x/b", "x/a", Protocol.TCP, 1)).isTrue();
        assertThat(allowed(evaluator, "x/b", "x/a", Protocol.UDP, 65535)).isTrue();
        assertThat(allowed(evaluator, "x/b", "x/a", Protocol.ICMP, 0)).isTrue();
        assertThat(allowed(evaluator, "x/c", "x/a", Protocol.TCP, 80)).isFalse();
    }
}
