package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Links a broadcast may cross without looping: per connected group of switches, the shortest-path
 * tree toward its lowest dpid, with both directions of every tree link. A switch floods a
 * broadcast out of its edge ports and its {@link #ports tree ports}, except the one it came in on.
 */
public record SpanningTree(Set<Link> links) {

    public SpanningTree {
        links = Collections.unmodifiableSortedSet(new TreeSet<>(links));
        for (Link link : links) {
            if (!links.contains(link.reverse())) {
                throw new IllegalArgumentException("spanning tree link without its reverse: " + link);
            }
        }
    }

    static SpanningTree of(PathGraph graph) {
        int n = graph.index().size();
        boolean[] covered = new boolean[n];
        TreeSet<Link> links = new TreeSet<>();
        for (int root = 0; root < n; root++) {
            if (covered[root]) {
                continue;
            }
            SinkTree tree = ShortestPaths.toward(graph, root);
            for (int i = 0; i < n; i++) {
                covered[i] |= tree.distance(graph.index().id(i)).isPresent();
            }
            for (Link link : tree.links()) {
                links.add(link);
                links.add(link.reverse());
            }
        }
        return new SpanningTree(links);
    }

    public boolean contains(Link link) {
        return links.contains(link);
    }

    /** Ports of {@code dpid} that are on the tree, in port order. */
    public List<PortNumber> ports(DatapathId dpid) {
        return links.stream()
                .filter(link -> link.src().dpid().equals(dpid))
                .map(link -> link.src().port())
                .sorted()
                .toList();
    }
}
