package io.microseg.topology.path;

import io.microseg.topology.Link;
import io.microseg.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The usable links of a snapshot as arrays for the searches. A link is usable when its reverse is
 * also present (LLDP proved both directions) and it joins two different switches; one-way links
 * are left out because a path must carry replies back. Each switch's links are ordered by
 * (neighbour dpid, local port), which is the tie-break order of every search.
 */
final class PathGraph {
    private final SwitchIndex index;
    private final Map<Link, Integer> costs;
    private final int[][] neighbour;
    private final Link[][] outLink;
    private final int[][] outCost;
    private final int[][] inCost;

    private PathGraph(SwitchIndex index, Map<Link, Integer> costs, List<List<Link>> adjacency) {
        this.index = index;
        this.costs = costs;
        int n = index.size();
        neighbour = new int[n][];
        outLink = new Link[n][];
        outCost = new int[n][];
        inCost = new int[n][];
        for (int i = 0; i < n; i++) {
            List<Link> links = adjacency.get(i);
            neighbour[i] = new int[links.size()];
            outLink[i] = links.toArray(new Link[0]);
            outCost[i] = new int[links.size()];
            inCost[i] = new int[links.size()];
            for (int k = 0; k < links.size(); k++) {
                Link link = links.get(k);
                neighbour[i][k] = index.indexOf(link.dst().dpid());
                outCost[i][k] = costs.get(link);
                inCost[i][k] = costs.get(link.reverse());
            }
        }
    }

    static PathGraph of(TopologySnapshot snapshot, LinkCost cost) {
        SwitchIndex index = SwitchIndex.of(snapshot.switches().keySet());
        if (index.size() >= ShortestPaths.MAX_SWITCHES) {
            throw new IllegalArgumentException("too many switches for path search: " + index.size());
        }
        Map<Link, Integer> costs = new HashMap<>();
        List<List<Link>> adjacency = new ArrayList<>(index.size());
        for (int i = 0; i < index.size(); i++) {
            adjacency.add(new ArrayList<>());
        }
        for (Link link : snapshot.links()) {
            if (link.isSelfLoop() || !snapshot.hasLink(link.reverse())) {
                continue;
            }
            int c = cost.cost(link, snapshot);
            if (c < 1 || c > LinkCost.MAX) {
                throw new IllegalArgumentException("link cost must be 1.." + LinkCost.MAX + ", got " + c + " for " + link);
            }
            costs.put(link, c);
            adjacency.get(index.indexOf(link.src().dpid())).add(link);
        }
        Comparator<Link> tieBreak = Comparator.<Link>comparingInt(link -> index.indexOf(link.dst().dpid()))
                .thenComparing(Link::src)
                .thenComparing(Link::dst);
        adjacency.forEach(links -> links.sort(tieBreak));
        return new PathGraph(index, Map.copyOf(costs), adjacency);
    }

    SwitchIndex index() {
        return index;
    }

    /** Usable directed links and their costs. */
    Map<Link, Integer> costs() {
        return costs;
    }

    int degree(int node) {
        return neighbour[node].length;
    }

    int neighbour(int node, int k) {
        return neighbour[node][k];
    }

    Link outLink(int node, int k) {
        return outLink[node][k];
    }

    int outCost(int node, int k) {
        return outCost[node][k];
    }

    /** Cost of the link from {@code neighbour(node, k)} back to {@code node}. */
    int inCost(int node, int k) {
        return inCost[node][k];
    }
}
