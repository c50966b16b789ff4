package io.microseg.flowrules.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One table of a pipeline declared as data: what it is for, which fields its flows may match,
 * which tables they may go to, and what a packet that matches nothing gets.
 */
public record TableSpec(int id, String name, String purpose, Set<MatchField> mayMatch, Set<Integer> mayGoTo, Miss miss) {

    /** What the table's lowest-priority flow does. */
    public enum Miss { DROP, NEXT_TABLE, CONTROLLER }

    public TableSpec {
        if (id < 0 || id > 254) {
            throw new IllegalArgumentException("table id must be 0..254");
        }
        mayMatch = Set.copyOf(mayMatch);
        mayGoTo = Set.copyOf(mayGoTo);
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
