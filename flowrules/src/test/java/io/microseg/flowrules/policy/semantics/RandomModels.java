package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelRequirement;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random but valid policy models over a fixed little world (two namespaces, six workloads, two bare
 * addresses), for property tests of the reference semantics. Deterministic for a seed.
 */
final class RandomModels {

    static final List<String> NAMESPACES = List.of("n1", "n2");
    static final List<String> BARE_ADDRESSES = List.of("192.0.2.1", "10.0.0.100");
    static final int WORKLOADS = 6;
    private static final List<String> TIERS = List.of("web", "app", "db");

    private final Random random;

    RandomModels(long seed) {
        this.random = new Random(seed);
    }

    PolicyModel model() {
        PolicyModel.Builder builder = PolicyModel.builder()
                .namespace(Namespace.of("n1", "env", "prod"), Namespace.of("n2", "env", "dev"))
                .posture(pick(Posture.values()))
                .defaultMode(pick(EnforcementMode.values()));
        for (int i = 0; i < WORKLOADS; i++) {
            Labels labels = Labels.of("tier", pick(TIERS));
            if (random.nextBoolean()) {
                labels = labels.with("role", random.nextBoolean() ? "a" : "b");
            }
            builder.workload(Workload.of(pick(NAMESPACES), "w" + i, labels, "10.0.0." + (i + 1))
                    .withNamedPorts(NamedPort.tcp("http", random.nextBoolean() ? 80 : 8080)));
        }
        builder.segment(Segment.of("s0", WorkloadSelector.labels("tier", pick(TIERS))),
                Segment.of("s1", ipBlock()));
        int policies = random.nextInt(6);
        for (int i = 0; i < policies; i++) {
            builder.policy(policy("p" + i));
        }
        int networkPolicies = random.nextInt(3);
        for (int i = 0; i < networkPolicies; i++) {
            builder.networkPolicy(networkPolicy("np" + i));
        }
        int settings = random.nextInt(3);
        for (int i = 0; i < settings; i++) {
            builder.enforcement(EnforcementSetting.of("e" + i, workloadSelector(), pick(EnforcementMode.values())));
        }
        return builder.build();
    }

    Policy policy(String name) {
        AppliedTo appliedTo = random.nextInt(3) == 0 ? AppliedTo.segment("s0") : AppliedTo.workloads(workloadSelector());
        Policy policy = Policy.of(name, pick(Tier.DEFAULTS).name(), random.nextInt(4), appliedTo);
        List<Rule> ingress = rules();
        List<Rule> egress = rules();
        return new Policy(policy.name(), policy.tier(), policy.priority(), policy.appliedTo(), ingress, egress,
                random.nextInt(4) == 0);
    }

    Rule rule(Action action) {
        List<Peer> peers = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            peers.add(switch (random.nextInt(3)) {
                case 0 -> Peer.segment(random.nextBoolean() ? "s0" : "s1");
                case 1 -> Peer.workloads(workloadSelector());
                default -> Peer.ipBlock(ipBlock());
            });
        }
        return new Rule(peers, ports(false), action);
    }

    Direction direction() {
        return pick(Direction.values());
    }

    List<Connection> connections() {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < WORKLOADS; i++) {
            endpoints.add("10.0.0." + (i + 1));
        }
        endpoints.addAll(BARE_ADDRESSES);
        List<Connection> connections = new ArrayList<>();
        for (String source : endpoints) {
            for (String destination : endpoints) {
                connections.add(Connection.tcp(source, destination, 80));
                connections.add(Connection.tcp(source, destination, 8080));
                connections.add(Connection.tcp(source, destination, 85));
                connections.add(Connection.udp(source, destination, 53));
                connections.add(Connection.icmp(source, destination));
            }
        }
        return connections;
    }

    KubernetesRule kubernetesRule() {
        List<KubernetesPeer> peers = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            peers.add(switch (random.nextInt(4)) {
                case 0 -> KubernetesPeer.pods(labelSelector());
                case 1 -> KubernetesPeer.namespaces(LabelSelector.of("env", random.nextBoolean() ? "prod" : "dev"));
                case 2 -> KubernetesPeer.podsInNamespaces(labelSelector(), LabelSelector.EVERYTHING);
                default -> KubernetesPeer.ipBlock(ipBlock());
            });
        }
        return new KubernetesRule(peers, ports(true));
    }

    private KubernetesNetworkPolicy networkPolicy(String name) {
        KubernetesNetworkPolicy policy = KubernetesNetworkPolicy.of(pick(NAMESPACES), name, labelSelector());
        int ingress = random.nextInt(3);
        for (int i = 0; i < ingress; i++) {
            policy = policy.withIngress(kubernetesRule());
        }
        int egress = random.nextInt(3);
        for (int i = 0; i < egress; i++) {
            policy = policy.withEgress(kubernetesRule());
        }
        return switch (random.nextInt(4)) {
            case 0 -> policy.withPolicyTypes(Direction.INGRESS);
            case 1 -> policy.withPolicyTypes(Direction.EGRESS);
            case 2 -> policy.withPolicyTypes(Direction.INGRESS, Direction.EGRESS);
            default -> policy;
        };
    }

    private List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            rules.add(rule(pick(Action.values())));
        }
        return rules;
    }

    private List<PortMatch> ports(boolean kubernetes) {
        List<PortMatch> ports = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            ports.add(switch (random.nextInt(kubernetes ? 5 : 6)) {
                case 0 -> PortMatch.tcp(80);
                case 1 -> PortMatch.tcp(8080);
                case 2 -> PortMatch.range(Protocol.TCP, 80, 90);
                case 3 -> PortMatch.named(Protocol.TCP, "http");
                case 4 -> PortMatch.udp(53);
                default -> PortMatch.icmp();
            });
        }
        return ports;
    }

    private WorkloadSelector workloadSelector() {
        return switch (random.nextInt(4)) {
            case 0 -> WorkloadSelector.ALL;
            case 1 -> WorkloadSelector.of(labelSelector(), LabelSelector.of("env", random.nextBoolean() ? "prod" : "dev"));
            default -> WorkloadSelector.of(labelSelector());
        };
    }

    private LabelSelector labelSelector() {
        return switch (random.nextInt(5)) {
            case 0 -> LabelSelector.EVERYTHING;
            case 1 -> LabelSelector.of(LabelRequirement.exists("role"));
            case 2 -> LabelSelector.of(LabelRequirement.notIn("tier", pick(TIERS)));
            default -> LabelSelector.of("tier", pick(TIERS));
        };
    }

    private IpBlock ipBlock() {
        return switch (random.nextInt(4)) {
            case 0 -> IpBlock.parse("10.0.0.0/29", "10.0.0." + (1 + random.nextInt(6)) + "/32");
            case 1 -> IpBlock.parse("10.0.0." + (4 * random.nextInt(2)) + "/30");
            case 2 -> IpBlock.parse("192.0.2.0/24");
            default -> IpBlock.parse("0.0.0.0/0");
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
