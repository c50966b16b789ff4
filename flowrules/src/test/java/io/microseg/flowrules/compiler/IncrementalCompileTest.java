package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiling with the previous result reuses what did not change (validation, identities, rule fragments, workload
 * flows). It must give exactly what the compiler gives without any of that reuse, from the same allocations (the
 * ids, bits and priorities the previous result keeps stable), and {@code changesFrom} must be the full diff. Seeded
 * random sequences of small changes on a mid-size model; each seed is a case so a failure can be replayed.
 */
class IncrementalCompileTest {

    private static final int STEPS = 25;

    static Stream<Long> seeds() {
        return new Random(4_200_017L).longs(6).boxed();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void reuseGivesWhatAFullCompilationGives(long seed) {
        Random random = new Random(seed);
        NetworkView view = random.nextBoolean() ? EntryCountTest.line(4)
                : EntryCountTest.line(4).withGateway(ConnectPoint.of(4, 100));
        PolicyModel model = withNetworkPolicies(LargeModels.model(400, 10, 4, seed), random);
        CompiledNetwork first = PolicyCompiler.compile(model, view);
        CompiledNetwork previous = first;
        for (int step = 0; step < STEPS; step++) {
            Change change = Change.random(random, model);
            model = change.model();
            String what = "seed " + seed + " step " + step + ": " + change.description();
            CompiledNetwork next = PolicyCompiler.compile(model, view, previous);
            assertSame(what, next, PolicyCompiler.compile(model, view, previous.withoutCaches()));
            assertDiffIsFull(what, next, previous);
            // a compilation from an older result (several changes at once) must not be disturbed by the reuse either
            CompiledNetwork fromFirst = PolicyCompiler.compile(model, view, first);
            assertSame(what + " (from the first)", fromFirst, PolicyCompiler.compile(model, view, first.withoutCaches()));
            assertDiffIsFull(what + " (from the first)", fromFirst, first);
            previous = next;
        }
    }

    /** A few NetworkPolicies in dev and test: isolation, pod and IP-block peers, a port range. */
    private static PolicyModel withNetworkPolicies(PolicyModel model, Random random) {
        PolicyModel.Builder builder = model.toBuilder();
        for (int i = 0; i < 6; i++) {
            builder.networkPolicy(Change.randomNetworkPolicy(random, "np" + i));
        }
        return builder.build();
    }

    private static void assertSame(String what, CompiledNetwork reused, CompiledNetwork full) {
        assertThat(reused.stats()).as(what).isEqualTo(full.stats());
        assertThat(reused.decisions()).as(what).isEqualTo(full.decisions());
        for (DatapathId dpid : full.switches()) {
            assertThat(reused.flowsOf(dpid)).as(what + " at " + dpid).containsExactlyElementsOf(full.flowsOf(dpid));
        }
        assertThat(reused.switches()).as(what).isEqualTo(full.switches());
    }

    private static void assertDiffIsFull(String what, CompiledNetwork next, CompiledNetwork previous) {
        var diffs = next.changesFrom(previous);
        for (DatapathId dpid : next.switches()) {
            assertThat(diffs.get(dpid)).as(what + " diff at " + dpid)
                    .isEqualTo(FlowDiff.between(next.flowsOf(dpid), previous.flowsOf(dpid)));
        }
    }

    /** One small change of a model, described for the failure message. */
    record Change(PolicyModel model, String description) {

        private static final List<String> TIERS = List.of("web", "app", "db");

        static Change random(Random random, PolicyModel model) {
            return switch (random.nextInt(12)) {
                case 11 -> networkPolicies(random, model);
                case 0, 1 -> relabel(random, model);
                case 2 -> addWorkload(random, model);
                case 3 -> removeWorkload(random, model);
                case 4 -> addRule(random, model);
                case 5 -> removeRule(random, model);
                case 6 -> addPolicy(random, model);
                case 7 -> removePolicy(random, model);
                case 8 -> reprioritise(random, model);
                case 9 -> namedPorts(random, model);
                default -> segments(random, model);
            };
        }

        static Change relabel(Random random, PolicyModel model) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            int i = random.nextInt(workloads.size());
            Workload w = workloads.get(i);
            Labels labels = switch (random.nextInt(3)) {
                case 0 -> w.labels().with("tier", TIERS.get(random.nextInt(3)));
                case 1 -> w.labels().with("app", "app" + random.nextInt(12));
                default -> w.labels().with("canary", "true");
            };
            workloads.set(i, w.withLabels(labels));
            return new Change(model.withWorkloads(workloads), "relabel " + w.id() + " " + labels);
        }

        static Change addWorkload(Random random, PolicyModel model) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            int n = random.nextInt(1_000_000);
            String env = List.of("prod", "dev", "test").get(random.nextInt(3));
            Labels labels = Labels.of("app", "app" + random.nextInt(10), "tier", TIERS.get(random.nextInt(3)));
            List<NamedPort> ports = random.nextBoolean() ? List.of() : List.of(NamedPort.tcp("http", 8080 + random.nextInt(2)));
            Workload w = new Workload("n" + n, env, labels, List.of(Ipv4Address.of(0x0b00_0000 + n)),
                    Optional.of(MacAddress.of(0x0300_0000_0000L + n)), ports,
                    random.nextInt(5) == 0 ? Optional.empty()
                            : Optional.of(WorkloadLocation.of(DatapathId.of(1 + random.nextInt(4)), PortNumber.of(5000 + n % 1000))));
            workloads.add(random.nextInt(workloads.size() + 1), w);
            return new Change(model.withWorkloads(workloads), "add " + w);
        }

