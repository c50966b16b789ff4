package io.microseg.flowrules.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One table of a pipeline declared as data: what it is for, which fields its flows may match,
 * which tables they may go to, and what a packet that matches nothing gets.
 */
public record TableSpec(int id, String name, String purpose, Set<MatchField> mayMatch, Set<Integer> mayGoTo, Miss miss) {

    /**
     * What the table's lowest-priority flow does, declared here and built from this declaration alone
     * ({@code SkeletonFlows.misses}): drop; go on to the next table after clearing some registers and metadata bits
     * (so no stale value leaks into the next stage); or commit the connection to conntrack, then go on.
     *
     * @param kind what the miss does
     * @param clears registers a {@link Kind#NEXT_TABLE} miss sets to 0 first
     * @param clearsMetadata metadata bits it sets to 0 first
     */
    public record Miss(Kind kind, List<MatchField> clears, long clearsMetadata) {
        public static final Miss DROP = new Miss(Kind.DROP, List.of(), 0);
        public static final Miss NEXT_TABLE = new Miss(Kind.NEXT_TABLE, List.of(), 0);
        public static final Miss COMMIT_THEN_NEXT = new Miss(Kind.COMMIT_THEN_NEXT, List.of(), 0);

        /** The kinds of miss. */
        public enum Kind { DROP, NEXT_TABLE, COMMIT_THEN_NEXT }

        public Miss {
            clears = List.copyOf(clears);
            if (kind != Kind.NEXT_TABLE && (!clears.isEmpty() || clearsMetadata != 0)) {
                throw new IllegalArgumentException("only a next-table miss clears registers");
            }
        }

        /** Go on to the next table with these registers and metadata bits cleared. */
        public static Miss clearThenNext(List<MatchField> registers, long metadataBits) {
            return new Miss(Kind.NEXT_TABLE, registers, metadataBits);
        }
    }

    public TableSpec {
        if (id < 0 || id > 254) {
            throw new IllegalArgumentException("table id must be 0..254");
        }
        mayMatch = Set.copyOf(mayMatch);
        mayGoTo = Set.copyOf(mayGoTo);
        if (miss.kind() != Miss.Kind.DROP && !mayGoTo.contains(id + 1)) {
            throw new IllegalArgumentException(name + "'s miss goes on to table " + (id + 1) + ", which it may not");
        }
        for (int target : mayGoTo) {
            if (target <= id) {
                throw new IllegalArgumentException(name + " may only go forward, not to " + target);
            }
        }
    }

    /** Problems of a flow against this spec; empty when it fits. */
    public List<String> check(FlowEntry flow) {
        List<String> problems = new ArrayList<>();
        if (flow.table() != id) {
            problems.add("flow is for table " + flow.table() + ", not " + name + " (" + id + ")");
        }
        for (MatchField field : flow.match().fields().keySet()) {
            boolean prerequisite = field == MatchField.ETH_TYPE || field == MatchField.IP_PROTO;
            if (!mayMatch.contains(field) && !prerequisite) {
                problems.add(name + " does not match on " + field + ": " + flow);
            }
        }
        for (Instruction instruction : flow.instructions()) {
            if (instruction instanceof Instruction.GotoTable go && !mayGoTo.contains(go.table())) {
                problems.add(name + " may not go to table " + go.table() + ": " + flow);
            }
            if (instruction instanceof Instruction.ApplyActions apply) {
                for (Action action : apply.actions()) {
                    if (action instanceof Action.Conntrack ct && ct.table().isPresent()
                            && !mayGoTo.contains(ct.table().getAsInt())) {
                        problems.add(name + " may not recirculate to table " + ct.table().getAsInt() + ": " + flow);
                    }
                }
            }
        }
        return problems;
    }
}
