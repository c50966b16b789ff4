package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Problem;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.semantics.InvalidModelException;
import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a policy model and a network view into the desired flows of every switch (pure: it returns flows, it
 * never sends them). Identity-based: endpoints are classified into identities by address early, each identity gets
 * set bits per stage, and every rule is a handful of flows matching bits, never a cross product of workloads.
 * Staged policies never reach the data plane.
 *
 * <pre>
 * CompiledNetwork next = PolicyCompiler.compile(model, view, previous);   // previous: CompiledNetwork.empty() at first
 * next.changesFrom(previous)                                                // per switch FlowDiff, fail-closed ordered
 * </pre>
 */
public final class PolicyCompiler {

    private PolicyCompiler() {
    }

    /** A first compilation. */
    public static CompiledNetwork compile(PolicyModel model, NetworkView view) {
        return compile(model, view, CompiledNetwork.empty(), 0);
    }

    /** A compilation that keeps ids, bits and priorities of {@code previous} so unchanged flows compare equal. */
    public static CompiledNetwork compile(PolicyModel model, NetworkView view, CompiledNetwork previous) {
        return compile(model, view, previous, 0);
    }

    /**
     * @param generation the cookie generation of every flow
     * @throws InvalidModelException with every problem when the model does not validate
     */
    public static CompiledNetwork compile(PolicyModel model, NetworkView view, CompiledNetwork previous,
            int generation) {
        List<Problem> problems = io.microseg.flowrules.policy.ModelValidation.problems(model, previous.model());
        if (!problems.isEmpty()) {
            throw new InvalidModelException(problems);
        }
        Allocations before = previous.allocations();
        SetResolver resolver = new SetResolver(model);

        Map<String, Integer> tierOrder = new HashMap<>();
        model.tiers().forEach(tier -> tierOrder.put(tier.name(), tier.order()));
        List<Policy> policies = new ArrayList<>(model.policies().stream().filter(policy -> !policy.staged()).toList());
        policies.sort(Comparator.<Policy>comparingInt(policy -> tierOrder.get(policy.tier()))
                .thenComparingInt(Policy::priority).thenComparing(Policy::name));
        List<KubernetesNetworkPolicy> networkPolicies = new ArrayList<>(model.networkPolicies());
        networkPolicies.sort(Comparator.comparing(KubernetesNetworkPolicy::qualifiedName));
        Map<Direction, StagePlan> plans = new EnumMap<>(Direction.class);
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            plans.put(direction, StagePlan.of(direction, policies, networkPolicies));
        }

        Set<Map.Entry<String, Protocol>> names = new HashSet<>();
        plans.values().forEach(plan -> plan.namedPortsUsed(names));
        List<Workload> workloads = sortedWorkloads(model);
        Set<SetKey.NamedPort> namedPorts = new LinkedHashSet<>();
        for (Workload workload : workloads) {
            for (NamedPort port : workload.namedPorts()) {
                if (names.contains(Map.entry(port.name(), port.protocol()))) {
                    namedPorts.add(new SetKey.NamedPort(port.name(), port.protocol(), port.port()));
                }
            }
        }

        Map<Allocations.Domain, List<SetKey>> domains = domainSets(plans, namedPorts);
        Map<SetKey, Integer> setIndex = new LinkedHashMap<>();
        domains.values().forEach(sets -> sets.forEach(set -> setIndex.putIfAbsent(set, setIndex.size())));
        namedPorts.forEach(set -> setIndex.putIfAbsent(set, setIndex.size()));
        List<SetKey> sets = List.copyOf(setIndex.keySet());

        Identities identities = Identities.compute(workloads, sets, resolver, before.identities,
                before.nextIdentity, previous.memo(), List.of(model.namespaces(), model.segments(),
                        model.enforcementSettings(), model.settings()));
        Map<Allocations.Domain, Map<SetKey, Integer>> bits = new EnumMap<>(Allocations.Domain.class);
        Map<SetKey, Integer> sizes = new HashMap<>();
        for (Identities.Identity identity : identities.all()) {
            setIndex.forEach((set, index) -> {
                if (identity.in(index)) {
                    sizes.merge(set, 1, Integer::sum);
                }
            });
        }
        domains.forEach((domain, used) -> bits.put(domain, Allocations.assignBits(used, before.bits(domain),
                Marks.BITS_PER_SIDE, set -> sizes.getOrDefault(set, 0))));

