package io.microseg.topology;

import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologyEvent.SwitchUp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Small topologies for tests: switches numbered 1..n, each with ports 1..ports, all up. */
public final class Topologies {
    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private Topologies() {
    }

    public static DatapathId dpid(long value) {
        return DatapathId.of(value);
    }

    public static ConnectPoint cp(long dpid, long port) {
        return ConnectPoint.of(dpid, port);
    }

    public static SwitchUp switchUp(long dpid, int ports) {
        List<PortInfo> infos = IntStream.rangeClosed(1, ports).mapToObj(p -> PortInfo.up(p, "p" + p)).toList();
        return new SwitchUp(SwitchInfo.of(DatapathId.of(dpid), infos));
    }

    /** Both directions of a cable, proved at {@code seen}. */
    public static List<TopologyEvent> cable(long a, long portA, long b, long portB, Instant seen) {
        Link link = Link.of(a, portA, b, portB);
        return List.of(new LinkUp(link, seen), new LinkUp(link.reverse(), seen));
    }

    public static List<TopologyEvent> cable(long a, long portA, long b, long portB) {
        return cable(a, portA, b, portB, T0);
    }

    public static TopologySnapshot switches(int count, int ports) {
        List<TopologyEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(switchUp(i, ports));
        }
        return TopologySnapshot.empty().applyAll(events);
    }

    /** 1 - 2 - ... - n; switch i uses port 2 toward i+1 and port 1 toward i-1. */
    public static TopologySnapshot chain(int n) {
        List<TopologyEvent> events = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            events.addAll(cable(i, 2, i + 1, 1));
        }
        return switches(n, 4).applyAll(events);
    }

    /** The chain closed by a cable from n port 2 to 1 port 1. */
    public static TopologySnapshot ring(int n) {
        return chain(n).applyAll(cable(n, 2, 1, 1));
    }
}
