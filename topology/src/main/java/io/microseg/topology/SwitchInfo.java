package io.microseg.topology;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** A connected switch and its ports, keyed and ordered by port number. */
public record SwitchInfo(DatapathId dpid, Map<PortNumber, PortInfo> ports) {

    public SwitchInfo {
        Objects.requireNonNull(dpid, "dpid");
        TreeMap<PortNumber, PortInfo> sorted = new TreeMap<>();
        ports.forEach((number, info) -> {
            if (!number.equals(info.number())) {
                throw new IllegalArgumentException("port " + info.number() + " filed under " + number);
            }
            sorted.put(number, info);
        });
        ports = Collections.unmodifiableSortedMap(sorted);
    }

    public static SwitchInfo of(DatapathId dpid, Collection<PortInfo> ports) {
        TreeMap<PortNumber, PortInfo> byNumber = new TreeMap<>();
        for (PortInfo port : ports) {
            if (byNumber.put(port.number(), port) != null) {
                throw new IllegalArgumentException("duplicate port " + port.number() + " on " + dpid);
            }
        }
        return new SwitchInfo(dpid, byNumber);
    }

    public static SwitchInfo of(DatapathId dpid, PortInfo... ports) {
        return of(dpid, List.of(ports));
    }

    public Optional<PortInfo> port(PortNumber number) {
        return Optional.ofNullable(ports.get(number));
    }

    public SwitchInfo withPort(PortInfo port) {
        TreeMap<PortNumber, PortInfo> next = new TreeMap<>(ports);
        next.put(port.number(), port);
        return new SwitchInfo(dpid, next);
    }

    public SwitchInfo withoutPort(PortNumber number) {
        TreeMap<PortNumber, PortInfo> next = new TreeMap<>(ports);
        next.remove(number);
        return new SwitchInfo(dpid, next);
    }
}