        Allocations.DecisionIds decisions = new Allocations.DecisionIds(before);
        Map<Integer, String> described = new HashMap<>();
        Map<Direction, Map<Allocations.RuleKey, Integer>> priorities = new EnumMap<>(Direction.class);
        List<FlowEntry> shared = new ArrayList<>();
        int ruleFlows = 0;
        int enumerated = 0;
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            StagePlan plan = plans.get(direction);
            List<Allocations.RuleKey> order = plan.tiered().stream().map(StagePlan.TieredRule::key).toList();
            Map<Allocations.RuleKey, Integer> assigned = StablePriorities.assign(order, before.priorities(direction),
                    io.microseg.flowrules.pipeline.Priorities.TIERED_LOWEST,
                    io.microseg.flowrules.pipeline.Priorities.TIERED_HIGHEST);
            priorities.put(direction, assigned);
            boolean egress = direction == Direction.EGRESS;
            SideMatches source = new SideMatches(identities, setIndex,
                    bits.get(egress ? Allocations.Domain.EGRESS_SOURCE : Allocations.Domain.INGRESS_SOURCE),
                    Marks.SOURCE_ID, Marks.SOURCE_BITS);
            SideMatches destination = new SideMatches(identities, setIndex,
                    bits.get(egress ? Allocations.Domain.EGRESS_DESTINATION : Allocations.Domain.INGRESS_DESTINATION),
                    Marks.DESTINATION_ID, Marks.DESTINATION_BITS);
            StageFlows stage = new StageFlows(plan, egress ? source : destination, egress ? destination : source,
                    namedPorts, assigned, decisions, described, generation);
            shared.addAll(stage.bitsFlows(identities));
            List<FlowEntry> rules = new ArrayList<>(stage.tieredFlows());
            rules.addAll(stage.isolationFlows(model.settings().posture()));
            ruleFlows += rules.size();
            shared.addAll(rules);
            enumerated += source.enumerated() + destination.enumerated();
        }

        SwitchFlows located = new SwitchFlows(view, workloads, identities, generation);
        List<FlowEntry> sharedFlows = unique(shared);
        List<FlowEntry> sourceRegions = located.sourceRegions();
        List<FlowEntry> destinationRegions = located.destinationRegions();
        check(sharedFlows);
        check(sourceRegions);
        check(destinationRegions);

        WorkloadFlows.Instructions instructions = previous.instructions() != null
                && previous.generation() == generation ? previous.instructions() : new WorkloadFlows.Instructions(generation);
        Map<io.microseg.flowrules.policy.WorkloadId, WorkloadFlows> reusable = new HashMap<>();
        for (WorkloadFlows old : previous.workloadFlows()) {
            reusable.put(old.workload.id(), old);
        }
        List<WorkloadFlows> workloadFlows = new ArrayList<>(workloads.size());
        int perSwitchWorkloadFlows = 0;
        int spoofs = 0;
        Map<DatapathId, Integer> portSecurity = new HashMap<>();
        for (Workload workload : workloads) {
            int[] ids = new int[workload.addresses().size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = identities.idOfWorkloadAddress(workload.addresses().get(i));
            }
            WorkloadFlows flows = WorkloadFlows.of(workload, ids, view, generation, instructions,
                    reusable.get(workload.id()));
            if (flows != reusable.get(workload.id())) {
                for (DatapathId dpid : view.switches()) {
                    flows.forwardingAt(dpid, instructions); // built (and checked) now, not when first asked for
                }
            }
            workloadFlows.add(flows);
            perSwitchWorkloadFlows += flows.addresses() * 4;
            spoofs += flows.gatewaySpoof.size();
            if (flows.location.isPresent()) {
                portSecurity.merge(flows.location.get().dpid(), flows.portSecurity.size(), Integer::sum);
            }
        }

        Map<DatapathId, CompiledNetwork.SwitchPart> parts = new HashMap<>();
        long total = 0;
        for (DatapathId dpid : view.switches()) {
            CompiledNetwork.SwitchPart part = located.part(dpid, SkeletonFlows.forSwitch(NetworkView.zone(dpid), generation));
            check(part.skeleton());
            check(part.trunks());
            check(part.gatewayPort());
            check(part.gatewayForwarding());
            parts.put(dpid, part);
            total += part.skeleton().size() + part.trunks().size() + part.gatewayForwarding().size()
                    + sourceRegions.size() + destinationRegions.size() + sharedFlows.size() + perSwitchWorkloadFlows
                    + portSecurity.getOrDefault(dpid, 0) + (part.gateway() ? part.gatewayPort().size() + spoofs : 0);
        }

        Allocations after = new Allocations(identities.byEndpoint(), identities.nextId(), bits, priorities,
                decisions.used(), decisions.next());
        return new CompiledNetwork(parts, workloadFlows, sourceRegions, destinationRegions, sharedFlows, instructions,
                view, generation, identities.memo(), model, described,
                new CompiledNetwork.Stats(identities.all().size(), Math.toIntExact(total), ruleFlows, enumerated), after);
    }

    private static void check(List<FlowEntry> flows) {
        List<String> misfits = Pipeline.problems(flows);
        if (!misfits.isEmpty()) {
            throw new IllegalStateException("compiled flows do not fit the pipeline: " + misfits);
        }
    }

    /** Deduplicated on (table, priority, match), the first kept, in their order. */
    private static List<FlowEntry> unique(List<FlowEntry> flows) {
        Map<FlowKey, FlowEntry> unique = new LinkedHashMap<>(flows.size() * 2);
        for (FlowEntry flow : flows) {
            unique.putIfAbsent(flow.key(), flow);
        }
        return new ArrayList<>(unique.values());
    }

    private static List<Workload> sortedWorkloads(PolicyModel model) {
        List<Workload> workloads = new ArrayList<>(model.workloads());
        // the order of WorkloadId (namespace, then name), without a WorkloadId per comparison
        workloads.sort(Comparator.comparing(Workload::namespace).thenComparing(Workload::name));
        return workloads;
    }

    /** Sets per stage and side: self sides hold applied sets and selections, peer sides peers; named ports go with the destination. */
    private static Map<Allocations.Domain, List<SetKey>> domainSets(Map<Direction, StagePlan> plans,
            Set<SetKey.NamedPort> namedPorts) {
        Map<Allocations.Domain, Set<SetKey>> domains = new EnumMap<>(Allocations.Domain.class);
        for (Allocations.Domain domain : Allocations.Domain.values()) {
            domains.put(domain, new LinkedHashSet<>());
        }
        for (StagePlan plan : plans.values()) {
            boolean egress = plan.direction() == Direction.EGRESS;
            Set<SetKey> self = domains.get(egress ? Allocations.Domain.EGRESS_SOURCE : Allocations.Domain.INGRESS_DESTINATION);
            Set<SetKey> peer = domains.get(egress ? Allocations.Domain.EGRESS_DESTINATION : Allocations.Domain.INGRESS_SOURCE);
            Set<SetKey> destination = egress ? peer : self;
            Set<Map.Entry<String, Protocol>> names = new HashSet<>();
            plan.namedPortsUsed(names);
            for (StagePlan.TieredRule rule : plan.tiered()) {
                self.add(rule.self());
                rule.peer().ifPresent(peer::add);
            }
            for (StagePlan.NetworkPolicyRule rule : plan.networkPolicyRules()) {
                self.add(rule.self());
                rule.peer().ifPresent(peer::add);
            }
            self.addAll(plan.isolations());
            for (SetKey.NamedPort named : namedPorts) {
                if (names.contains(Map.entry(named.name(), named.protocol()))) {
                    destination.add(named);
                }
            }
        }
        Map<Allocations.Domain, List<SetKey>> out = new EnumMap<>(Allocations.Domain.class);
        domains.forEach((domain, sets) -> out.put(domain, List.copyOf(sets)));
        return out;
    }


}
