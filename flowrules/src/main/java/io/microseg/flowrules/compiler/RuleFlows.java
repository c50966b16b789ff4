package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.Posture;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage output: the flows every switch shares for the rules (the bits flows, then per stage the tiered rules,
 * NetworkPolicy rules and isolation), as the fragments they were built in; with the priorities, decision ids and
 * their descriptions, and what the next compilation may reuse (fragments and side matches).
 */
record RuleFlows(List<List<FlowEntry>> shared, Map<Direction, Map<Allocations.RuleKey, Integer>> priorities,
        Map<Direction, StageFlows.Fragments> fragments, Map<Allocations.Domain, SideMatches> sides,
        Map<Object, Integer> decisions, int nextDecision, Map<Integer, String> described, int ruleFlows,
        int enumerated) {

    static final RuleFlows NONE = new RuleFlows(List.of(), Map.of(), Map.of(), Map.of(), null, 0, Map.of(), 0, 0);

    /**
     * What one stage may take from the previous compilation, as the memo decided it.
     *
     * @param priorities the rule priorities to keep as they are, or null to assign them
     * @param source the previous source side, or null
     * @param destination the previous destination side, or null
     * @param sameRequests whether both sides are asked for exactly the set lists they were asked for before
     * @param sameBits whether the sets and their bits are those of the previous compilation
     * @param fragments the previous fragments of this stage ({@link StageFlows.Fragments#NONE}: none)
     */
    record StageReuse(Map<Allocations.RuleKey, Integer> priorities, SideMatches source, SideMatches destination,
            boolean sameRequests, boolean sameBits, StageFlows.Fragments fragments) {
        static final StageReuse NONE = new StageReuse(null, null, null, false, false, StageFlows.Fragments.NONE);
    }

    /** The rule flows of both stages, egress first (decision ids are handed out in that order). */
    static RuleFlows of(Map<Direction, StagePlan> plans, SetLayout layout, Identities identities,
            Map<Allocations.Domain, Map<SetKey, Integer>> bits, Allocations before, Posture posture,
            Allocations.DecisionIds decisions, Map<Direction, StageReuse> reuse) {
        Map<Integer, String> described = new HashMap<>();
        Map<Direction, Map<Allocations.RuleKey, Integer>> priorities = new EnumMap<>(Direction.class);
        Map<Direction, StageFlows.Fragments> fragments = new EnumMap<>(Direction.class);
        Map<Allocations.Domain, SideMatches> sides = new EnumMap<>(Allocations.Domain.class);
        List<List<FlowEntry>> shared = new ArrayList<>();
        int ruleFlows = 0;
        int enumerated = 0;
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            StagePlan plan = plans.get(direction);
            StageReuse kept = reuse.getOrDefault(direction, StageReuse.NONE);
            Map<Allocations.RuleKey, Integer> assigned = kept.priorities();
            if (assigned == null) {
                List<Allocations.RuleKey> order = plan.tiered().stream().map(StagePlan.TieredRule::key).toList();
                assigned = StablePriorities.assign(order, before.priorities(direction), Priorities.TIERED_LOWEST,
                        Priorities.TIERED_HIGHEST);
            }
            priorities.put(direction, assigned);
            boolean egress = direction == Direction.EGRESS;
            Allocations.Domain sourceDomain = Allocations.Domain.source(direction);
            Allocations.Domain destinationDomain = Allocations.Domain.destination(direction);
            SideMatches source = new SideMatches(identities, layout.setIndex(), bits.get(sourceDomain),
                    Marks.SOURCE_ID, Marks.SOURCE_BITS, kept.source(), kept.sameRequests());
            SideMatches destination = new SideMatches(identities, layout.setIndex(), bits.get(destinationDomain),
                    Marks.DESTINATION_ID, Marks.DESTINATION_BITS, kept.destination(), kept.sameRequests());
            sides.put(sourceDomain, source);
            sides.put(destinationDomain, destination);
            StageFlows stage = new StageFlows(plan, egress ? source : destination, egress ? destination : source,
                    layout.namedPorts(), assigned, decisions, described, kept.fragments());
            shared.addAll(stage.bitsChunks(identities, kept.sameBits()));
            List<List<FlowEntry>> rules = stage.tieredChunks();
            rules.add(stage.isolationChunk(posture));
            for (List<FlowEntry> chunk : rules) {
                ruleFlows += chunk.size();
            }
            shared.addAll(rules);
            fragments.put(direction, stage.fragments());
            enumerated += source.enumerated() + destination.enumerated();
        }
        return new RuleFlows(shared, priorities, fragments, sides, decisions.used(), decisions.next(), described,
                ruleFlows, enumerated);
    }

    /** How many flows the shared fragments hold. */
    int sharedFlows() {
        int n = 0;
        for (List<FlowEntry> chunk : shared) {
            n += chunk.size();
        }
        return n;
    }
}
