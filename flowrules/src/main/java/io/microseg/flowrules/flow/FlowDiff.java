package io.microseg.flowrules.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes that take a switch from what it has to what is wanted, keyed on (table, priority, match).
 *
 * <p>Same key with other instructions is a modify. A cookie difference alone is not a change:
 * OpenFlow 1.3 modifies keep the installed cookie, so re-sending would never converge.
 * Operations are ordered fail-closed in two phases: first everything that restricts (new drops,
 * removed passes), then everything that widens (new passes, removed drops). Applied with a
 * barrier between the phases (or in one bundle), no packet ever sees more than the old or the
 * new policy allows.
 */
public record FlowDiff(List<FlowOp> restricting, List<FlowOp> widening) {

    public FlowDiff {
        restricting = List.copyOf(restricting);
        widening = List.copyOf(widening);
    }

    public static FlowDiff between(Collection<FlowEntry> desired, Collection<FlowEntry> installed) {
        Map<FlowKey, FlowEntry> have = new HashMap<>(installed.size() * 2);
        for (FlowEntry entry : installed) {
            have.put(entry.key(), entry);
        }
        Map<FlowKey, FlowEntry> want = new LinkedHashMap<>(desired.size() * 2);
        for (FlowEntry entry : desired) {
            FlowEntry previous = want.putIfAbsent(entry.key(), entry);
            if (previous != null && !previous.sameBehaviour(entry)) {
                throw new IllegalArgumentException("two desired flows share a key with different instructions: "
                        + previous + " / " + entry);
            }
        }
        List<FlowOp> restricting = new ArrayList<>();
        List<FlowOp> widening = new ArrayList<>();
        for (FlowEntry entry : want.values()) {
            FlowEntry old = have.get(entry.key());
            FlowOp op;
            if (old == null) {
                op = new FlowOp.Add(entry);
            } else if (!old.instructions().equals(entry.instructions())) {
                op = new FlowOp.Modify(entry);
            } else {
                continue;
            }
            (op.widens() ? widening : restricting).add(op);
        }
        for (FlowEntry entry : installed) {
            if (!want.containsKey(entry.key())) {
                FlowOp op = new FlowOp.Delete(entry);
                (op.widens() ? widening : restricting).add(op);
            }
        }
        return new FlowDiff(restricting, widening);
    }

    /** The diff of applying {@code after} where {@code before} was desired (incremental, no read-back). */
    public static FlowDiff change(Collection<FlowEntry> before, Collection<FlowEntry> after) {
        return between(after, before);
    }

    public boolean isEmpty() {
        return restricting.isEmpty() && widening.isEmpty();
    }

    public int size() {
        return restricting.size() + widening.size();
    }

    /** All operations in fail-closed order. */
    public List<FlowOp> ordered() {
        List<FlowOp> all = new ArrayList<>(size());
        all.addAll(restricting);
        all.addAll(widening);
        return all;
    }
}
