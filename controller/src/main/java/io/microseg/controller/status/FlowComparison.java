package io.microseg.controller.status;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchFlows.FlowView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a switch has against what the controller wants, for {@code GET /switches/{dpid}/flows}: a desired flow is
 * missing unless an installed flow of the same key (table, priority, match) has its instructions; every installed flow
 * no desired flow accounts for is unexpected, foreign flows (ones microseg cannot read back) each on their own.
 */
final class FlowComparison {

    /** One flow read from the switch: ours (readable as a {@link FlowEntry}) or foreign, with its counters. */
    sealed interface Installed {
        FlowView view();
    }

    record Ours(FlowEntry entry, long packets, long bytes) implements Installed {
        @Override
        public FlowView view() {
            return FlowComparison.view(entry, packets, bytes);
        }
    }

    record Foreign(FlowView view) implements Installed {
    }

    private FlowComparison() {
    }

    static SwitchFlows compare(String dpid, List<FlowEntry> desired, List<Installed> installed) {
        Map<FlowKey, FlowView> ours = new LinkedHashMap<>();
        List<FlowView> foreign = new ArrayList<>();
        List<FlowView> all = new ArrayList<>();
        for (Installed flow : installed) {
            all.add(flow.view());
            if (flow instanceof Ours mine) {
                ours.put(mine.entry().key(), flow.view());
            } else {
                foreign.add(flow.view());
            }
        }
        List<FlowView> desiredViews = new ArrayList<>();
        List<FlowView> missing = new ArrayList<>();
        for (FlowEntry entry : desired) {
            FlowView want = view(entry, 0, 0);
            desiredViews.add(want);
            FlowView have = ours.get(entry.key());
            if (have != null && have.actions().equals(want.actions())) {
                ours.remove(entry.key());
            } else {
                missing.add(want);
            }
        }
        List<FlowView> unexpected = new ArrayList<>(ours.values());
        unexpected.addAll(foreign);
        return new SwitchFlows(dpid, desiredViews, all, missing, unexpected);
    }

    static FlowView view(FlowEntry entry, long packets, long bytes) {
        return new FlowView(entry.table(), entry.priority(), entry.match().toString(), entry.instructions().toString(),
                entry.cookie().toString(), packets, bytes);
    }
}
