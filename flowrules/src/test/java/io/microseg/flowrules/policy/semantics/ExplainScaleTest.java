package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.WorkloadSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 10,000 explanations over a model of 1,000 workloads each agree with the verdict the model's construction implies
 * (a closed-form oracle written from how {@link #largeModel} builds it, independent of the evaluator's index); times
 * are printed, speed is measured by the benchmark.
 */
class ExplainScaleTest {

    private static final int NAMESPACES = 10;
    private static final int APPS_PER_NAMESPACE = 20;
    private static final int WORKLOADS_PER_APP = 10;
    private static final List<String> TIERS = List.of("web", "app", "db", "cache", "queue");

    @Test
    void tenThousandExplanationsOnAThousandWorkloadsAgreeWithTheConstruction() {
        PolicyModel model = largeModel();
        long buildStart = System.nanoTime();
        PolicyEvaluator evaluator = PolicyEvaluator.of(model);
        long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
        List<Connection> connections = connections(model, 10_000);
        connections.forEach(evaluator::explain);

        long start = System.nanoTime();
        int allowed = 0;
        List<Boolean> verdicts = new ArrayList<>(connections.size());
        for (Connection connection : connections) {
            boolean allows = evaluator.explain(connection).verdict().allows();
            verdicts.add(allows);
            allowed += allows ? 1 : 0;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<WorkloadId, Workload> byId = new HashMap<>();
        model.workloads().forEach(workload -> byId.put(workload.id(), workload));
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            Connection connection = connections.get(i);
            boolean expected = constructionAllows(byId.get(((Endpoint.OfWorkload) connection.source()).id()),
                    byId.get(((Endpoint.OfWorkload) connection.destination()).id()), connection.port());
            if (verdicts.get(i) != expected) {
                disagreements.add(connection + ": evaluator " + verdicts.get(i) + ", construction " + expected);
            }
        }

        System.out.printf("policy index over %d workloads, %d policies built in %d ms; 10000 explanations in %d ms"
                + " (%d allowed)%n", model.workloads().size(), model.policies().size(), buildMillis, millis, allowed);
        assertThat(disagreements).as("%d of %d connections", disagreements.size(), connections.size()).isEmpty();
        assertThat(allowed).isPositive().isLessThan(connections.size());
    }

    /**
     * What {@link #largeModel} allows: egress is open to all (baseline); a prod workload refuses dev sources (security
     * tier, first); a non-web tier admits its own app's previous tier on 8000 + its tier index (application tier, any
     * namespace); every workload admits its own namespace on 9100 (NetworkPolicy, which isolates every pod); the
     * rest is refused. A workload to itself is allowed.
     */
    private static boolean constructionAllows(Workload source, Workload destination, int port) {
        if (source.equals(destination)) {
            return true;
        }
        if (namespaceIndex(destination) % 2 == 0 && namespaceIndex(source) % 2 == 1) {
            return false;
        }
        int tier = TIERS.indexOf(label(destination, "tier"));
        if (tier >= 1 && label(source, "app").equals(label(destination, "app"))
                && label(source, "tier").equals(TIERS.get(tier - 1)) && port == 8000 + tier) {
            return true;
        }
        return port == 9100 && source.namespace().equals(destination.namespace());
    }

    private static int namespaceIndex(Workload workload) {
        return Integer.parseInt(workload.namespace().substring(2));
    }

    private static String label(Workload workload, String key) {
        return workload.labels().get(key).orElseThrow();
    }

    private static PolicyModel largeModel() {
        PolicyModel.Builder builder = PolicyModel.builder();
        List<String> tiers = TIERS;
        int address = 0;
        for (int n = 0; n < NAMESPACES; n++) {
            String namespace = "ns" + n;
            builder.namespace(Namespace.of(namespace, "env", n % 2 == 0 ? "prod" : "dev"));
            for (int a = 0; a < APPS_PER_NAMESPACE; a++) {
                String app = "app" + a;
                for (int w = 0; w < WORKLOADS_PER_APP; w++) {
                    address++;
                    builder.workload(Workload.of(namespace, app + "-" + w,
                            Labels.of("app", app, "tier", tiers.get(w % tiers.size())),
                            "10." + (address >> 16) + "." + ((address >> 8) & 0xff) + "." + (address & 0xff)));
                }
                String prevTier = tiers.get(0);
                for (int t = 1; t < tiers.size(); t++) {
                    String tier = tiers.get(t);
                    builder.policy(Policy.of(namespace + "-" + app + "-" + tier, Tier.APPLICATION.name(), t,
                                    AppliedTo.workloads(WorkloadSelector.of(LabelSelector.of("app", app, "tier", tier),
                                            LabelSelector.of("kubernetes.io/metadata.name", namespace))))
                            .withIngress(Rule.allow(Peer.workloads(WorkloadSelector.labels("app", app, "tier", prevTier)),
                                    PortMatch.tcp(8000 + t)))
                            .withEgress(Rule.allow(Peer.ipBlock(IpBlock.parse("192.168.0.0/16")), PortMatch.udp(514))));
                    prevTier = tier;
                }
            }
            builder.networkPolicy(KubernetesNetworkPolicy.of(namespace, "from-same-namespace", LabelSelector.EVERYTHING)
                    .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.EVERYTHING), PortMatch.tcp(9100))));
        }
        builder.policy(Policy.of("guardrail", Tier.SECURITY.name(), 1, AppliedTo.workloads(WorkloadSelector.of(
                        LabelSelector.EVERYTHING, LabelSelector.of("env", "prod"))))
                .withIngress(Rule.deny(Peer.workloads(WorkloadSelector.of(LabelSelector.EVERYTHING,
                        LabelSelector.of("env", "dev"))))));
        builder.policy(Policy.of("egress-open", Tier.BASELINE.name(), 1, AppliedTo.workloads(WorkloadSelector.ALL))
                .withEgress(Rule.any(Action.ALLOW)));
        return builder.build();
    }

    private static List<Connection> connections(PolicyModel model, int count) {
        Random random = new Random(7);
        List<Workload> workloads = model.workloads();
        int[] ports = {8001, 8002, 8003, 8004, 9100, 22};
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Workload source = workloads.get(random.nextInt(workloads.size()));
            Workload destination = random.nextInt(4) == 0 ? workloads.get(random.nextInt(workloads.size()))
                    : workloads.get(Math.max(0, Math.min(workloads.size() - 1, workloads.indexOf(source) + 1)));
            connections.add(Connection.of(Endpoint.workload(source.id()), Endpoint.workload(destination.id()),
                    Protocol.TCP, ports[random.nextInt(ports.length)]));
        }
        return connections;
    }
}
