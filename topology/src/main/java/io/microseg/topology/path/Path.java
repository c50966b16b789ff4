package io.microseg.topology.path;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A loop-free walk of links from switch {@code src} to switch {@code dst}; empty when they are the same. */
public record Path(DatapathId src, DatapathId dst, List<Link> links) {

    public Path {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        links = List.copyOf(links);
        DatapathId at = src;
        for (Link link : links) {
            if (!link.src().dpid().equals(at)) {
                throw new IllegalArgumentException("path is not contiguous at " + link + ": expected to leave " + at);
            }
            at = link.dst().dpid();
        }
        if (!at.equals(dst)) {
            throw new IllegalArgumentException("path ends at " + at + ", not " + dst);
        }
        if (switches(src, links).stream().distinct().count() != links.size() + 1) {
            throw new IllegalArgumentException("path visits a switch twice: " + links);
        }
    }

    public static Path of(DatapathId src, DatapathId dst, List<Link> links) {
        return new Path(src, dst, links);
    }

    /** A path of at least one link; its ends are those of the first and last link. */
    public static Path of(List<Link> links) {
        if (links.isEmpty()) {
            throw new IllegalArgumentException("an empty path needs its switch: use Path.of(src, src, List.of())");
        }
        return new Path(links.get(0).src().dpid(), links.get(links.size() - 1).dst().dpid(), links);
    }

    public int hops() {
        return links.size();
    }

    /** The switches visited, from {@code src} to {@code dst}. */
    public List<DatapathId> switches() {
        return switches(src, links);
    }

    private static List<DatapathId> switches(DatapathId src, List<Link> links) {
        List<DatapathId> out = new ArrayList<>(links.size() + 1);
        out.add(src);
        links.forEach(link -> out.add(link.dst().dpid()));
        return List.copyOf(out);
    }
}
