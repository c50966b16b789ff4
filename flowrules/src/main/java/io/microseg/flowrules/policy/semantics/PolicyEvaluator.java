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
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Problem;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The reference semantics (the oracle) of the segmentation policy, indexed once from a valid {@link PolicyModel}.
 *
 * <p>Each side of a new connection is decided on its own: the egress side of the source workload and the ingress
 * side of the destination workload. A side is decided by, in order:
 * <ol>
 *   <li>the tiered rules of the native policies applied to the workload: tiers by ascending order, then policy
 *       priority ascending, then policy name, then rule order; the first rule whose peers and ports match decides
 *       ({@code allow} or {@code deny}); {@code pass} skips the remaining tiered rules;</li>
 *   <li>the Kubernetes NetworkPolicies of the workload's namespace that select it and isolate this direction: if
 *       there are any, the side is allowed when some rule of one of them matches, denied otherwise;</li>
 *   <li>the default posture.</li>
 * </ol>
 * Native policies never isolate a workload by themselves; under the {@code allow} posture only NetworkPolicies do.
 * A connection is allowed when both sides allow. A bare address has no side of its own ("not managed: allow") but is
 * matched by IP blocks; an address owned by a workload is that workload. A workload talking to itself is allowed.
 * Replies of an allowed connection pass. Enforcement modes turn a side's deny into allow-and-log (monitor) or
 * allow-and-alert (alert). Staged policies give a second, reported verdict.
 */
public final class PolicyEvaluator {

    private final Posture posture;
    private final Map<WorkloadId, Workload> workloads;
    private final Map<Ipv4Address, Workload> byAddress;
    private final Map<WorkloadId, WorkloadRules> rules;
    private final boolean anyStaged;

