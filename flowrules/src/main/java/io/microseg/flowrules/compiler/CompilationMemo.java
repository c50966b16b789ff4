package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.DatapathId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incremental compilation, in one place: for each stage of {@link PolicyCompiler}, what this compilation may take
 * from the previous one instead of computing it. The stage functions themselves are pure and know nothing of reuse;
 * a stage that can patch its previous output (sorted workloads, identities, set sizes, side matches, rule fragments,
 * workload flows) gets that output as an explicit argument, and only from here.
 *
 * <p>The rule, for every stage: an input is unchanged when it is the <em>very object</em> the previous compilation
 * used (compared with {@code ==}), and then the previous output is the answer. Cheap inputs that are rebuilt every
 * time (the stage plans, the named ports, the set list, the bits, the regions, the network view, the tiers) are
 * compared by equality, and when equal the <em>previous object is kept</em> in their place, so that every later stage
 * sees an identical input and can reuse in turn. Model lists (workloads, policies) are compared element by element by
 * identity: the model is immutable and a write replaces only the parts it changes. Hence reuse never changes a flow:
 * {@code IncrementalCompileTest} compares every compilation with one that reuses nothing but the allocations.
 *
 * <p>The previous compilation is {@link CompiledNetwork#empty()}, a {@link CompiledNetwork#resume} or one without
 * caches ({@link StageResults#NONE}) at first: then nothing is reused and every stage computes from scratch.
 */
final class CompilationMemo {

    private final CompiledNetwork previous;
    private final StageResults reuse;
    private final PolicyModel was;

    CompilationMemo(CompiledNetwork previous) {
        this.previous = previous;
        this.reuse = previous.state();
        this.was = previous.model();
    }

    /** Reused while the policies and NetworkPolicies are the same objects and the tiers equal; an equal plan is kept. */
    Map<Direction, StagePlan> plans(PolicyModel model) {
        Map<Direction, StagePlan> old = reuse.plans();
        if (old != null && sameElements(was.policies(), model.policies())
                && sameElements(was.networkPolicies(), model.networkPolicies()) && was.tiers().equals(model.tiers())) {
            return old;
        }
        Map<Direction, StagePlan> plans = StagePlan.byDirection(model);
        if (old == null) {
            return plans;
        }
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            StagePlan before = old.get(direction);
            if (before != null && before.equals(plans.get(direction))) {
                plans.put(direction, before); // and what was made of it stays valid
            }
        }
        return plans.equals(old) ? old : plans;
    }

    /** The previous sorted list patched by the workloads that are not the previous model's very objects. */
    SortedWorkloads workloads(PolicyModel model) {
        return SortedWorkloads.of(model, was, reuse.workloads().all());
    }

    SetLayout sets(Map<Direction, StagePlan> plans, SortedWorkloads workloads) {
        SetLayout old = reuse.sets();
        Set<Map.Entry<String, Protocol>> names;
        if (plans == reuse.plans() && old.names() != null) {
            names = old.names();
        } else {
            names = SetLayout.names(plans);
            if (names.equals(old.names())) {
                names = old.names();
            }
        }
        Map<SetKey.NamedPort, Workload> firstServers = names == old.names() && workloads.known()
                ? SetLayout.sameNamedPorts(names, old.firstServers(), workloads.removed(), workloads.added()) : null;
        Set<SetKey.NamedPort> namedPorts;
        if (firstServers != null) {
            namedPorts = old.namedPorts();
        } else {
            SetLayout.Served served = SetLayout.served(names, workloads.all());
            namedPorts = served.namedPorts();
            firstServers = served.firstServers();
        }
        if (plans == reuse.plans() && List.copyOf(namedPorts).equals(List.copyOf(old.namedPorts()))) { // in order
            return new SetLayout(names, old.namedPorts(), firstServers, old.domains(), old.setIndex(), old.sets());
        }
        Map<Allocations.Domain, List<SetKey>> domains = SetLayout.domains(plans, namedPorts);
        Map<SetKey, Integer> setIndex = SetLayout.index(domains, namedPorts);
        List<SetKey> sets = List.copyOf(setIndex.keySet());
        if (sets.equals(old.sets())) { // the same sets in the same order: what was computed of them still holds
            return new SetLayout(names, namedPorts, firstServers, domains, old.setIndex(), old.sets());
        }
        return new SetLayout(names, namedPorts, firstServers, domains, setIndex, sets);
    }

    /** The previous allocations; after a restart, the stored ones looked up by these sets and rules. */
    Allocations allocations(SetLayout sets, Map<Direction, StagePlan> plans) {
        return previous.carried().resolve(sets.domains(), plans);
    }

    /**
     * The previous identities updated by the workloads that changed, when the sets are the previous ones and the
     * classification inputs (namespaces, segments, enforcement settings, settings) are equal; else classified anew,
     * with the previous memberships by signature when they are still valid.
     */
    Identities identities(PolicyModel model, SetLayout sets, SortedWorkloads workloads, Allocations before) {
        SetResolver resolver = new SetResolver(model);
        Object resolverInput = List.of(model.namespaces(), model.segments(), model.enforcementSettings(),
                model.settings());
        Identities old = reuse.identities();
        if (old != null && sets.sets() == reuse.sets().sets() && old.memo().validFor(sets.sets(), resolverInput)) {
            Identities updated = Identities.update(old, reuse.workloads().all(), workloads.all(), sets.sets(), resolver);
            if (updated != null) {
                return updated;
            }
        }
        return Identities.compute(workloads.all(), sets.sets(), resolver, before.identities, before.nextIdentity,
                old == null ? MembershipMemo.NONE : old.memo(), resolverInput);
    }

    /** Set sizes patched when the identities were updated on the same sets; bits equal to the previous are kept. */
    SideBits bits(SetLayout sets, Identities identities, Allocations before) {
        boolean patch = identities.gone() != null && sets.sets() == reuse.sets().sets() && reuse.identities() != null;
        int[] sizes = SideBits.sizes(identities, sets.sets().size(), patch ? reuse.sizes() : null);
        Map<Allocations.Domain, Map<SetKey, Integer>> bits = SideBits.assign(sets.domains(), before, sets.setIndex(),
                sizes);
        bits.replaceAll((domain, assigned) -> assigned.equals(before.bits(domain)) ? before.bits(domain) : assigned);
        return new SideBits(sizes, bits);
    }

    /** Per stage: priorities, side matches and fragments of the previous compilation, as far as they still hold. */
    RuleFlows rules(Map<Direction, StagePlan> plans, SetLayout sets, Identities identities, SideBits bits,
            Allocations before, Posture posture) {
        RuleFlows old = reuse.rules();
        Allocations.DecisionIds decisions = new Allocations.DecisionIds(before, plans == reuse.plans()
                && before.decisions == old.decisions());
        Map<Direction, RuleFlows.StageReuse> kept = new EnumMap<>(Direction.class);
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            boolean samePlan = reuse.plans() != null && plans.get(direction) == reuse.plans().get(direction);
            Allocations.Domain source = Allocations.Domain.source(direction);
            Allocations.Domain destination = Allocations.Domain.destination(direction);
            Map<Allocations.RuleKey, Integer> priorities = samePlan
                    && before.priorities(direction) == old.priorities().get(direction)
                    ? before.priorities(direction) : null; // the same order keeps every priority
            boolean sameRequests = samePlan && sets.namedPorts() == reuse.sets().namedPorts();
            boolean sameBits = sets.sets() == reuse.sets().sets()
                    && bits.bits().get(source) == before.bits(source)
                    && bits.bits().get(destination) == before.bits(destination);
            kept.put(direction, new RuleFlows.StageReuse(priorities, old.sides().get(source),
                    old.sides().get(destination), sameRequests, sameBits,
                    old.fragments().getOrDefault(direction, StageFlows.Fragments.NONE)));
        }
        return RuleFlows.of(plans, sets, identities, bits.bits(), before, posture, decisions, kept);
    }

    /** The previous region flows while the regions are the same. */
    SwitchAssembly.Regions regions(Identities identities, SwitchFlows located) {
        if (reuse.identities() != null
                && identities.regions().equals(reuse.identities().regions())) {
            return new SwitchAssembly.Regions(previous.sourceRegions(), previous.destinationRegions());
        }
        return SwitchAssembly.regions(located);
    }

    /** The instructions workloads' flows share: the previous ones. */
    WorkloadFlows.Instructions instructions() {
        return previous.instructions() != null ? previous.instructions()
                : new WorkloadFlows.Instructions();
    }

    /**
     * Each workload's flows: only the changed workloads and those whose ids may have moved are looked at when the
     * workloads' changes are known, the identities were updated and the network is the previous one; else a walk
     * over all workloads that keeps the flows of each whose workload, ids and network are the same.
     */
    WorkloadFlowList workloadFlows(SortedWorkloads workloads, Identities identities, NetworkView view,
            WorkloadFlows.Instructions instructions) {
        List<WorkloadFlows> before = previous.workloadFlows();
        WorkloadFlowList.WorkloadCounts counts = WorkloadFlowList.WorkloadCounts.of(before, reuse.counts());
        List<WorkloadFlows> flows;
        if (workloads.known() && identities.gone() != null && reuse.counts() != null
                && reuse.counts().counted == before && before.size() == reuse.workloads().all().size()
                && sameNetwork(view)) {
            flows = WorkloadFlowList.patched(workloads.all(), reuse.workloads().all(), before, workloads.removed(),
                    workloads.added(), identities, view, instructions, counts);
        } else {
            flows = WorkloadFlowList.walk(workloads.all(), before, identities, view, instructions, counts);
        }
        return WorkloadFlowList.of(flows, counts);
    }

    /** The epoch: the previous one, or the next when the decision flows can deny what the previous ones allowed. */
    long epoch(SwitchAssembly.Regions regions, RuleFlows rules, WorkloadFlowList workloads) {
        return Epochs.of(previous, regions.source(), regions.destination(), rules.shared(), workloads.flows());
    }

    /** The previous switch parts on the same network, epoch, tightening setting and zones. */
    Map<DatapathId, CompiledNetwork.SwitchPart> parts(NetworkView view, SwitchFlows located,
            ConntrackZones.Assignment zones, long epoch, boolean cut, Allocations before,
            Map<DatapathId, List<FlowEntry>> portFlows) {
        if (sameNetwork(view) && !previous.parts().isEmpty() && epoch == previous.epoch()
                && cut == (was.settings().onTighten() == OnTighten.CUT) && zones.zones().equals(before.zones)
                && PortFlows.unchanged(previous.parts(), portFlows)) {
            return previous.parts();
        }
        return SwitchAssembly.parts(view, located, zones, epoch, cut, portFlows);
    }

    /** Whether the previous compilation was for an equal network view. */
    private boolean sameNetwork(NetworkView view) {
        return previous.view() != null && (previous.view() == view || previous.view().equals(view));
    }

    /** Whether two lists hold the very same objects in the same order. */
    private static <T> boolean sameElements(List<T> before, List<T> after) {
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
}
