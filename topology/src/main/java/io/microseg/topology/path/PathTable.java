package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Next hops toward every switch, kept across snapshots by recomputing only the destinations a
 * change can affect. Immutable: {@link #update} returns a new table that shares unaffected trees.
 *
 * <p>Between two snapshots the usable links are diffed by (link, cost). A changed cost counts as a
 * removal plus an addition. A destination's tree is recomputed when
 * <ul>
 *   <li>it forwards on a removed link (removing any other link cannot change a distance, and the
 *       removed link was not the tie-break winner anywhere, so the tree stays identical), or</li>
 *   <li>an added link u-&gt;v reaches a switch the tree reaches and gives u a path no longer than
 *       its current one ({@code dist(v) + cost <= dist(u)}, or u was unreachable). Ties count,
 *       because the new link may win the tie-break. Otherwise no distance and no choice moves.</li>
 * </ul>
 * Other trees are kept as they are (renumbered when switches came or went); new switches get
 * fresh trees. The property tests check the result equals a full recomputation.
 */
public final class PathTable {
    private final PathFinder finder;
    private final Map<DatapathId, SinkTree> trees;
    private final Set<DatapathId> recomputed;

    private PathTable(PathFinder finder, Map<DatapathId, SinkTree> trees, Set<DatapathId> recomputed) {
        this.finder = finder;
        this.trees = Collections.unmodifiableMap(trees);
        this.recomputed = Collections.unmodifiableSet(recomputed);
    }

    /** Fewest hops toward every switch of {@code snapshot}. */
    public static PathTable compute(TopologySnapshot snapshot) {
        return compute(snapshot, LinkCost.HOP_COUNT);
    }

    public static PathTable compute(TopologySnapshot snapshot, LinkCost cost) {
        PathFinder finder = PathFinder.of(snapshot, cost);
        PathGraph graph = finder.graph();
        Map<DatapathId, SinkTree> trees = new HashMap<>(graph.index().size() * 2);
        for (int i = 0; i < graph.index().size(); i++) {
            trees.put(graph.index().id(i), ShortestPaths.toward(graph, i));
        }
        return new PathTable(finder, trees, trees.keySet());
    }

    /** The table for {@code next}, with the same link cost, recomputing only affected destinations. */
    public PathTable update(TopologySnapshot next) {
        PathFinder nextFinder = PathFinder.of(next, finder.cost());
        PathGraph graph = nextFinder.graph();
        Map<Link, Integer> before = finder.graph().costs();
        Map<Link, Integer> after = graph.costs();
        List<Link> removed = changedLinks(before, after);
        List<Link> added = changedLinks(after, before);
        Map<DatapathId, SinkTree> nextTrees = new HashMap<>(graph.index().size() * 2);
        Set<DatapathId> recomputedNow = new HashSet<>();
        for (int i = 0; i < graph.index().size(); i++) {
            DatapathId destination = graph.index().id(i);
            SinkTree old = trees.get(destination);
            if (old != null && !affected(old, removed, added, after)) {
                nextTrees.put(destination, old.reindexed(graph.index()));
            } else {
                nextTrees.put(destination, ShortestPaths.toward(graph, i));
                recomputedNow.add(destination);
            }
        }
        return new PathTable(nextFinder, nextTrees, recomputedNow);
    }

    /** Links in {@code from} that are missing from {@code to} or cost something else there. */
    private static List<Link> changedLinks(Map<Link, Integer> from, Map<Link, Integer> to) {
        List<Link> changed = new ArrayList<>();
        from.forEach((link, cost) -> {
            if (!cost.equals(to.get(link))) {
                changed.add(link);
            }
        });
        return changed;
    }

    private static boolean affected(SinkTree tree, List<Link> removed, List<Link> added, Map<Link, Integer> costs) {
        for (Link link : removed) {
            if (tree.uses(link)) {
                return true;
            }
        }
        for (Link link : added) {
            if (tree.couldImproveWith(link, costs.get(link))) {
                return true;
            }
        }
        return false;
    }

    public TopologySnapshot snapshot() {
        return finder.snapshot();
    }

    public Set<DatapathId> destinations() {
        return trees.keySet();
    }

    public Optional<SinkTree> tree(DatapathId destination) {
        return Optional.ofNullable(trees.get(destination));
    }

    /** Output port toward {@code destination} for every switch that reaches it. */
    public Map<DatapathId, PortNumber> nextHops(DatapathId destination) {
        SinkTree tree = trees.get(destination);
        return tree == null ? Map.of() : tree.nextHops();
    }

    public Optional<Path> path(DatapathId src, DatapathId dst) {
        return tree(dst).flatMap(tree -> tree.pathFrom(src));
    }

    /** Destinations whose trees the {@link #update} (or {@link #compute}) that made this table computed afresh. */
    public Set<DatapathId> recomputed() {
        return recomputed;
    }

    public SpanningTree spanningTree() {
        return finder.spanningTree();
    }

    @Override
    public String toString() {
        return "PathTable[" + trees.size() + " destinations, " + recomputed.size() + " recomputed]";
    }
}
