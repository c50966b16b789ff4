package io.microseg.controller.discovery;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.ConnectPoint;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A host seen on an edge port that no managed workload accounts for: what, where, since when, last when. */
public record UnmanagedEndpoint(MacAddress mac, Set<Ipv4Address> ips, ConnectPoint point, Instant firstSeen, Instant lastSeen) {
    public UnmanagedEndpoint {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        ips = Collections.unmodifiableSortedSet(new TreeSet<>(ips));
    }
}
