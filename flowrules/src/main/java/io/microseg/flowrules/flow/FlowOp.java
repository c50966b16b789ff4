package io.microseg.flowrules.flow;

/** One change to a switch's flow table. Deletes and modifies are strict (by table, priority, match). */
public sealed interface FlowOp {
    FlowEntry entry();

    record Add(FlowEntry entry) implements FlowOp {
    }

    record Modify(FlowEntry entry) implements FlowOp {
    }

    record Delete(FlowEntry entry) implements FlowOp {
    }

    /** Does applying this op let more traffic through (so it must come after the restricting ones)? */
    default boolean widens() {
        return this instanceof Delete ? !entry().passes() : entry().passes();
    }
}