    private PolicyEvaluator(PolicyModel model) {
        this.posture = model.settings().posture();
        Map<String, Labels> namespaceLabels = new HashMap<>();
        namespaceLabels.put(Namespace.DEFAULT, new Namespace(Namespace.DEFAULT, Labels.EMPTY).effectiveLabels());
        model.namespaces().forEach(namespace -> namespaceLabels.put(namespace.name(), namespace.effectiveLabels()));

        Map<WorkloadId, Workload> byId = new LinkedHashMap<>();
        Map<Ipv4Address, Workload> addresses = new HashMap<>();
        for (Workload workload : model.workloads()) {
            byId.put(workload.id(), workload);
            workload.addresses().forEach(address -> addresses.put(address, workload));
        }
        this.workloads = Map.copyOf(byId);
        this.byAddress = Map.copyOf(addresses);
        Selection selection = new Selection(model.workloads(), namespaceLabels);

        Map<String, Segment> segments = new HashMap<>();
        Map<String, PeerSet> segmentPeers = new HashMap<>();
        for (Segment segment : model.segments()) {
            segments.put(segment.name(), segment);
            Set<WorkloadId> members = segment.members().map(selection::of).orElse(Set.of());
            segmentPeers.put(segment.name(), new PeerSet(false, members, segment.ipBlocks()));
        }

        Map<String, Integer> tierOrder = new HashMap<>();
        model.tiers().forEach(tier -> tierOrder.put(tier.name(), tier.order()));
        List<Policy> ordered = new ArrayList<>(model.policies());
        ordered.sort(Comparator.<Policy>comparingInt(policy -> tierOrder.get(policy.tier()))
                .thenComparingInt(Policy::priority).thenComparing(Policy::name));
        List<AppliedPolicy> applied = new ArrayList<>();
        for (Policy policy : ordered) {
            Set<WorkloadId> targets = new HashSet<>();
            for (AppliedTo target : policy.appliedTo()) {
                if (target instanceof AppliedTo.OfSegment ref) {
                    segments.get(ref.segment()).members().ifPresent(members -> targets.addAll(selection.of(members)));
                } else if (target instanceof AppliedTo.OfSelector inline) {
                    targets.addAll(selection.of(inline.selector()));
                }
            }
            applied.add(new AppliedPolicy(policy.staged(), targets,
                    compile(policy, Direction.INGRESS, selection, segmentPeers),
                    compile(policy, Direction.EGRESS, selection, segmentPeers)));
        }

        List<KubernetesNetworkPolicy> networkPolicies = new ArrayList<>(model.networkPolicies());
        networkPolicies.sort(Comparator.comparing(KubernetesNetworkPolicy::qualifiedName));
        Map<KubernetesNetworkPolicy, List<CompiledNetworkPolicy>> compiledNetworkPolicies = new HashMap<>();
        for (KubernetesNetworkPolicy policy : networkPolicies) {
            compiledNetworkPolicies.put(policy, List.of(compile(policy, Direction.INGRESS, selection),
                    compile(policy, Direction.EGRESS, selection)));
        }

        List<EnforcementSetting> settings = new ArrayList<>(model.enforcementSettings());
        settings.sort(EnforcementSetting.PRECEDENCE);

        Map<WorkloadId, WorkloadRules> perWorkload = new HashMap<>();
        for (Workload workload : model.workloads()) {
            Labels nsLabels = namespaceLabels.getOrDefault(workload.namespace(), Labels.EMPTY);
            EnforcementMode mode = settings.stream()
                    .filter(setting -> setting.scope().matches(workload.labels(), nsLabels))
                    .map(EnforcementSetting::mode).findFirst().orElse(model.settings().defaultMode());
            List<List<CompiledRule>> enforced = new ArrayList<>();
            List<List<CompiledRule>> withStaged = new ArrayList<>();
            List<List<CompiledNetworkPolicy>> isolating = new ArrayList<>();
            for (Direction direction : Direction.values()) {
                List<CompiledRule> enforcedRules = new ArrayList<>();
                List<CompiledRule> allRules = new ArrayList<>();
                for (AppliedPolicy policy : applied) {
                    if (policy.targets().contains(workload.id())) {
                        List<CompiledRule> compiled = policy.rules(direction);
                        allRules.addAll(compiled);
                        if (!policy.staged()) {
                            enforcedRules.addAll(compiled);
                        }
                    }
                }
                List<CompiledNetworkPolicy> selecting = new ArrayList<>();
                for (KubernetesNetworkPolicy policy : networkPolicies) {
                    if (policy.namespace().equals(workload.namespace()) && policy.isolates(direction)
                            && policy.podSelector().matches(workload.labels())) {
                        selecting.add(compiledNetworkPolicies.get(policy).get(direction.ordinal()));
                    }
                }
                enforced.add(List.copyOf(enforcedRules));
                withStaged.add(List.copyOf(allRules));
                isolating.add(List.copyOf(selecting));
            }
            perWorkload.put(workload.id(), new WorkloadRules(mode, List.copyOf(enforced), List.copyOf(withStaged),
                    List.copyOf(isolating)));
        }
        this.rules = Map.copyOf(perWorkload);
        this.anyStaged = model.policies().stream().anyMatch(Policy::staged);
    }

    /** Indexes a model.
     *
     * @throws InvalidModelException with every problem if {@link PolicyModel#validate()} finds any
     */
    public static PolicyEvaluator of(PolicyModel model) {
        List<Problem> problems = model.validate();
        if (!problems.isEmpty()) {
            throw new InvalidModelException(problems);
        }
        return new PolicyEvaluator(model);
    }

