package io.microseg.flowrules.flow;

import java.util.List;

/** One flow entry as microseg wants it in a switch. */
public record FlowEntry(int table, int priority, FlowMatch match, List<Instruction> instructions, Cookie cookie) {

    public FlowEntry {
        if (table < 0 || table > 254) {
            throw new IllegalArgumentException("table must be 0..254: " + table);
        }
        if (priority < 0 || priority > 0xffff) {
            throw new IllegalArgumentException("priority must be 0..65535: " + priority);
        }
        if (match == null || cookie == null) {
            throw new IllegalArgumentException("match and cookie are required");
        }
        instructions = List.copyOf(instructions);
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.GotoTable go && go.table() <= table) {
                throw new IllegalArgumentException("goto_table must go forward: " + table + " -> " + go.table());
            }
        }
    }

    public static FlowEntry of(int table, int priority, FlowMatch match, Cookie cookie, Instruction... instructions) {
        return new FlowEntry(table, priority, match, List.of(instructions), cookie);
    }

    public FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    /** Same key and instructions: installing one over the other changes nothing a packet sees. */
    public boolean sameBehaviour(FlowEntry other) {
        return key().equals(other.key()) && instructions.equals(other.instructions);
    }

    /**
     * Whether a packet hitting this entry goes anywhere (output, goto, conntrack). An entry that
     * does not is a drop; ordering changes fail-closed needs to tell the two apart.
     */
    public boolean passes() {
        for (Instruction instruction : instructions) {
            if (instruction instanceof Instruction.GotoTable) {
                return true;
            }
            if (instruction instanceof Instruction.ApplyActions apply) {
                for (Action action : apply.actions()) {
                    if (action instanceof Action.Output || action instanceof Action.Conntrack) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "table=" + table + ",priority=" + priority + "," + match + " cookie=" + cookie + " " + instructions;
    }
}
