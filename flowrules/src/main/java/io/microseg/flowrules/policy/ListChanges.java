package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Which items of a list are new compared with an earlier version of it, by object identity: an item is kept when it
 * is the very object at the matching place of the earlier list (matched in order, so each earlier item is kept at
 * most once). Meant for models derived from the previous one, where a change replaces, inserts or removes a few
 * items and shares all the others.
 */
public final class ListChanges {

    /** How far ahead a mismatch looks for the two lists to line up again. */
    private static final int WINDOW = 8;

    /** The indices of the items only {@code after} has and of those only {@code before} had, each in order. */
    public record Changes(int[] added, int[] removed) {
        public int size() {
            return added.length + removed.length;
        }
    }

    private ListChanges() {
    }

    /**
     * The indices in {@code after} of the items not kept from {@code before}, in order; null when there are more
     * than {@code limit} of them (the caller then treats the lists as unrelated).
     */
    public static <T> int[] added(List<T> before, List<T> after, int limit) {
        Changes changes = between(before, after, limit);
        return changes == null ? null : changes.added();
    }

    /** Added and removed items; null when more than {@code limit} were added or removed. */
    public static <T> Changes between(List<T> before, List<T> after, int limit) {
        List<Integer> added = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (j < after.size()) {
            if (i < before.size() && before.get(i) == after.get(j)) {
                i++;
                j++;
                continue;
            }
            int skipBefore = -1;
            int skipAfter = -1;
            search:
            for (int k = 1; k <= WINDOW; k++) {
                for (int d = 0; d <= k; d++) {
                    int bi = i + k - d;
                    int aj = j + d;
                    if (bi < before.size() && aj < after.size() && before.get(bi) == after.get(aj)) {
                        skipBefore = k - d;
                        skipAfter = d;
                        break search;
                    }
                }
            }
            if (skipBefore < 0) { // no line-up nearby: this one is new, the earlier list stays where it is
                skipBefore = 0;
                skipAfter = 1;
            }
            for (int d = 0; d < skipAfter; d++) {
                added.add(j + d);
            }
            for (int d = 0; d < skipBefore; d++) {
                removed.add(i + d);
            }
            if (added.size() > limit || removed.size() > limit) {
                return null;
            }
            i += skipBefore;
            j += skipAfter;
        }
        for (; i < before.size(); i++) {
            removed.add(i);
        }
        if (removed.size() > limit) {
            return null;
        }
        return new Changes(toArray(added), toArray(removed));
    }

    private static int[] toArray(List<Integer> values) {
        int[] out = new int[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = values.get(k);
        }
        return out;
    }
}