    /** The full answer for a new connection. */
    public Explanation explain(Connection connection) {
        ResolvedEndpoint source = resolve(connection.source());
        ResolvedEndpoint destination = resolve(connection.destination());
        if (source.workload().isPresent() && source.workload().equals(destination.workload())) {
            WorkloadId id = source.workload().get().id();
            EnforcementMode mode = rules.get(id).mode();
            SideDecision egress = new SideDecision(Direction.EGRESS, Optional.of(id), mode, new Reason.SameWorkload(),
                    Optional.empty());
            SideDecision ingress = new SideDecision(Direction.INGRESS, Optional.of(id), mode, new Reason.SameWorkload(),
                    Optional.empty());
            return new Explanation(connection, Verdict.ALLOW, DataPlaneAction.ALLOW, egress, ingress, Optional.empty());
        }
        SideDecision egress = decide(source, Direction.EGRESS, destination, destination, connection, false);
        SideDecision ingress = decide(destination, Direction.INGRESS, source, destination, connection, false);
        Verdict verdict = both(egress, ingress);
        DataPlaneAction action = egress.action().strictest(ingress.action());
        Optional<StagedVerdict> staged = Optional.empty();
        if (anyStaged) {
            SideDecision stagedEgress = decide(source, Direction.EGRESS, destination, destination, connection, true);
            SideDecision stagedIngress = decide(destination, Direction.INGRESS, source, destination, connection, true);
            if (!stagedEgress.equals(egress) || !stagedIngress.equals(ingress)) {
                staged = Optional.of(new StagedVerdict(both(stagedEgress, stagedIngress), stagedEgress, stagedIngress));
            }
        }
        return new Explanation(connection, verdict, action, egress, ingress, staged);
    }

    public Explanation explain(Endpoint source, Endpoint destination, Protocol protocol, int port) {
        return explain(new Connection(source, destination, protocol, port));
    }

    /** Whether the policy allows the connection (both sides), whatever the enforcement modes. */
    public Verdict verdict(Connection connection) {
        return explain(connection).verdict();
    }

    /** What the data plane does with the connection. */
    public DataPlaneAction action(Connection connection) {
        return explain(connection).action();
    }

    /** Replies of a connection the data plane forwards pass (stateful), whatever the policy says about the reverse. */
    public boolean replyPasses(Connection connection) {
        return action(connection).forwards();
    }

    /** The enforcement mode of a workload: the most specific enforcement setting selecting it, else the default. */
    public EnforcementMode modeOf(WorkloadId workload) {
        WorkloadRules found = rules.get(workload);
        if (found == null) {
            throw new IllegalArgumentException("no such workload: " + workload);
        }
        return found.mode();
    }

    private static Verdict both(SideDecision egress, SideDecision ingress) {
        return egress.verdict().allows() && ingress.verdict().allows() ? Verdict.ALLOW : Verdict.DENY;
    }

    private ResolvedEndpoint resolve(Endpoint endpoint) {
        if (endpoint instanceof Endpoint.OfWorkload named) {
            Workload workload = workloads.get(named.id());
            if (workload == null) {
                throw new IllegalArgumentException("no such workload: " + named.id());
            }
            return new ResolvedEndpoint(Optional.of(workload), workload.primaryAddress());
        }
        Ipv4Address address = ((Endpoint.OfAddress) endpoint).address();
        return new ResolvedEndpoint(Optional.ofNullable(byAddress.get(address)), Optional.of(address));
    }

    private SideDecision decide(ResolvedEndpoint self, Direction direction, ResolvedEndpoint peer,
            ResolvedEndpoint destination, Connection connection, boolean staged) {
        if (self.workload().isEmpty()) {
            return SideDecision.notManaged(direction);
        }
        Workload workload = self.workload().get();
        WorkloadRules applicable = rules.get(workload.id());
        Optional<Workload> portOwner = destination.workload();
        Protocol protocol = connection.protocol();
        int port = connection.port();
        Optional<RuleRef> passedAt = Optional.empty();
        for (CompiledRule rule : applicable.tiered(direction, staged)) {
            if (rule.peers().matches(peer) && PortMatching.matches(rule.ports(), protocol, port, portOwner)) {
                if (rule.action() == Action.PASS) {
                    passedAt = Optional.of(rule.ref());
                    break;
                }
                return new SideDecision(direction, Optional.of(workload.id()), applicable.mode(),
                        new Reason.TieredRule(rule.ref(), rule.action()), Optional.empty());
            }
        }
        List<CompiledNetworkPolicy> isolating = applicable.isolating(direction);
        Reason reason;
        if (isolating.isEmpty()) {
            reason = new Reason.DefaultPosture(posture);
        } else {
            reason = null;
            for (CompiledNetworkPolicy policy : isolating) {
                for (int i = 0; i < policy.rules().size() && reason == null; i++) {
                    CompiledNetworkPolicy.Rule rule = policy.rules().get(i);
                    if (rule.peers().matches(peer) && PortMatching.matches(rule.ports(), protocol, port, portOwner)) {
                        reason = new Reason.NetworkPolicyRule(policy.name(), direction, i);
                    }
                }
                if (reason != null) {
                    break;
                }
            }
            if (reason == null) {
                reason = new Reason.NetworkPolicyIsolation(isolating.stream().map(CompiledNetworkPolicy::name).toList());
            }
        }
        return new SideDecision(direction, Optional.of(workload.id()), applicable.mode(), reason, passedAt);
    }

