package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.OnTighten;
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
            if (reuse.plans != null) { // a stage whose plan is equal keeps the previous plan (and what was made of it)
                for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
                    StagePlan old = reuse.plans.get(direction);
                    if (old != null && old.equals(plans.get(direction))) {
                        plans.put(direction, old);
                    }
                }
                if (plans.equals(reuse.plans)) {
                    plans = reuse.plans;
                }
            }
        }

        List<List<Workload>> changedWorkloads = new ArrayList<>(2); // removed, added; empty when not known
        List<Workload> workloads = sortedWorkloads(model, was, reuse.workloads, changedWorkloads);
        Set<Map.Entry<String, Protocol>> names;
        if (plans == reuse.plans && reuse.names != null) {
            names = reuse.names;
        } else {
            names = new HashSet<>();
            for (StagePlan plan : plans.values()) {
                plan.namedPortsUsed(names);
            }
            if (names.equals(reuse.names)) {
                names = reuse.names;
            }
        }
        Map<SetKey.NamedPort, Workload> firstServers = names == reuse.names && !changedWorkloads.isEmpty()
                ? sameNamedPorts(names, reuse, changedWorkloads.get(0), changedWorkloads.get(1)) : null;
        Set<SetKey.NamedPort> namedPorts;
        if (firstServers != null) {
            namedPorts = reuse.namedPorts;
        } else {
            firstServers = new HashMap<>();
            namedPorts = namedPorts(names, workloads, firstServers);
        }
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
            // the same plan and named ports ask both sides for the same set lists as before
            boolean sameRequests = reuse.plans != null && plan == reuse.plans.get(direction)
                    && namedPorts == reuse.namedPorts;
            SideMatches source = new SideMatches(identities, setIndex, bits.get(sourceDomain), Marks.SOURCE_ID,
                    Marks.SOURCE_BITS, reuse.sides.get(sourceDomain), sameRequests);
            SideMatches destination = new SideMatches(identities, setIndex, bits.get(destinationDomain),
                    Marks.DESTINATION_ID, Marks.DESTINATION_BITS, reuse.sides.get(destinationDomain), sameRequests);
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
        WorkloadCounts counts = WorkloadCounts.of(previous.workloadFlows(), reuse.counts);
        List<WorkloadFlows> workloadFlows;
        if (!changedWorkloads.isEmpty() && identities.gone() != null && reuse.counts != null
                && reuse.counts.counted == previous.workloadFlows()
                && previous.workloadFlows().size() == reuse.workloads.size() && previous.view() != null
                && (previous.view() == view || previous.view().equals(view)) && previous.generation() == generation) {
            workloadFlows = List.copyOf(patchedWorkloadFlows(workloads, reuse.workloads, previous.workloadFlows(),
                    changedWorkloads.get(0), changedWorkloads.get(1), identities, view, generation, instructions,
                    counts));
        } else {
            workloadFlows = List.copyOf(workloadFlows(workloads, previous.workloadFlows(), identities, view,
                    generation, instructions, counts)); // immutable: the result keeps this very list
        }
        counts.counted = workloadFlows;
        int perSwitchWorkloadFlows = counts.perSwitch;
        int spoofs = counts.spoofs;
        Map<DatapathId, Integer> portSecurity = counts.portSecurity;

        long epoch = Epochs.of(previous, sourceRegions, destinationRegions, shared, workloadFlows);
        boolean cut = model.settings().onTighten() == OnTighten.CUT;
        // a zone of its own for every switch; one that cannot get one is refused (no flows are compiled for it)
        ConntrackZones.Assignment zones = ConntrackZones.assign(view.switches(), before.zones,
                view.options().pinnedZones());
        Map<DatapathId, CompiledNetwork.SwitchPart> parts;
        if (sameNetwork && !previous.parts().isEmpty() && epoch == previous.epoch()
                && cut == (was.settings().onTighten() == OnTighten.CUT) && zones.zones().equals(before.zones)) {
            parts = previous.parts();
        } else {
            parts = new java.util.TreeMap<>();
            for (DatapathId dpid : view.switches()) {
                if (zones.refused().contains(dpid)) {
                    continue;
                }
                CompiledNetwork.SwitchPart part = located.part(dpid, SkeletonFlows.forSwitch(zones.zones().get(dpid),
                        view.options().dropTaggedFrames(), generation, epoch, cut));
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
                decisions.used(), decisions.next(), epoch).withZones(zones.zones());
        State state = new State(workloads, plans, namedPorts, domains, setIndex, sets, identities, sizes,
                after.priorities, fragments, sides, generation, after.decisions, counts, names, firstServers);
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
                Map.of(), Map.of(), Map.of(), 0, null, null, null, null);

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
        /** The per-switch counts of the workloads' flows, or null. */
        final WorkloadCounts counts;
        /** The named ports (name, protocol) the rules use, or null. */
        final Set<Map.Entry<String, Protocol>> names;
        /** The first workload (in sorted order) serving each of {@link #namedPorts}, or null. */
        final Map<SetKey.NamedPort, Workload> firstServers;

        State(List<Workload> workloads, Map<Direction, StagePlan> plans, Set<SetKey.NamedPort> namedPorts,
                Map<Allocations.Domain, List<SetKey>> domains, Map<SetKey, Integer> setIndex, List<SetKey> sets,
                Identities identities, int[] sizes, Map<Direction, Map<Allocations.RuleKey, Integer>> priorities,
                Map<Direction, StageFlows.Fragments> fragments, Map<Allocations.Domain, SideMatches> sides,
                int generation, Map<Object, Integer> decisions, WorkloadCounts counts,
                Set<Map.Entry<String, Protocol>> names, Map<SetKey.NamedPort, Workload> firstServers) {
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
            this.counts = counts;
            this.names = names;
            this.firstServers = firstServers;
        }
    }

    /**
     * The workloads' flows per switch (same on every switch), spoof drops (gateway switch) and port security (per
     * switch) of one list of workload flows: carried to the next compilation and corrected by the workloads whose
     * flows are not the same, so a small change does not count all workloads again.
     */
    static final class WorkloadCounts {
        /** The list these counts are of (set once it is built). */
        List<WorkloadFlows> counted;
        int perSwitch;
        int spoofs;
        final Map<DatapathId, Integer> portSecurity;

        private WorkloadCounts(List<WorkloadFlows> counted, int perSwitch, int spoofs,
                Map<DatapathId, Integer> portSecurity) {
            this.counted = counted;
            this.perSwitch = perSwitch;
            this.spoofs = spoofs;
            this.portSecurity = portSecurity;
        }

        /** A copy of {@code carried} when it counts {@code flows}, else {@code flows} counted now. */
        static WorkloadCounts of(List<WorkloadFlows> flows, WorkloadCounts carried) {
            if (carried != null && carried.counted == flows) {
                return new WorkloadCounts(flows, carried.perSwitch, carried.spoofs,
                        new HashMap<>(carried.portSecurity));
            }
            WorkloadCounts counts = new WorkloadCounts(flows, 0, 0, new HashMap<>());
            for (WorkloadFlows workload : flows) {
                counts.add(workload, 1);
            }
            return counts;
        }

        void add(WorkloadFlows flows, int sign) {
            perSwitch += sign * flows.flowsPerSwitch();
            spoofs += sign * flows.gatewaySpoof.size();
            if (flows.location.isPresent()) {
                portSecurity.merge(flows.location.get().dpid(), sign * flows.portSecurity.size(), Integer::sum);
            }
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

    /**
     * The named ports rules use ({@code names}), as the workloads serve them, in the order the (sorted) workloads
     * are met; {@code firstServers} gets the first workload serving each.
     */
    private static Set<SetKey.NamedPort> namedPorts(Set<Map.Entry<String, Protocol>> names, List<Workload> workloads,
            Map<SetKey.NamedPort, Workload> firstServers) {
        Set<SetKey.NamedPort> namedPorts = new LinkedHashSet<>();
        if (names.isEmpty()) {
            return namedPorts;
        }
        for (Workload workload : workloads) {
            for (NamedPort port : workload.namedPorts()) {
                if (names.contains(Map.entry(port.name(), port.protocol()))) {
                    SetKey.NamedPort key = new SetKey.NamedPort(port.name(), port.protocol(), port.port());
                    namedPorts.add(key);
                    firstServers.putIfAbsent(key, workload);
                }
            }
        }
        return namedPorts;
    }

    /**
     * The first server of each named port when the removed and added workloads leave the previous named ports (and
     * their order) as they were, else null. They do when every removed workload is no port's first server (or is
     * replaced, at the same place in the order, by one serving the same ports), and every added workload serves only
     * ports that are already there, after their first server.
     */
    private static Map<SetKey.NamedPort, Workload> sameNamedPorts(Set<Map.Entry<String, Protocol>> names,
            State reuse, List<Workload> removed, List<Workload> added) {
        if (reuse.firstServers == null) {
            return null;
        }
        if (names.isEmpty()) {
            return reuse.firstServers;
        }
        Map<SetKey.NamedPort, Workload> first = reuse.firstServers;
        Set<Workload> replacing = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Workload gone : removed) {
            List<SetKey.NamedPort> served = served(names, gone);
            boolean firstOfAny = false;
            for (SetKey.NamedPort key : served) {
                firstOfAny |= first.get(key) == gone;
            }
            if (!firstOfAny) {
                continue;
            }
            Workload replacement = null;
            for (Workload candidate : added) {
                if (compare(candidate, gone) == 0 && candidate.namedPorts().equals(gone.namedPorts())) {
                    replacement = candidate;
                    break;
                }
            }
            if (replacement == null) {
                return null;
            }
            if (first == reuse.firstServers) {
                first = new HashMap<>(first);
            }
            for (SetKey.NamedPort key : served) {
                if (first.get(key) == gone) {
                    first.put(key, replacement);
                }
            }
            replacing.add(replacement);
        }
        for (Workload workload : added) {
            if (replacing.contains(workload)) {
                continue;
            }
            for (SetKey.NamedPort key : served(names, workload)) {
                Workload server = first.get(key);
                if (server == null || compare(workload, server) <= 0) {
                    return null;
                }
            }
        }
        return first;
    }

    private static List<SetKey.NamedPort> served(Set<Map.Entry<String, Protocol>> names, Workload workload) {
        List<SetKey.NamedPort> out = new ArrayList<>();
        for (NamedPort port : workload.namedPorts()) {
            if (names.contains(Map.entry(port.name(), port.protocol()))) {
                out.add(new SetKey.NamedPort(port.name(), port.protocol(), port.port()));
            }
        }
        return out;
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
            Identities identities, NetworkView view, int generation, WorkloadFlows.Instructions instructions,
            WorkloadCounts counts) {
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
                    counts.add(candidate, -1); // its workload is gone
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
                if (old != null) {
                    counts.add(old, -1);
                }
                counts.add(flows, 1);
                for (DatapathId dpid : view.switches()) {
                    flows.forwardingAt(dpid, instructions); // built (and checked) now, not when first asked for
                }
            }
            out.add(flows);
        }
        for (; i < previous.size(); i++) {
            counts.add(previous.get(i), -1); // its workload is gone
        }
        return out;
    }

    /**
     * {@link #workloadFlows} when the previous flows are of {@code before} (one per workload, in order), on an equal
     * network with the same generation, and the workloads are {@code before} less {@code removed} plus
     * {@code added}: only the added workloads and those with an address in an identity that is gone (whose ids may
     * have moved) are looked at; every other workload keeps its previous flows, as the full walk would give.
     */
    private static List<WorkloadFlows> patchedWorkloadFlows(List<Workload> workloads, List<Workload> before,
            List<WorkloadFlows> previous, List<Workload> removed, List<Workload> added, Identities identities,
            NetworkView view, int generation, WorkloadFlows.Instructions instructions, WorkloadCounts counts) {
        boolean[] dropped = new boolean[before.size()];
        Map<Workload, WorkloadFlows> replaced = new java.util.IdentityHashMap<>();
        for (Workload gone : removed) {
            int at = java.util.Collections.binarySearch(before, gone, PolicyCompiler::compare);
            dropped[at] = true;
        }
        boolean[] fresh = new boolean[workloads.size()];
        for (Workload workload : added) {
            fresh[java.util.Collections.binarySearch(workloads, workload, PolicyCompiler::compare)] = true;
            int at = java.util.Collections.binarySearch(before, workload, PolicyCompiler::compare);
            if (at >= 0 && dropped[at]) {
                replaced.put(workload, previous.get(at)); // the same id: its flows are the old ones' successor
            }
        }
        for (int at = 0; at < dropped.length; at++) {
            if (dropped[at] && !replaced.containsValue(previous.get(at))) {
                counts.add(previous.get(at), -1); // its workload is gone
            }
        }
        boolean[] revisit = new boolean[workloads.size()];
        for (Identities.Identity gone : identities.gone()) {
            for (Identities.Member member : gone.members()) {
                if (member.owner() != null) {
                    int at = java.util.Collections.binarySearch(workloads, member.owner(), PolicyCompiler::compare);
                    if (at >= 0) {
                        revisit[at] = true;
                    }
                }
            }
        }
        // the kept flows are moved as plain references (typed Object: no cast, so the objects are not touched)
        List<Object> out = new ArrayList<>(workloads.size());
        List<?> kept = previous;
        int j = 0;
        for (int k = 0; k < workloads.size(); k++) {
            WorkloadFlows old;
            if (fresh[k]) {
                old = replaced.get(workloads.get(k));
            } else {
                while (dropped[j]) {
                    j++;
                }
                Object same = kept.get(j++);
                if (!revisit[k]) {
                    out.add(same); // same workload (or an equal one), same ids, same network
                    continue;
                }
                old = (WorkloadFlows) same;
            }
            out.add(rebuilt(workloads.get(k), old, identities, view, generation, instructions, counts));
        }
        @SuppressWarnings("unchecked")
        List<WorkloadFlows> flows = (List<WorkloadFlows>) (List<?>) out;
        return flows;
    }

    /** A workload's flows for its current ids: {@code old} itself when they are equal. */
    private static WorkloadFlows rebuilt(Workload workload, WorkloadFlows old, Identities identities,
            NetworkView view, int generation, WorkloadFlows.Instructions instructions, WorkloadCounts counts) {
        int[] ids = new int[workload.addresses().size()];
        for (int a = 0; a < ids.length; a++) {
            ids[a] = identities.idOfWorkloadAddress(workload.addresses().get(a));
        }
        WorkloadFlows flows = WorkloadFlows.of(workload, ids, view, generation, instructions, old);
        if (flows != old) {
            if (old != null) {
                counts.add(old, -1);
            }
            counts.add(flows, 1);
            for (DatapathId dpid : view.switches()) {
                flows.forwardingAt(dpid, instructions); // built (and checked) now, not when first asked for
            }
        }
        return flows;
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
    private static List<Workload> sortedWorkloads(PolicyModel model, PolicyModel was, List<Workload> previousSorted,
            List<List<Workload>> changed) {
        ListChanges.Changes changes = previousSorted.size() == was.workloads().size()
                ? ListChanges.between(was.workloads(), model.workloads(), 256) : null;
        if (changes != null && changes.size() == 0 && !previousSorted.isEmpty()) {
            changed.add(List.of());
            changed.add(List.of());
            return previousSorted;
        }
        if (changes == null || previousSorted.isEmpty()) {
            List<Workload> workloads = new ArrayList<>(model.workloads());
            workloads.sort(PolicyCompiler::compare);
            return workloads;
        }
        Set<Workload> removed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Workload> removedList = new ArrayList<>();
        List<Workload> addedList = new ArrayList<>();
        for (int index : changes.removed()) {
            removed.add(was.workloads().get(index));
            removedList.add(was.workloads().get(index));
        }
        List<Workload> workloads = new ArrayList<>(previousSorted.size() + changes.added().length);
        for (Workload workload : previousSorted) {
            if (!removed.remove(workload)) {
                workloads.add(workload);
            }
        }
        for (int index : changes.added()) {
            Workload workload = model.workloads().get(index);
            addedList.add(workload);
            int at = java.util.Collections.binarySearch(workloads, workload, PolicyCompiler::compare);
            workloads.add(at < 0 ? -at - 1 : at, workload);
        }
        changed.add(removedList);
        changed.add(addedList);
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
