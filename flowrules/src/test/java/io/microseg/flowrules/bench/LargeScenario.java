package io.microseg.flowrules.bench;

import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.Endpoint;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortInfo;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.path.PathTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The policy issue's benchmark scenario, deterministic for a seed: 10,000 workloads on a leaf-spine fabric of 100
 * switches (4 spines, 96 leaves; workloads on the leaves, the gateway on the last leaf), 3 environments (namespaces
 * prod, dev, test) x 50 applications x 3 tiers (web, app, db) plus shared infrastructure (load balancers, monitoring,
 * bastions, backup, DNS, logging), and 1,000 policies: 913 native policies (six per environment and application,
 * security guardrails, infrastructure and baseline) and 87 Kubernetes NetworkPolicies. Dev is monitored, canaries in
 * test alert. Also: the three single changes the benchmarks time, and explain queries.
 */
public final class LargeScenario {

    public static final int WORKLOADS = 10_000;
    public static final int SWITCHES = 100;
    public static final int SPINES = 4;
    public static final int LEAVES = SWITCHES - SPINES;
    public static final int APPS = 50;
    public static final List<String> ENVS = List.of("prod", "dev", "test");
    public static final List<String> TIERS = List.of("web", "app", "db");
    public static final long DEFAULT_SEED = 20240601L;

    /** The scenario: model, network and the workload the label change relabels. */
    public record Scenario(PolicyModel model, NetworkView view, long seed) {

        /** The model with one workload (a prod web workload) relabelled to the app tier. */
        public PolicyModel withOneLabelChanged() {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            for (int i = workloads.size() / 2; i < workloads.size(); i++) {
                Workload w = workloads.get(i);
                if (w.namespace().equals("prod") && w.labels().get("tier").orElse("").equals("web")
                        && w.labels().get("quarantine").isEmpty()) {
                    workloads.set(i, w.withLabels(w.labels().with("tier", "app")));
                    return withWorkloads(model, workloads);
                }
            }
            throw new IllegalStateException("no prod web workload");
        }

        /** The model with one new prod web workload of app7 on leaf 50. */
        public PolicyModel withOneNewWorkload() {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            workloads.add(new Workload("newcomer", "prod", Labels.of("app", "app7", "tier", "web", "version", "v1"),
                    List.of(Ipv4Address.parse("10.200.0.1")), Optional.of(MacAddress.of(0x0299_0000_0001L)),
                    List.of(NamedPort.tcp("http", 8080)),
                    Optional.of(WorkloadLocation.of(leaf(50), PortNumber.of(4000)))));
            return withWorkloads(model, workloads);
        }

        /** The model with one new ingress rule (deny ssh from the partners) at the end of one policy. */
        public PolicyModel withOneNewRule() {
            List<Policy> policies = new ArrayList<>(model.policies());
            for (int i = 0; i < policies.size(); i++) {
                if (policies.get(i).name().equals("prod-app3-db")) {
                    Policy p = policies.get(i);
                    List<Rule> ingress = new ArrayList<>(p.rules(Direction.INGRESS));
                    ingress.add(Rule.deny(Peer.segment("partners"), PortMatch.tcp(22)));
                    policies.set(i, new Policy(p.name(), p.tier(), p.priority(), p.appliedTo(), ingress,
                            p.rules(Direction.EGRESS), p.staged()));
                    return model.withPolicies(policies);
                }
            }
            throw new IllegalStateException("no policy prod-app3-db");
        }

