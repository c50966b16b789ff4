package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shortest-path tree toward one destination switch: for every switch that can reach it, the
 * link to take next and the distance left. Forwarding to the destination installs exactly these
 * next hops, and all paths toward it agree with each other because they are one tree.
 */
public final class SinkTree {
    private final SwitchIndex index;
    private final int destination;
    private final Link[] next;
    private final long[] distance;

    SinkTree(SwitchIndex index, int destination, Link[] next, long[] distance) {
        this.index = index;
        this.destination = destination;
        this.next = next;
        this.distance = distance;
    }

    public DatapathId destination() {
        return index.id(destination);
    }

    /** The link {@code from} forwards on toward the destination; empty at the destination and where unreachable. */
    public Optional<Link> nextLink(DatapathId from) {
        int at = index.indexOf(from);
        return at < 0 ? Optional.empty() : Optional.ofNullable(next[at]);
    }

    public Optional<PortNumber> nextHop(DatapathId from) {
        return nextLink(from).map(link -> link.src().port());
    }

    /** Cost of the shortest path from {@code from}; 0 at the destination, empty where unreachable. */
    public OptionalLong distance(DatapathId from) {
        int at = index.indexOf(from);
        return at < 0 || distance[at] == ShortestPaths.UNREACHABLE ? OptionalLong.empty() : OptionalLong.of(distance[at]);
    }

    /** Output port per switch that reaches the destination (the destination itself is absent). */
    public Map<DatapathId, PortNumber> nextHops() {
        Map<DatapathId, PortNumber> out = new HashMap<>(next.length * 2);
        for (int i = 0; i < next.length; i++) {
            if (next[i] != null) {
                out.put(index.id(i), next[i].src().port());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Next link per switch that reaches the destination. */
    public Map<DatapathId, Link> nextLinks() {
        Map<DatapathId, Link> out = new HashMap<>(next.length * 2);
        for (int i = 0; i < next.length; i++) {
            if (next[i] != null) {
                out.put(index.id(i), next[i]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** The tree's links, in link order. */
    public Set<Link> links() {
        TreeSet<Link> out = new TreeSet<>();
        for (Link link : next) {
            if (link != null) {
                out.add(link);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The path from {@code src} to the destination along the tree, if {@code src} reaches it. */
    public Optional<Path> pathFrom(DatapathId src) {
        int at = index.indexOf(src);
        if (at < 0 || distance[at] == ShortestPaths.UNREACHABLE) {
            return Optional.empty();
        }
        List<Link> links = new ArrayList<>();
        while (at != destination) {
            links.add(next[at]);
            at = index.indexOf(next[at].dst().dpid());
        }
        return Optional.of(new Path(src, destination(), links));
    }

    /** True when {@code link} is one this tree forwards on. */
    boolean uses(Link link) {
        int at = index.indexOf(link.src().dpid());
        return at >= 0 && link.equals(next[at]);
    }

    /** True when adding {@code link} at {@code cost} could shorten, or tie with, some switch's path here. */
    boolean couldImproveWith(Link link, int cost) {
        int u = index.indexOf(link.src().dpid());
        int v = index.indexOf(link.dst().dpid());
        if (v < 0 || distance[v] == ShortestPaths.UNREACHABLE) {
            return false;
        }
        return u < 0 || distance[u] == ShortestPaths.UNREACHABLE || distance[v] + cost <= distance[u];
    }

    /** The same tree over another numbering of switches; switches new to {@code target} are unreachable. */
    SinkTree reindexed(SwitchIndex target) {
        if (target.sameSwitchesAs(index)) {
            return this;
        }
        Link[] movedNext = new Link[target.size()];
        long[] movedDistance = new long[target.size()];
        Arrays.fill(movedDistance, ShortestPaths.UNREACHABLE);
        for (int i = 0; i < target.size(); i++) {
            int old = index.indexOf(target.id(i));
            if (old >= 0) {
                movedNext[i] = next[old];
                movedDistance[i] = distance[old];
            }
        }
        return new SinkTree(target, target.indexOf(destination()), movedNext, movedDistance);
    }

    @Override
    public String toString() {
        return "SinkTree[to " + destination() + ", " + nextHops().size() + " switches reach it]";
    }
}
