package io.microseg.flowrules.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Priorities for an ordered list (first = highest) that keep as many previous priorities as the new order allows,
 * so inserting or removing one rule changes the priority of that rule only. Keys that keep their priority form the
 * longest run of previous priorities that is still strictly decreasing in the new order; the others are spread in
 * the gaps between their kept neighbours. Only when a gap is too narrow is everything spread anew.
 */
final class StablePriorities {

    private StablePriorities() {
    }

    static <K> Map<K, Integer> assign(List<K> order, Map<K, Integer> previous, int lowest, int highest) {
        if (order.size() > highest - lowest + 1) {
            throw new IllegalArgumentException("more rules than priorities: " + order.size());
        }
        boolean[] keep = longestDecreasing(order, previous);
        Map<K, Integer> assigned = new HashMap<>();
        int index = 0;
        int upper = highest + 1;
        while (index < order.size()) {
            if (keep[index]) {
                upper = previous.get(order.get(index));
                assigned.put(order.get(index), upper);
                index++;
                continue;
            }
            int end = index;
            while (end < order.size() && !keep[end]) {
                end++;
            }
            int lower = end < order.size() ? previous.get(order.get(end)) : lowest - 1;
            int run = end - index;
            if (upper - lower - 1 < run) {
                return spread(order, lowest, highest);
            }
            int step = Math.max(1, (upper - lower) / (run + 1));
            for (int i = 0; i < run; i++) {
                assigned.put(order.get(index + i), upper - step * (i + 1));
            }
            index = end;
        }
        return assigned;
    }

    static <K> Map<K, Integer> spread(List<K> order, int lowest, int highest) {
        Map<K, Integer> assigned = new HashMap<>();
        int step = Math.max(1, (highest - lowest) / (order.size() + 1));
        for (int i = 0; i < order.size(); i++) {
            assigned.put(order.get(i), highest - step * (i + 1));
        }
        return assigned;
    }

    /** Marks the longest strictly decreasing subsequence of previous priorities (patience sorting). */
    private static <K> boolean[] longestDecreasing(List<K> order, Map<K, Integer> previous) {
        int n = order.size();
        List<Integer> tailIndex = new ArrayList<>();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = -1;
            Integer value = previous.get(order.get(i));
            if (value == null) {
                continue;
            }
            int lo = 0;
            int hi = tailIndex.size();
            while (lo < hi) { // first tail whose value is <= this one (strictly decreasing sequences)
                int mid = (lo + hi) >>> 1;
                if (previous.get(order.get(tailIndex.get(mid))) > value) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            parent[i] = lo > 0 ? tailIndex.get(lo - 1) : -1;
            if (lo == tailIndex.size()) {
                tailIndex.add(i);
            } else {
                tailIndex.set(lo, i);
            }
        }
        boolean[] keep = new boolean[n];
        int at = tailIndex.isEmpty() ? -1 : tailIndex.get(tailIndex.size() - 1);
        while (at >= 0) {
            keep[at] = true;
            at = parent[at];
        }
        return keep;
    }
}
