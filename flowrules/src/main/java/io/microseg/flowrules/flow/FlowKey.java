package io.microseg.flowrules.flow;

/** What identifies a flow entry in a switch: table, priority and match (OpenFlow's "strict" identity). */
public record FlowKey(int table, int priority, FlowMatch match) {
}