        static Change removeWorkload(Random random, PolicyModel model) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            Workload gone = workloads.remove(random.nextInt(workloads.size()));
            return new Change(model.withWorkloads(workloads), "remove " + gone.id());
        }

        static Peer randomPeer(Random random) {
            return switch (random.nextInt(5)) {
                case 0 -> Peer.segment("partners");
                case 1 -> Peer.segment("lb");
                case 2 -> Peer.workloads(WorkloadSelector.labels("tier", TIERS.get(random.nextInt(3))));
                case 3 -> Peer.workloads(WorkloadSelector.labels("app", "app" + random.nextInt(12)));
                default -> Peer.workloads(WorkloadSelector.labels("app", "app" + random.nextInt(12), "tier",
                        TIERS.get(random.nextInt(3))));
            };
        }

        static Rule randomRule(Random random) {
            PortMatch port = switch (random.nextInt(4)) {
                case 0 -> PortMatch.tcp(22 + random.nextInt(3));
                case 1 -> PortMatch.named(Protocol.TCP, "http");
                case 2 -> PortMatch.range(Protocol.TCP, 8000, 8100);
                default -> PortMatch.udp(53);
            };
            Peer peer = randomPeer(random);
            return switch (random.nextInt(3)) {
                case 0 -> Rule.allow(peer, port);
                case 1 -> Rule.deny(peer, port);
                default -> Rule.pass(peer, port);
            };
        }

        static Change addRule(Random random, PolicyModel model) {
            List<Policy> policies = new ArrayList<>(model.policies());
            int i = random.nextInt(policies.size());
            Policy p = policies.get(i);
            Direction direction = random.nextBoolean() ? Direction.INGRESS : Direction.EGRESS;
            List<Rule> rules = new ArrayList<>(p.rules(direction));
            Rule rule = randomRule(random);
            rules.add(random.nextInt(rules.size() + 1), rule);
            policies.set(i, with(p, direction, rules));
            return new Change(model.withPolicies(policies), "add " + direction + " rule to " + p.name() + ": " + rule);
        }

        static Policy with(Policy p, Direction direction, List<Rule> rules) {
            return direction == Direction.INGRESS
                    ? new Policy(p.name(), p.tier(), p.priority(), p.appliedTo(), rules, p.rules(Direction.EGRESS), p.staged())
                    : new Policy(p.name(), p.tier(), p.priority(), p.appliedTo(), p.rules(Direction.INGRESS), rules, p.staged());
        }

        static Change removeRule(Random random, PolicyModel model) {
            List<Policy> policies = new ArrayList<>(model.policies());
            int i = random.nextInt(policies.size());
            Policy p = policies.get(i);
            Direction direction = random.nextBoolean() ? Direction.INGRESS : Direction.EGRESS;
            List<Rule> rules = new ArrayList<>(p.rules(direction));
            if (rules.isEmpty()) {
                return addRule(random, model);
            }
            rules.remove(random.nextInt(rules.size()));
            policies.set(i, with(p, direction, rules));
            return new Change(model.withPolicies(policies), "remove a " + direction + " rule of " + p.name());
        }

        static Change addPolicy(Random random, PolicyModel model) {
            List<Policy> policies = new ArrayList<>(model.policies());
            String name = "extra" + random.nextInt(1_000_000);
            Policy p = new Policy(name, random.nextBoolean() ? "security" : "application", random.nextInt(50),
                    List.of(AppliedTo.workloads(
                            WorkloadSelector.labels("app", "app" + random.nextInt(12)))),
                    List.of(randomRule(random)), List.of(randomRule(random)), random.nextInt(6) == 0);
            policies.add(random.nextInt(policies.size() + 1), p);
            return new Change(model.withPolicies(policies), "add policy " + p);
        }

        static Change removePolicy(Random random, PolicyModel model) {
            List<Policy> policies = new ArrayList<>(model.policies());
            Policy gone = policies.remove(random.nextInt(policies.size()));
            return new Change(model.withPolicies(policies), "remove policy " + gone.name());
        }

        static Change reprioritise(Random random, PolicyModel model) {
            List<Policy> policies = new ArrayList<>(model.policies());
            int i = random.nextInt(policies.size());
            Policy p = policies.get(i);
            policies.set(i, new Policy(p.name(), p.tier(), random.nextInt(60), p.appliedTo(), p.rules(Direction.INGRESS),
                    p.rules(Direction.EGRESS), random.nextInt(8) == 0 ? !p.staged() : p.staged()));
            return new Change(model.withPolicies(policies), "reprioritise " + p.name());
        }

        static Change namedPorts(Random random, PolicyModel model) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            int i = random.nextInt(workloads.size());
            Workload w = workloads.get(i);
            Workload changed = w.namedPorts().isEmpty() ? w.withNamedPorts(NamedPort.tcp("http", 8080 + random.nextInt(3)))
                    : w.withNamedPorts();
            workloads.set(i, changed);
            return new Change(model.withWorkloads(workloads), "named ports of " + w.id() + ": " + changed.namedPorts());
        }

        static KubernetesNetworkPolicy randomNetworkPolicy(Random random, String name) {
            String namespace = random.nextBoolean() ? "dev" : "test";
            KubernetesNetworkPolicy policy = KubernetesNetworkPolicy.of(namespace, name,
                    LabelSelector.of("app", "app" + random.nextInt(10)));
            KubernetesRule rule = switch (random.nextInt(3)) {
                case 0 -> KubernetesRule.from(new KubernetesPeer.Pods(Optional.of(LabelSelector.of("tier",
                        TIERS.get(random.nextInt(3)))), Optional.empty()), PortMatch.tcp(5432));
                case 1 -> KubernetesRule.from(new KubernetesPeer.Block(IpBlock.parse("198.51.100.0/24", "198.51.100.128/25")),
                        PortMatch.range(Protocol.TCP, 8000, 8100));
                default -> KubernetesRule.allowAll();
            };
            return random.nextBoolean() ? policy.withIngress(rule) : policy.withEgress(rule);
        }

        static Change networkPolicies(Random random, PolicyModel model) {
            List<KubernetesNetworkPolicy> policies = new ArrayList<>(model.networkPolicies());
            if (!policies.isEmpty() && random.nextBoolean()) {
                KubernetesNetworkPolicy gone = policies.remove(random.nextInt(policies.size()));
                return new Change(new PolicyModel(model.namespaces(), model.workloads(), model.segments(),
                        model.policies(), policies, model.tiers(), model.enforcementSettings(), model.settings()),
                        "remove NetworkPolicy " + gone.qualifiedName());
            }
            KubernetesNetworkPolicy added = randomNetworkPolicy(random, "np" + random.nextInt(1_000_000));
            policies.add(random.nextInt(policies.size() + 1), added);
            return new Change(new PolicyModel(model.namespaces(), model.workloads(), model.segments(), model.policies(),
                    policies, model.tiers(), model.enforcementSettings(), model.settings()), "add " + added);
        }

        static Change segments(Random random, PolicyModel model) {
            PolicyModel.Builder builder = PolicyModel.builder();
            model.namespaces().forEach(builder::namespace);
            model.workloads().forEach(builder::workload);
            for (Segment segment : model.segments()) {
                if (segment.name().equals("lb") && random.nextBoolean()) {
                    builder.segment(Segment.of("lb", WorkloadSelector.labels("role", random.nextBoolean() ? "lb" : "monitoring")));
                } else {
                    builder.segment(segment);
                }
            }
            model.policies().forEach(builder::policy);
            model.networkPolicies().forEach(builder::networkPolicy);
            builder.tiers(model.tiers());
            model.enforcementSettings().forEach(builder::enforcement);
            builder.settings(model.settings());
            if (random.nextInt(3) == 0) {
                builder.defaultMode(random.nextBoolean() ? EnforcementMode.MONITOR
                        : EnforcementMode.ENFORCE);
            }
            return new Change(builder.build(), "segments or default mode");
        }
    }
}
