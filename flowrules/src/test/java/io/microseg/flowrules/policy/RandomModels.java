package io.microseg.flowrules.policy;

import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The one generator of random valid models for the randomized suites (reference semantics properties, oracle
 * agreement, conntrack zones, port security): a small world (two namespaces, three to nine workloads, some with two
 * addresses, three bare addresses) with tiers, allow/deny/pass, segments with IP blocks, named ports, port ranges,
 * NetworkPolicies, modes, posture, staged policies. Deterministic for a seed (or for the state of the given
 * {@link Random}), so a failing case is replayed from the seed its test reports.
 */
public final class RandomModels {

    public static final List<String> BARE_ADDRESSES = List.of("192.0.2.1", "10.0.0.100", "203.0.113.9");
    private static final List<String> NAMESPACES = List.of("n1", "n2");
    private static final List<String> TIERS = List.of("web", "app", "db");

    private final Random random;

    public RandomModels(Random random) {
        this.random = random;
    }

    public RandomModels(long seed) {
        this(new Random(seed));
    }

    public PolicyModel model() {
        PolicyModel.Builder builder = PolicyModel.builder()
                .namespace(Namespace.of("n1", "env", "prod"), Namespace.of("n2", "env", "dev"))
                .posture(pick(Posture.values()))
                .defaultMode(pick(EnforcementMode.values()));
        int workloads = 3 + random.nextInt(7);
        for (int i = 0; i < workloads; i++) {
            Labels labels = Labels.of("tier", pick(TIERS));
            if (random.nextBoolean()) {
                labels = labels.with("role", random.nextBoolean() ? "a" : "b");
            }
            Workload workload = Workload.of(pick(NAMESPACES), "w" + i, labels, "10.0.0." + (i + 1))
                    .withNamedPorts(NamedPort.tcp("http", random.nextBoolean() ? 80 : 8080),
                            NamedPort.of("dns", Protocol.UDP, 53));
            if (random.nextInt(4) == 0) {
                workload = workload.withAddresses(workload.addresses().get(0),
                        Ipv4Address.parse("10.0.1." + (i + 1)));
            }
            builder.workload(workload);
        }
        builder.segment(Segment.of("s0", WorkloadSelector.labels("tier", pick(TIERS))),
                Segment.of("s1", ipBlock()),
                Segment.of("s2", WorkloadSelector.labels("role", "a")).withIpBlocks(ipBlock()));
        int policies = random.nextInt(7);
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

    public Policy policy(String name) {
        AppliedTo appliedTo = switch (random.nextInt(3)) {
            case 0 -> AppliedTo.segment(random.nextBoolean() ? "s0" : "s2");
            default -> AppliedTo.workloads(workloadSelector());
        };
        Policy policy = Policy.of(name, pick(Tier.DEFAULTS).name(), random.nextInt(4), appliedTo);
        return new Policy(policy.name(), policy.tier(), policy.priority(), policy.appliedTo(), rules(), rules(),
                random.nextInt(4) == 0);
    }

    public Rule rule(Action action) {
        List<Peer> peers = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            peers.add(switch (random.nextInt(3)) {
                case 0 -> Peer.segment(pick(List.of("s0", "s1", "s2")));
                case 1 -> Peer.workloads(workloadSelector());
                default -> Peer.ipBlock(ipBlock());
            });
        }
        return new Rule(peers, ports(false), action);
    }

    public Direction direction() {
        return pick(Direction.values());
    }

    /**
     * TCP 80, 8080, 85, UDP 53 and ICMP between every pair of the model's workload addresses and the bare
     * addresses (which no workload has).
     */
    public static List<Connection> connections(PolicyModel model) {
        List<String> endpoints = new ArrayList<>();
        for (Workload workload : model.workloads()) {
            for (Ipv4Address address : workload.addresses()) {
                endpoints.add(address.toString());
            }
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

    public KubernetesRule kubernetesRule() {
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
            ports.add(switch (random.nextInt(kubernetes ? 7 : 9)) {
                case 0 -> PortMatch.tcp(80);
                case 1 -> PortMatch.tcp(8080);
                case 2 -> PortMatch.range(Protocol.TCP, 80, 90);
                case 3 -> PortMatch.named(Protocol.TCP, "http");
                case 4 -> PortMatch.udp(53);
                case 5 -> PortMatch.named(Protocol.UDP, "dns");
                case 6 -> PortMatch.range(Protocol.TCP, 1, 1023);
                case 7 -> PortMatch.all(Protocol.TCP);
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
        return switch (random.nextInt(5)) {
            case 0 -> IpBlock.parse("10.0.0.0/29", "10.0.0." + (1 + random.nextInt(6)) + "/32");
            case 1 -> IpBlock.parse("10.0.0." + (4 * random.nextInt(2)) + "/30");
            case 2 -> IpBlock.parse("192.0.2.0/24");
            case 3 -> IpBlock.parse("10.0.0.0/16", "10.0.1.0/24");
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
