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
import io.microseg.flowrules.policy.ListChanges;
import java.util.ArrayList;
import java.util.BitSet;
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
        PolicyModel was = previous.model();
        List<Problem> problems = io.microseg.flowrules.policy.ModelValidation.problems(model, was);
        if (!problems.isEmpty()) {
            throw new InvalidModelException(problems);
        }
        State reuse = previous.state();
        SetResolver resolver = new SetResolver(model);

        // what the policies say, per stage: reused while the policies, NetworkPolicies and tiers are the same
        Map<Direction, StagePlan> plans;
        if (reuse.plans != null && unchanged(was.policies(), model.policies())
                && unchanged(was.networkPolicies(), model.networkPolicies()) && was.tiers().equals(model.tiers())) {
            plans = reuse.plans;
        } else {
            plans = plans(model);
        }

        List<Workload> workloads = sortedWorkloads(model, was, reuse.workloads);
        Set<SetKey.NamedPort> namedPorts = namedPorts(plans, workloads);
        Map<Allocations.Domain, List<SetKey>> domains;
        Map<SetKey, Integer> setIndex;
        List<SetKey> sets;
        if (plans == reuse.plans && List.copyOf(namedPorts).equals(List.copyOf(reuse.namedPorts))) { // in order
            namedPorts = reuse.namedPorts;
            domains = reuse.domains;
            setIndex = reuse.setIndex;
            sets = reuse.sets;
        } else {
            domains = domainSets(plans, namedPorts);
            setIndex = new LinkedHashMap<>();
            for (List<SetKey> used : domains.values()) {
                for (SetKey set : used) {
                    setIndex.putIfAbsent(set, setIndex.size());
                }
            }
            for (SetKey set : namedPorts) {
                setIndex.putIfAbsent(set, setIndex.size());
            }
            sets = List.copyOf(setIndex.keySet());
            if (sets.equals(reuse.sets)) { // the same sets in the same order: what was computed of them still holds
                setIndex = reuse.setIndex;
                sets = reuse.sets;
            }
        }
        // after a restart, the stored allocations are looked up by these sets and rules
        Allocations before = previous.carried().resolve(domains, plans);

        Object resolverInput = List.of(model.namespaces(), model.segments(), model.enforcementSettings(),
                model.settings());
        Identities identities = null;
        if (reuse.identities != null && sets == reuse.sets && reuse.identities.memo().validFor(sets, resolverInput)) {
            identities = Identities.update(reuse.identities, reuse.workloads, workloads, sets, resolver);
        }
        if (identities == null) {
            identities = Identities.compute(workloads, sets, resolver, before.identities, before.nextIdentity,
                    previous.memo(), resolverInput);
        }
        int[] sizes = setSizes(identities, sets, reuse);
        Map<Allocations.Domain, Map<SetKey, Integer>> bits = new EnumMap<>(Allocations.Domain.class);
        Map<SetKey, Integer> indexOf = setIndex;
        domains.forEach((domain, used) -> {
            Map<SetKey, Integer> assigned = Allocations.assignBits(used, before.bits(domain), Marks.BITS_PER_SIDE,
                    set -> sizes[indexOf.get(set)]);
            Map<SetKey, Integer> old = before.bits(domain);
            bits.put(domain, assigned.equals(old) ? old : assigned);
        });

        Allocations.DecisionIds decisions = new Allocations.DecisionIds(before, plans == reuse.plans
                && before.decisions == reuse.decisions);
        Map<Integer, String> described = new HashMap<>();
        Map<Direction, Map<Allocations.RuleKey, Integer>> priorities = new EnumMap<>(Direction.class);
        Map<Direction, StageFlows.Fragments> fragments = new EnumMap<>(Direction.class);
        Map<Allocations.Domain, SideMatches> sides = new EnumMap<>(Allocations.Domain.class);
        List<List<FlowEntry>> shared = new ArrayList<>();
        int ruleFlows = 0;
        int enumerated = 0;
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            StagePlan plan = plans.get(direction);
            Map<Allocations.RuleKey, Integer> assigned;
            if (plan == (reuse.plans == null ? null : reuse.plans.get(direction))
                    && before.priorities(direction) == reuse.priorities.get(direction)) {
                assigned = before.priorities(direction); // the same order keeps every priority
            } else {
                List<Allocations.RuleKey> order = plan.tiered().stream().map(StagePlan.TieredRule::key).toList();
                assigned = StablePriorities.assign(order, before.priorities(direction),
                        io.microseg.flowrules.pipeline.Priorities.TIERED_LOWEST,
                        io.microseg.flowrules.pipeline.Priorities.TIERED_HIGHEST);
            }
            priorities.put(direction, assigned);
            boolean egress = direction == Direction.EGRESS;
            Allocations.Domain sourceDomain = egress ? Allocations.Domain.EGRESS_SOURCE : Allocations.Domain.INGRESS_SOURCE;
            Allocations.Domain destinationDomain = egress ? Allocations.Domain.EGRESS_DESTINATION
                    : Allocations.Domain.INGRESS_DESTINATION;
            SideMatches source = new SideMatches(identities, setIndex, bits.get(sourceDomain), Marks.SOURCE_ID,
                    Marks.SOURCE_BITS, reuse.sides.get(sourceDomain));
            SideMatches destination = new SideMatches(identities, setIndex, bits.get(destinationDomain),
                    Marks.DESTINATION_ID, Marks.DESTINATION_BITS, reuse.sides.get(destinationDomain));
            sides.put(sourceDomain, source);
            sides.put(destinationDomain, destination);
            boolean sameBits = sets == reuse.sets && generation == reuse.generation
                    && bits.get(sourceDomain) == before.bits(sourceDomain)
                    && bits.get(destinationDomain) == before.bits(destinationDomain);
            StageFlows stage = new StageFlows(plan, egress ? source : destination, egress ? destination : source,
                    namedPorts, assigned, decisions, described, generation,
                    reuse.fragments.getOrDefault(direction, StageFlows.Fragments.NONE));
            shared.addAll(stage.bitsChunks(identities, sameBits));
            List<List<FlowEntry>> rules = stage.tieredChunks();
            rules.add(stage.isolationChunk(model.settings().posture()));
            for (List<FlowEntry> chunk : rules) {
                ruleFlows += chunk.size();
            }
            shared.addAll(rules);
            fragments.put(direction, stage.fragments());
            enumerated += source.enumerated() + destination.enumerated();
        }

        boolean sameNetwork = previous.view() != null && (previous.view() == view || previous.view().equals(view))
                && previous.generation() == generation;
        SwitchFlows located = new SwitchFlows(view, workloads, identities, generation);
        List<FlowEntry> sourceRegions;
        List<FlowEntry> destinationRegions;
        if (reuse.identities != null && generation == reuse.generation
                && identities.regions().equals(reuse.identities.regions())) {
            sourceRegions = previous.sourceRegions();
            destinationRegions = previous.destinationRegions();
        } else {
            sourceRegions = located.sourceRegions();
            destinationRegions = located.destinationRegions();
            check(sourceRegions);
            check(destinationRegions);
        }

        WorkloadFlows.Instructions instructions = previous.instructions() != null
                && previous.generation() == generation ? previous.instructions() : new WorkloadFlows.Instructions(generation);
        List<WorkloadFlows> workloadFlows = workloadFlows(workloads, previous.workloadFlows(), identities, view,
                generation, instructions);
        int perSwitchWorkloadFlows = 0;
        int spoofs = 0;
        Map<DatapathId, Integer> portSecurity = new HashMap<>();
        for (WorkloadFlows flows : workloadFlows) {
            perSwitchWorkloadFlows += flows.flowsPerSwitch();
            spoofs += flows.gatewaySpoof.size();
            if (flows.location.isPresent()) {
                portSecurity.merge(flows.location.get().dpid(), flows.portSecurity.size(), Integer::sum);
            }
        }

        Map<DatapathId, CompiledNetwork.SwitchPart> parts;
        if (sameNetwork && !previous.parts().isEmpty()) {
            parts = previous.parts();
        } else {
            parts = new java.util.TreeMap<>();
            for (DatapathId dpid : view.switches()) {
                CompiledNetwork.SwitchPart part = located.part(dpid,
                        SkeletonFlows.forSwitch(NetworkView.zone(dpid), generation));
                check(part.skeleton());
                check(part.trunks());
                check(part.gatewayPort());
                check(part.gatewayForwarding());
                parts.put(dpid, part);
            }
        }
        int sharedFlows = 0;
        for (List<FlowEntry> chunk : shared) {
            sharedFlows += chunk.size();
        }
        long total = 0;
        for (Map.Entry<DatapathId, CompiledNetwork.SwitchPart> entry : parts.entrySet()) {
            CompiledNetwork.SwitchPart part = entry.getValue();
            total += part.skeleton().size() + part.trunks().size() + part.gatewayForwarding().size()
                    + sourceRegions.size() + destinationRegions.size() + sharedFlows + perSwitchWorkloadFlows
                    + portSecurity.getOrDefault(entry.getKey(), 0) + (part.gateway() ? part.gatewayPort().size() + spoofs : 0);
        }

        Allocations after = new Allocations(identities.byEndpoint(), identities.nextId(), bits, priorities,
                decisions.used(), decisions.next());
        State state = new State(workloads, plans, namedPorts, domains, setIndex, sets, identities, sizes,
                after.priorities, fragments, sides, generation, after.decisions);
        return new CompiledNetwork(parts, workloadFlows, sourceRegions, destinationRegions, shared, instructions,
                view, generation, identities.memo(), model, described,
                new CompiledNetwork.Stats(identities.all().size(), Math.toIntExact(total), ruleFlows, enumerated), after,
                state);
    }

    /**
     * What one compilation hands the next besides its {@link Allocations}: the intermediate results the next one
     * reuses when their inputs are unchanged (checked by reference or equality), so a small change recomputes
     * little. Never changed after construction.
     */
    static final class State {
        static final State NONE = new State(List.of(), null, Set.of(), Map.of(), Map.of(), List.of(), null, new int[0],
                Map.of(), Map.of(), Map.of(), 0, null);

        final List<Workload> workloads;
        final Map<Direction, StagePlan> plans;
        final Set<SetKey.NamedPort> namedPorts;
        final Map<Allocations.Domain, List<SetKey>> domains;
        final Map<SetKey, Integer> setIndex;
        final List<SetKey> sets;
        final Identities identities;
        final int[] sizes;
        final Map<Direction, Map<Allocations.RuleKey, Integer>> priorities;
        final Map<Direction, StageFlows.Fragments> fragments;
        final Map<Allocations.Domain, SideMatches> sides;
        final int generation;
        final Map<Object, Integer> decisions;

        State(List<Workload> workloads, Map<Direction, StagePlan> plans, Set<SetKey.NamedPort> namedPorts,
                Map<Allocations.Domain, List<SetKey>> domains, Map<SetKey, Integer> setIndex, List<SetKey> sets,
                Identities identities, int[] sizes, Map<Direction, Map<Allocations.RuleKey, Integer>> priorities,
                Map<Direction, StageFlows.Fragments> fragments, Map<Allocations.Domain, SideMatches> sides,
                int generation, Map<Object, Integer> decisions) {
            this.workloads = workloads;
            this.plans = plans;
            this.namedPorts = namedPorts;
            this.domains = domains;
            this.setIndex = setIndex;
            this.sets = sets;
            this.identities = identities;
            this.sizes = sizes;
            this.priorities = priorities;
            this.fragments = fragments;
            this.sides = sides;
            this.generation = generation;
            this.decisions = decisions;
        }
    }

    /** Whether two lists hold the very same objects in the same order. */
    private static <T> boolean unchanged(List<T> before, List<T> after) {
        if (before == after) {
            return true;
        }
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != after.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static Map<Direction, StagePlan> plans(PolicyModel model) {
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
        return plans;
    }

    /** The named ports rules use, as the workloads serve them, in the order the (sorted) workloads are met. */
    private static Set<SetKey.NamedPort> namedPorts(Map<Direction, StagePlan> plans, List<Workload> workloads) {
        Set<Map.Entry<String, Protocol>> names = new HashSet<>();
        plans.values().forEach(plan -> plan.namedPortsUsed(names));
        Set<SetKey.NamedPort> namedPorts = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return namedPorts;
        }
        for (Workload workload : workloads) {
            for (NamedPort port : workload.namedPorts()) {
                if (names.contains(Map.entry(port.name(), port.protocol()))) {
                    namedPorts.add(new SetKey.NamedPort(port.name(), port.protocol(), port.port()));
                }
            }
        }
        return namedPorts;
    }

    /** How many identities each set has (by set index): carried over and corrected by the identities that changed. */
    private static int[] setSizes(Identities identities, List<SetKey> sets, State reuse) {
        int[] sizes;
        if (identities.gone() != null && sets == reuse.sets && reuse.identities != null) {
            sizes = reuse.sizes.clone();
            for (Identities.Identity gone : identities.gone()) {
                BitSet members = gone.key().members();
                for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                    sizes[i]--;
                }
            }
            for (Identities.Identity added : identities.added()) {
                BitSet members = added.key().members();
                for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                    sizes[i]++;
                }
            }
            return sizes;
        }
        sizes = new int[sets.size()];
        for (Identities.Identity identity : identities.all()) {
            BitSet members = identity.key().members();
            for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                sizes[i]++;
            }
        }
        return sizes;
    }

    /**
     * Each workload's flows: the previous compilation's when the workload, its identity ids, the network and the
     * generation are the same (both lists are sorted by workload id, so one walk pairs them).
     */
    private static List<WorkloadFlows> workloadFlows(List<Workload> workloads, List<WorkloadFlows> previous,
            Identities identities, NetworkView view, int generation, WorkloadFlows.Instructions instructions) {
        List<WorkloadFlows> out = new ArrayList<>(workloads.size());
        Set<Integer> moved = identities.movedIds();
        boolean incremental = identities.gone() != null;
        int i = 0;
        for (Workload workload : workloads) {
            WorkloadFlows old = null;
            while (i < previous.size()) {
                WorkloadFlows candidate = previous.get(i);
                if (candidate.workload == workload) {
                    old = candidate;
                    i++;
                    break;
                }
                int order = compare(candidate.workload, workload);
                if (order < 0) {
                    i++;
                    continue;
                }
                if (order == 0) {
                    old = candidate;
                    i++;
                }
                break;
            }
            if (incremental && old != null && old.workload == workload && old.generation == generation
                    && old.view == view && !movedAny(old.ids, moved)) {
                out.add(old); // same workload, same ids, same network
                continue;
            }
            int[] ids = new int[workload.addresses().size()];
            for (int a = 0; a < ids.length; a++) {
                ids[a] = identities.idOfWorkloadAddress(workload.addresses().get(a));
            }
            WorkloadFlows flows = WorkloadFlows.of(workload, ids, view, generation, instructions, old);
            if (flows != old) {
                for (DatapathId dpid : view.switches()) {
                    flows.forwardingAt(dpid, instructions); // built (and checked) now, not when first asked for
                }
            }
            out.add(flows);
        }
        return out;
    }

    private static boolean movedAny(int[] ids, Set<Integer> moved) {
        if (moved.isEmpty()) {
            return false;
        }
        for (int id : ids) {
            if (moved.contains(id)) {
                return true;
            }
        }
        return false;
    }

    private static int compare(Workload a, Workload b) {
        int order = a.namespace().compareTo(b.namespace());
        return order != 0 ? order : a.name().compareTo(b.name());
    }

    private static void check(List<FlowEntry> flows) {
        List<String> misfits = Pipeline.problems(flows);
        if (!misfits.isEmpty()) {
            throw new IllegalStateException("compiled flows do not fit the pipeline: " + misfits);
        }
    }

    /**
     * The workloads sorted by id (namespace, then name). A model derived from the previous one by a few changes
     * is sorted by patching the previous order: the removed ones out, the new ones in by binary search.
     */
    private static List<Workload> sortedWorkloads(PolicyModel model, PolicyModel was, List<Workload> previousSorted) {
        ListChanges.Changes changes = previousSorted.size() == was.workloads().size()
                ? ListChanges.between(was.workloads(), model.workloads(), 256) : null;
        if (changes != null && changes.size() == 0 && !previousSorted.isEmpty()) {
            return previousSorted;
        }
        if (changes == null || previousSorted.isEmpty()) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            workloads.sort(PolicyCompiler::compare);
            return workloads;
        }
        Set<Workload> removed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int index : changes.removed()) {
            removed.add(was.workloads().get(index));
        }
        List<Workload> workloads = new ArrayList<>(previousSorted.size() + changes.added().length);
        for (Workload workload : previousSorted) {
            if (!removed.remove(workload)) {
                workloads.add(workload);
            }
        }
        for (int index : changes.added()) {
            Workload workload = model.workloads().get(index);
            int at = java.util.Collections.binarySearch(workloads, workload, PolicyCompiler::compare);
            workloads.add(at < 0 ? -at - 1 : at, workload);
        }
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