        /** {@code count} new connections between workloads, most within one application, over the ports in use. */
        public List<Connection> connections(int count) {
            Random random = new Random(seed ^ 0x5eed);
            List<Workload> workloads = model.workloads();
            Map<String, List<Workload>> byApp = new HashMap<>();
            for (Workload w : workloads) {
                byApp.computeIfAbsent(w.namespace() + "/" + w.labels().get("app").orElse("-"), k -> new ArrayList<>())
                        .add(w);
            }
            int[] ports = {443, 8080, 5432, 22, 9100, 53, 9003, 8050, 23};
            List<Connection> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Workload source = workloads.get(random.nextInt(workloads.size()));
                Workload destination;
                if (random.nextInt(4) == 0) {
                    destination = workloads.get(random.nextInt(workloads.size()));
                } else {
                    List<Workload> peers = byApp.get(source.namespace() + "/" + source.labels().get("app").orElse("-"));
                    destination = peers.get(random.nextInt(peers.size()));
                }
                int port = ports[random.nextInt(ports.length)];
                out.add(Connection.of(Endpoint.workload(source.id()), Endpoint.workload(destination.id()),
                        port == 53 ? Protocol.UDP : Protocol.TCP, port));
            }
            return out;
        }
    }

    private LargeScenario() {
    }

    public static Scenario build() {
        return build(DEFAULT_SEED);
    }

    public static Scenario build(long seed) {
        return new Scenario(model(seed), fabric(), seed);
    }

    public static DatapathId spine(int index) {
        return DatapathId.of(1 + index);
    }

    public static DatapathId leaf(int index) {
        return DatapathId.of(1 + SPINES + index);
    }

    /** The gateway: the last leaf (a border leaf), port 9. */
    public static ConnectPoint gateway() {
        return ConnectPoint.of(leaf(LEAVES - 1).value(), 9);
    }

    /**
     * Leaf-spine: spine s (dpid 1..4) port l+1 to leaf l (dpid 5..100) port s+1; next hops from the topology's path
     * table, trunks from its links, gateway on the border leaf.
     */
    public static NetworkView fabric() {
        Instant seen = Instant.parse("2024-06-01T00:00:00Z");
        List<TopologyEvent> events = new ArrayList<>();
        for (int s = 0; s < SPINES; s++) {
            events.add(new TopologyEvent.SwitchUp(SwitchInfo.of(spine(s),
                    IntStream.rangeClosed(1, LEAVES).mapToObj(p -> PortInfo.up(p, "p" + p)).toList())));
        }
        for (int l = 0; l < LEAVES; l++) {
            events.add(new TopologyEvent.SwitchUp(SwitchInfo.of(leaf(l),
                    IntStream.rangeClosed(1, SPINES + 6).mapToObj(p -> PortInfo.up(p, "p" + p)).toList())));
        }
        for (int s = 0; s < SPINES; s++) {
            for (int l = 0; l < LEAVES; l++) {
                Link link = Link.of(spine(s).value(), l + 1, leaf(l).value(), s + 1);
                events.add(new TopologyEvent.LinkUp(link, seen));
                events.add(new TopologyEvent.LinkUp(link.reverse(), seen));
            }
        }
        TopologySnapshot snapshot = TopologySnapshot.empty().applyAll(events);
        return NetworkView.of(snapshot, PathTable.compute(snapshot)).withGateway(gateway());
    }

    private static PolicyModel withWorkloads(PolicyModel model, List<Workload> workloads) {
        return new PolicyModel(model.namespaces(), workloads, model.segments(), model.policies(),
                model.networkPolicies(), model.tiers(), model.enforcementSettings(), model.settings());
    }

    private static WorkloadSelector in(String env, String... labels) {
        return WorkloadSelector.of(LabelSelector.of(labels), LabelSelector.of("env", env));
    }

    static PolicyModel model(long seed) {
        Random random = new Random(seed);
        PolicyModel.Builder builder = PolicyModel.builder();
        for (String env : ENVS) {
            builder.namespace(Namespace.of(env, "env", env));
        }
        builder.namespace(Namespace.of("infra", "env", "infra"));

        int[] perLeaf = new int[LEAVES];
        List<String[]> infra = List.of(new String[] {"lb", "8"}, new String[] {"monitoring", "4"},
                new String[] {"bastion", "3"}, new String[] {"backup", "3"}, new String[] {"dns", "4"},
                new String[] {"logging", "2"});
        int index = 0;
        for (String[] role : infra) {
            for (int i = 0; i < Integer.parseInt(role[1]); i++) {
                builder.workload(workload(random, perLeaf, index++, "infra", role[0] + "-" + i,
                        Labels.of("role", role[0]), List.of()));
            }
        }
        int quarantined = 0;
        while (index < WORKLOADS) {
            String env = ENVS.get(random.nextInt(ENVS.size()));
            String app = "app" + random.nextInt(APPS);
            int roll = random.nextInt(100);
            String tier = roll < 40 ? "web" : roll < 75 ? "app" : "db";
            Labels labels = Labels.of("app", app, "tier", tier, "version", random.nextInt(10) == 0 ? "canary" : "v1");
            if (quarantined < 3 && random.nextInt(2000) == 0) {
                labels = labels.with("quarantine", "true");
                quarantined++;
            }
            List<NamedPort> ports = tier.equals("web")
                    ? List.of(NamedPort.tcp("http", random.nextInt(10) == 0 ? 8443 : 8080)) : List.of();
            builder.workload(workload(random, perLeaf, index, env, app + "-" + tier + "-" + index, labels, ports));
            index++;
        }

        builder.segment(Segment.of("lb", WorkloadSelector.labels("role", "lb")),
                Segment.of("monitoring", WorkloadSelector.labels("role", "monitoring")),
                Segment.of("bastion", WorkloadSelector.labels("role", "bastion")),
                Segment.of("backup", WorkloadSelector.labels("role", "backup")),
                Segment.of("partners", IpBlock.parse("198.51.100.0/24"),
                        IpBlock.parse("203.0.113.0/24", "203.0.113.128/25")),
                Segment.of("log-servers", WorkloadSelector.labels("role", "logging"))
                        .withIpBlocks(IpBlock.parse("192.0.2.64/28")));

        // 6 x 3 x 50 = 900 native policies, one set per environment and application
        for (String env : ENVS) {
            for (int a = 0; a < APPS; a++) {
                String app = "app" + a;
                String p = env + "-" + app;
                String app1 = "app" + ((a + 1) % APPS);
                String app7 = "app" + ((a + 7) % APPS);
                builder.policy(
                        Policy.of(p + "-web", Tier.APPLICATION.name(), 10, AppliedTo.workloads(in(env, "app", app, "tier", "web")))
                                .withIngress(Rule.allow(Peer.segment("lb"), PortMatch.tcp(443), PortMatch.named(Protocol.TCP, "http")))
                                .withEgress(Rule.allow(Peer.workloads(in(env, "app", app, "tier", "app")), PortMatch.tcp(8080))),
                        Policy.of(p + "-app", Tier.APPLICATION.name(), 20, AppliedTo.workloads(in(env, "app", app, "tier", "app")))
                                .withIngress(Rule.allow(Peer.workloads(in(env, "app", app, "tier", "web")), PortMatch.tcp(8080)))
                                .withEgress(Rule.allow(Peer.workloads(in(env, "app", app, "tier", "db")), PortMatch.tcp(5432)),
                                        Rule.allow(Peer.segment("partners"), PortMatch.tcp(443))),
                        Policy.of(p + "-db", Tier.APPLICATION.name(), 30, AppliedTo.workloads(in(env, "app", app, "tier", "db")))
                                .withIngress(Rule.allow(Peer.workloads(in(env, "app", app, "tier", "app")), PortMatch.tcp(5432)),
                                        Rule.allow(Peer.segment("backup"), PortMatch.range(Protocol.TCP, 9000, 9009))),
                        Policy.of(p + "-ops", Tier.APPLICATION.name(), 40, AppliedTo.workloads(in(env, "app", app)))
                                .withIngress(Rule.allow(Peer.segment("bastion"), PortMatch.tcp(22))),
                        Policy.of(p + "-metrics", Tier.APPLICATION.name(), 50, AppliedTo.workloads(in(env, "app", app)))
                                .withIngress(Rule.allow(Peer.segment("monitoring"), PortMatch.tcp(9100))),
                        Policy.of(p + "-deps", Tier.APPLICATION.name(), 60, AppliedTo.workloads(in(env, "app", app, "tier", "app")))
                                .withEgress(Rule.allow(Peer.workloads(in(env, "app", app1, "tier", "web")), PortMatch.tcp(443)),
                                        Rule.allow(Peer.workloads(in(env, "app", app7, "tier", "web")), PortMatch.tcp(443))));
            }
        }
        // 5 security guardrails
        WorkloadSelector prod = WorkloadSelector.of(LabelSelector.EVERYTHING, LabelSelector.of("env", "prod"));
        WorkloadSelector dev = WorkloadSelector.of(LabelSelector.EVERYTHING, LabelSelector.of("env", "dev"));
        WorkloadSelector test = WorkloadSelector.of(LabelSelector.EVERYTHING, LabelSelector.of("env", "test"));
        builder.policy(
                Policy.of("quarantine", Tier.SECURITY.name(), 1, AppliedTo.workloads(WorkloadSelector.of(
                                LabelSelector.of("quarantine", "true"), LabelSelector.EVERYTHING)))
                        .withIngress(Rule.any(Action.DENY))
                        .withEgress(Rule.any(Action.DENY)),
                Policy.of("block-telnet", Tier.SECURITY.name(), 5, AppliedTo.workloads(WorkloadSelector.ALL))
                        .withIngress(Rule.of(Action.DENY, List.of(), List.of(PortMatch.tcp(23)))),
                Policy.of("guardrail-prod", Tier.SECURITY.name(), 10, AppliedTo.workloads(prod))
                        .withIngress(Rule.deny(Peer.workloads(dev)), Rule.deny(Peer.workloads(test)))
                        .withEgress(Rule.deny(Peer.workloads(dev)), Rule.deny(Peer.workloads(test))),
                Policy.of("guardrail-dev", Tier.SECURITY.name(), 11, AppliedTo.workloads(dev))
                        .withEgress(Rule.deny(Peer.workloads(prod))),
                Policy.of("guardrail-test", Tier.SECURITY.name(), 12, AppliedTo.workloads(test))
                        .withEgress(Rule.deny(Peer.workloads(prod))));
        // 5 infrastructure policies, 3 baseline
        WorkloadSelector everyone = WorkloadSelector.ALL;
        builder.policy(
                Policy.of("lb", Tier.APPLICATION.name(), 100, AppliedTo.segment("lb"))
                        .withEgress(Rule.allow(Peer.workloads(WorkloadSelector.of(LabelSelector.of("tier", "web"),
                                LabelSelector.EVERYTHING)), PortMatch.tcp(443), PortMatch.named(Protocol.TCP, "http"))),
                Policy.of("monitoring", Tier.APPLICATION.name(), 100, AppliedTo.segment("monitoring"))
                        .withEgress(Rule.allow(Peer.workloads(everyone), PortMatch.tcp(9100))),
                Policy.of("bastion", Tier.APPLICATION.name(), 100, AppliedTo.segment("bastion"))
                        .withEgress(Rule.allow(Peer.workloads(everyone), PortMatch.tcp(22))),
                Policy.of("backup", Tier.APPLICATION.name(), 100, AppliedTo.segment("backup"))
                        .withEgress(Rule.allow(Peer.workloads(WorkloadSelector.of(LabelSelector.of("tier", "db"),
                                LabelSelector.EVERYTHING)), PortMatch.range(Protocol.TCP, 9000, 9009))),
                Policy.of("dns-servers", Tier.APPLICATION.name(), 100, AppliedTo.workloads(
                                WorkloadSelector.of(LabelSelector.of("role", "dns"), LabelSelector.EVERYTHING)))
                        .withIngress(Rule.of(Action.ALLOW, List.of(),
                                List.of(PortMatch.udp(53), PortMatch.tcp(53)))),
                Policy.of("dns-clients", Tier.BASELINE.name(), 10, AppliedTo.workloads(everyone))
                        .withEgress(Rule.allow(Peer.workloads(WorkloadSelector.of(LabelSelector.of("role", "dns"),
                                LabelSelector.EVERYTHING)), PortMatch.udp(53), PortMatch.tcp(53))),
                Policy.of("ntp", Tier.BASELINE.name(), 20, AppliedTo.workloads(everyone))
                        .withEgress(Rule.allow(Peer.ipBlock(IpBlock.parse("192.0.2.123/32")), PortMatch.udp(123))),
                Policy.of("logging", Tier.BASELINE.name(), 30, AppliedTo.workloads(everyone))
                        .withEgress(Rule.allow(Peer.segment("log-servers"), PortMatch.udp(514))));
        // 87 NetworkPolicies: test apps accept their own app on 8000-8100; dev web tiers have an egress allow-list
        for (int a = 0; a < APPS; a++) {
            builder.networkPolicy(KubernetesNetworkPolicy.of("test", "app" + a + "-same-app", LabelSelector.of("app", "app" + a))
                    .withIngress(KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("app", "app" + a)),
                            PortMatch.range(Protocol.TCP, 8000, 8100))));
        }
        for (int a = 0; a < 37; a++) {
            builder.networkPolicy(KubernetesNetworkPolicy.of("dev", "app" + a + "-web-egress",
                            LabelSelector.of("app", "app" + a, "tier", "web"))
                    .withEgress(KubernetesRule.from(KubernetesPeer.ipBlock(IpBlock.parse("0.0.0.0/0", "10.0.0.0/8"))),
                            KubernetesRule.from(KubernetesPeer.pods(LabelSelector.of("app", "app" + a)))));
        }
        builder.enforcement(EnforcementSetting.of("dev-monitor", dev, EnforcementMode.MONITOR),
                EnforcementSetting.of("test-canary-alert", WorkloadSelector.of(LabelSelector.of("version", "canary"),
                        LabelSelector.of("env", "test")), EnforcementMode.ALERT));
        return builder.build();
    }

    /** A workload on a random leaf: address 10.(leaf+1).(n/200).(n%200+1), port 100+n, n its number on the leaf. */
    private static Workload workload(Random random, int[] perLeaf, int index, String namespace, String name,
            Labels labels, List<NamedPort> ports) {
        int l = random.nextInt(LEAVES);
        int n = perLeaf[l]++;
        Ipv4Address address = Ipv4Address.of((10 << 24) | ((l + 1) << 16) | ((n / 200) << 8) | (n % 200 + 1));
        return new Workload(name, namespace, labels, List.of(address), Optional.of(MacAddress.of(0x0200_0000_0000L + index + 1)),
                ports, Optional.of(WorkloadLocation.of(leaf(l), PortNumber.of(100 + n))));
    }
}
