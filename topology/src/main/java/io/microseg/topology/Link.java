package io.microseg.topology;

import java.util.Comparator;
import java.util.Objects;

/** A directed inter-switch link, as one LLDP probe proves it: sent out of {@code src}, received on {@code dst}. */
public record Link(ConnectPoint src, ConnectPoint dst) implements Comparable<Link> {

    private static final Comparator<Link> ORDER = Comparator.comparing(Link::src).thenComparing(Link::dst);

    public Link {
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (src.equals(dst)) {
            throw new IllegalArgumentException("link from a port to itself: " + src);
        }
    }

    public static Link of(ConnectPoint src, ConnectPoint dst) {
        return new Link(src, dst);
    }

    public static Link of(long srcDpid, long srcPort, long dstDpid, long dstPort) {
        return new Link(ConnectPoint.of(srcDpid, srcPort), ConnectPoint.of(dstDpid, dstPort));
    }

    /** Parses what {@link #toString()} prints: {@code src -> dst}. */
    public static Link parse(String text) {
        int arrow = text == null ? -1 : text.indexOf("->");
        if (arrow < 0) {
            throw new IllegalArgumentException("not a link (src -> dst): " + text);
        }
        return new Link(ConnectPoint.parse(text.substring(0, arrow).strip()),
                ConnectPoint.parse(text.substring(arrow + 2).strip()));
    }

    public Link reverse() {
        return new Link(dst, src);
    }

    /** True when both ends are on the same switch (a loopback cable); such links never carry paths. */
    public boolean isSelfLoop() {
        return src.dpid().equals(dst.dpid());
    }

    public boolean touches(ConnectPoint point) {
        return src.equals(point) || dst.equals(point);
    }

    @Override
    public int compareTo(Link other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return src + " -> " + dst;
    }
}
