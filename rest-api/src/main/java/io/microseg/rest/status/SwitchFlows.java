package io.microseg.rest.status;

import java.util.List;

/**
 * {@code GET /switches/{dpid}/flows}: what the controller wants on the switch, what it last read from it, and the
 * difference, as the controller's diff keys them (table, priority, match).
 */
public record SwitchFlows(String dpid, List<FlowView> desired, List<FlowView> installed, List<FlowView> missing,
        List<FlowView> unexpected) {

    public SwitchFlows {
        desired = List.copyOf(desired);
        installed = List.copyOf(installed);
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /** One flow entry in words; counters are those last read from the switch (0 for desired flows). */
    public record FlowView(int table, int priority, String match, String actions, String cookie, long packets,
            long bytes) {
    }
}
