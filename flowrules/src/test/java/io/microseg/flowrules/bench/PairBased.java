package io.microseg.flowrules.bench;

import io.microseg.flowrules.policy.AppliedTo;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesPeer;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.TransportPort;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.topology.DatapathId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a pair-based compiler (one flow per source, destination and port a rule covers) would install: per rule
 * |workloads it applies to| x |peers| x |port alternatives|, a peer being a workload or an IP block (plus one per
 * except); a rule without peers covers every workload and the outside. Per switch it counts only the pairs a
 * switch decides (egress at the source's switch, ingress at the destination's, as microseg does), plus one
 * isolation flow per workload a NetworkPolicy isolates. Both globally and per switch.
 */
final class PairBased {

    record Result(long global, Map<DatapathId, Long> perSwitch) {
    }

    private PairBased() {
    }

    static Result count(LargeScenario.Scenario scenario) {
        PolicyModel model = scenario.model();
        Map<String, Labels> namespaces = new HashMap<>();
        namespaces.put(Namespace.DEFAULT, new Namespace(Namespace.DEFAULT, Labels.EMPTY).effectiveLabels());
        model.namespaces().forEach(n -> namespaces.put(n.name(), n.effectiveLabels()));
        Map<String, Segment> segments = new HashMap<>();
        model.segments().forEach(s -> segments.put(s.name(), s));
        Map<String, Set<Integer>> named = new HashMap<>();
        for (Workload w : model.workloads()) {
            for (NamedPort port : w.namedPorts()) {
                named.computeIfAbsent(port.name() + "/" + port.protocol(), k -> new HashSet<>()).add(port.port());
            }
        }
        Counter counter = new Counter(scenario, namespaces);
        for (Policy policy : model.policies()) {
            if (policy.staged()) {
                continue;
            }
            Predicate<Workload> applied = w -> policy.appliedTo().stream().anyMatch(target -> target instanceof AppliedTo.OfSegment ref
                    ? segments.get(ref.segment()).members().map(sel -> counter.selects(sel, w)).orElse(false)
                    : counter.selects(((AppliedTo.OfSelector) target).selector(), w));
            for (Direction direction : Direction.values()) {
                for (Rule rule : policy.rules(direction)) {
                    long peers = 0;
                    if (rule.peers().isEmpty()) {
                        peers = model.workloads().size() + 1;
                    } else {
                        Predicate<Workload> member = w -> rule.peers().stream().anyMatch(peer -> {
                            if (peer instanceof Peer.OfSegment ref) {
                                return segments.get(ref.segment()).members().map(sel -> counter.selects(sel, w))
                                        .orElse(false);
                            }
                            return peer instanceof Peer.OfSelector inline && counter.selects(inline.selector(), w);
                        });
                        peers = counter.count(member);
                        for (Peer peer : rule.peers()) {
                            if (peer instanceof Peer.OfSegment ref) {
                                peers += blocks(segments.get(ref.segment()).ipBlocks());
                            } else if (peer instanceof Peer.OfIpBlock block) {
                                peers += blocks(List.of(block.block()));
                            }
                        }
                    }
                    counter.add(applied, peers * ports(rule.ports(), named));
                }
            }
        }
        for (KubernetesNetworkPolicy policy : model.networkPolicies()) {
            Predicate<Workload> selected = w -> w.namespace().equals(policy.namespace())
                    && policy.podSelector().matches(w.labels());
            for (Direction direction : Direction.values()) {
                if (!policy.isolates(direction)) {
                    continue;
                }
                counter.add(selected, 1); // the isolation deny
                for (KubernetesRule rule : policy.rules(direction)) {
                    long peers;
                    if (rule.peers().isEmpty()) {
                        peers = model.workloads().size() + 1;
                    } else {
                        peers = counter.count(w -> rule.peers().stream().anyMatch(peer -> peer instanceof KubernetesPeer.Pods pods
                                && pods.matches(policy.namespace(), w.labels(), w.namespace(),
                                namespaces.getOrDefault(w.namespace(), Labels.EMPTY))));
                        for (KubernetesPeer peer : rule.peers()) {
                            if (peer instanceof KubernetesPeer.Block block) {
                                peers += blocks(List.of(block.block()));
                            }
                        }
                    }
                    counter.add(selected, peers * ports(rule.ports(), named));
                }
            }
        }
        return new Result(counter.global, counter.perSwitch);
    }

    private static long blocks(List<IpBlock> blocks) {
        return blocks.stream().mapToLong(block -> 1 + block.except().size()).sum();
    }

    private static long ports(List<PortMatch> ports, Map<String, Set<Integer>> named) {
        if (ports.isEmpty()) {
            return 1;
        }
        long n = 0;
        for (PortMatch match : ports) {
            if (match.port().isEmpty() || !match.protocol().hasPorts()) {
                n++;
            } else if (match.port().get() instanceof TransportPort.Number number) {
                n += cover(number.value(), match.endPort().orElse(number.value()));
            } else {
                n += named.getOrDefault(((TransportPort.Named) match.port().get()).name() + "/" + match.protocol(),
                        Set.of()).size();
            }
        }
        return n;
    }

    private static int cover(int from, int to) {
        int count = 0;
        long low = from;
        while (low <= to) {
            int size = 0;
            while (size < 16 && (low & ((1L << (size + 1)) - 1)) == 0 && low + (1L << (size + 1)) - 1 <= to) {
                size++;
            }
            count++;
            low += 1L << size;
        }
        return count;
    }

    /** Counts workloads by predicate and adds per-switch products. */
    private static final class Counter {
        private final List<Workload> workloads;
        private final Map<String, Labels> namespaces;
        private final LargeScenario.Scenario scenario;
        private final Map<DatapathId, Long> perSwitch = new HashMap<>();
        private long global;

        Counter(LargeScenario.Scenario scenario, Map<String, Labels> namespaces) {
            this.scenario = scenario;
            this.workloads = scenario.model().workloads();
            this.namespaces = namespaces;
        }

        boolean selects(WorkloadSelector selector, Workload w) {
            return selector.matches(w.labels(), namespaces.getOrDefault(w.namespace(), Labels.EMPTY));
        }

        long count(Predicate<Workload> predicate) {
            return workloads.stream().filter(predicate).count();
        }

        /** Every workload matching {@code applied} decides {@code each} flows on its switch. */
        void add(Predicate<Workload> applied, long each) {
            for (Workload w : workloads) {
                if (applied.test(w)) {
                    global += each;
                    scenario.view().locate(w).ifPresent(at -> perSwitch.merge(at.dpid(), each, Long::sum));
                }
            }
        }
    }
}
