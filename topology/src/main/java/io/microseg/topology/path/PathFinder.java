package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import io.microseg.topology.TopologySnapshot;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Shortest paths over one snapshot's usable links (both directions present, see {@link PathGraph}).
 * Ties are broken toward the lowest neighbour dpid, then the lowest local port, so the same
 * snapshot always yields the same paths.
 */
public final class PathFinder {
    private final TopologySnapshot snapshot;
    private final LinkCost cost;
    private final PathGraph graph;

    private PathFinder(TopologySnapshot snapshot, LinkCost cost) {
        this.snapshot = snapshot;
        this.cost = cost;
        this.graph = PathGraph.of(snapshot, cost);
    }

    /** Fewest hops. */
    public static PathFinder of(TopologySnapshot snapshot) {
        return of(snapshot, LinkCost.HOP_COUNT);
    }

    public static PathFinder of(TopologySnapshot snapshot, LinkCost cost) {
        return new PathFinder(Objects.requireNonNull(snapshot, "snapshot"), Objects.requireNonNull(cost, "cost"));
    }

    public TopologySnapshot snapshot() {
        return snapshot;
    }

    public LinkCost cost() {
        return cost;
    }

    /** The tree of shortest paths toward {@code destination}; empty when it is not a known switch. */
    public Optional<SinkTree> sinkTree(DatapathId destination) {
        int at = graph.index().indexOf(destination);
        return at < 0 ? Optional.empty() : Optional.of(ShortestPaths.toward(graph, at));
    }

    /** A shortest path from {@code src} to {@code dst}; empty when either is unknown or they are not connected. */
    public Optional<Path> path(DatapathId src, DatapathId dst) {
        return sinkTree(dst).flatMap(tree -> tree.pathFrom(src));
    }

    /** Output port toward {@code destination} for every switch that reaches it. */
    public Map<DatapathId, PortNumber> nextHops(DatapathId destination) {
        return sinkTree(destination).map(SinkTree::nextHops).orElse(Map.of());
    }

    /** A loop-free set of links reaching every switch, for flooding: see {@link SpanningTree}. */
    public SpanningTree spanningTree() {
        return SpanningTree.of(graph);
    }

    PathGraph graph() {
        return graph;
    }
}
