package io.microseg.topology;

import java.util.Comparator;
import java.util.Objects;

/** A port on a switch: where links end and workloads attach. Printed as {@code dpid/port}. */
public record ConnectPoint(DatapathId dpid, PortNumber port) implements Comparable<ConnectPoint> {

    private static final Comparator<ConnectPoint> ORDER =
            Comparator.comparing(ConnectPoint::dpid).thenComparing(ConnectPoint::port);

    public ConnectPoint {
        Objects.requireNonNull(dpid, "dpid");
        Objects.requireNonNull(port, "port");
    }

    public static ConnectPoint of(DatapathId dpid, PortNumber port) {
        return new ConnectPoint(dpid, port);
    }

    public static ConnectPoint of(long dpid, long port) {
        return new ConnectPoint(DatapathId.of(dpid), PortNumber.of(port));
    }

    /** Parses {@code 00:00:00:00:00:00:00:01/3} (any {@link DatapathId#parse} form before the slash). */
    public static ConnectPoint parse(String text) {
        int slash = text == null ? -1 : text.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a connect point (dpid/port): " + text);
        }
        return new ConnectPoint(DatapathId.parse(text.substring(0, slash)), PortNumber.parse(text.substring(slash + 1)));
    }

    @Override
    public int compareTo(ConnectPoint other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return dpid + "/" + port;
    }
}