    private static List<CompiledRule> compile(Policy policy, Direction direction, Selection selection,
            Map<String, PeerSet> segmentPeers) {
        List<CompiledRule> compiled = new ArrayList<>();
        List<Rule> rules = policy.rules(direction);
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            PeerSet peers;
            if (rule.peers().isEmpty()) {
                peers = PeerSet.EVERYONE;
            } else {
                Set<WorkloadId> members = new HashSet<>();
                List<IpBlock> blocks = new ArrayList<>();
                for (Peer peer : rule.peers()) {
                    if (peer instanceof Peer.OfSegment ref) {
                        PeerSet segment = segmentPeers.get(ref.segment());
                        members.addAll(segment.workloads());
                        blocks.addAll(segment.blocks());
                    } else if (peer instanceof Peer.OfSelector inline) {
                        members.addAll(selection.of(inline.selector()));
                    } else if (peer instanceof Peer.OfIpBlock block) {
                        blocks.add(block.block());
                    }
                }
                peers = new PeerSet(false, members, blocks);
            }
            compiled.add(new CompiledRule(new RuleRef(policy.tier(), policy.name(), direction, i, policy.staged()),
                    peers, rule.ports(), rule.action()));
        }
        return List.copyOf(compiled);
    }

    private static CompiledNetworkPolicy compile(KubernetesNetworkPolicy policy, Direction direction,
            Selection selection) {
        List<CompiledNetworkPolicy.Rule> compiled = new ArrayList<>();
        for (KubernetesRule rule : policy.rules(direction)) {
            PeerSet peers;
            if (rule.peers().isEmpty()) {
                peers = PeerSet.EVERYONE;
            } else {
                Set<WorkloadId> members = new HashSet<>();
                List<IpBlock> blocks = new ArrayList<>();
                for (KubernetesPeer peer : rule.peers()) {
                    if (peer instanceof KubernetesPeer.Pods pods) {
                        members.addAll(selection.where(workload -> pods.matches(policy.namespace(), workload.labels(),
                                workload.namespace(), selection.namespaceLabels(workload.namespace()))));
                    } else if (peer instanceof KubernetesPeer.Block block) {
                        blocks.add(block.block());
                    }
                }
                peers = new PeerSet(false, members, blocks);
            }
            compiled.add(new CompiledNetworkPolicy.Rule(peers, rule.ports()));
        }
        return new CompiledNetworkPolicy(policy.qualifiedName(), List.copyOf(compiled));
    }

    /** A native policy with its targets resolved and its rules compiled. */
    private record AppliedPolicy(boolean staged, Set<WorkloadId> targets, List<CompiledRule> ingress,
            List<CompiledRule> egress) {
        List<CompiledRule> rules(Direction direction) {
            return direction == Direction.INGRESS ? ingress : egress;
        }
    }

    /** Resolves selectors against the model's workloads. */
    private record Selection(List<Workload> workloads, Map<String, Labels> namespaces) {
        Labels namespaceLabels(String namespace) {
            return namespaces.getOrDefault(namespace, Labels.EMPTY);
        }

        Set<WorkloadId> of(WorkloadSelector selector) {
            return where(workload -> selector.matches(workload.labels(), namespaceLabels(workload.namespace())));
        }

        Set<WorkloadId> where(Predicate<Workload> predicate) {
            Set<WorkloadId> found = new HashSet<>();
            for (Workload workload : workloads) {
                if (predicate.test(workload)) {
                    found.add(workload.id());
                }
            }
            return found;
        }
    }
}
