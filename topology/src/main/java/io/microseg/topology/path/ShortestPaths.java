package io.microseg.topology.path;

import io.microseg.topology.Link;
import java.util.Arrays;

/**
 * Dijkstra from a destination over reversed links, then one pass choosing each switch's next
 * link: the first link in (neighbour dpid, local port) order that lies on a shortest path.
 */
final class ShortestPaths {
    static final int SWITCH_BITS = 21;
    static final int MAX_SWITCHES = 1 << SWITCH_BITS;
    static final long UNREACHABLE = Long.MAX_VALUE;

    private ShortestPaths() {
    }

    static SinkTree toward(PathGraph graph, int destination) {
        int n = graph.index().size();
        long[] distance = new long[n];
        Arrays.fill(distance, UNREACHABLE);
        distance[destination] = 0;
        LongMinHeap heap = new LongMinHeap();
        heap.push(destination);
        long mask = MAX_SWITCHES - 1;
        while (!heap.isEmpty()) {
            long key = heap.pop();
            int v = (int) (key & mask);
            long d = key >>> SWITCH_BITS;
            if (d > distance[v]) {
                continue;
            }
            for (int k = 0; k < graph.degree(v); k++) {
                int u = graph.neighbour(v, k);
                long candidate = d + graph.inCost(v, k);
                if (candidate < distance[u]) {
                    distance[u] = candidate;
                    heap.push(candidate << SWITCH_BITS | u);
                }
            }
        }
        return new SinkTree(graph.index(), destination, chooseNextLinks(graph, distance), distance);
    }

    private static Link[] chooseNextLinks(PathGraph graph, long[] distance) {
        int n = distance.length;
        Link[] next = new Link[n];
        for (int u = 0; u < n; u++) {
            if (distance[u] == UNREACHABLE || distance[u] == 0) {
                continue;
            }
            for (int k = 0; k < graph.degree(u); k++) {
                int v = graph.neighbour(u, k);
                if (distance[v] != UNREACHABLE && distance[v] + graph.outCost(u, k) == distance[u]) {
                    next[u] = graph.outLink(u, k);
                    break;
                }
            }
        }
        return next;
    }
}
