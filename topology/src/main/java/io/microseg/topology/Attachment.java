package io.microseg.topology;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Where a workload (a unicast MAC and the IPv4 addresses it used) was last seen, and when. */
public record Attachment(MacAddress mac, Set<Ipv4Address> ips, ConnectPoint point, Instant lastSeen) {

    public Attachment {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("a workload has a unicast MAC, not " + mac);
        }
        ips = Collections.unmodifiableSortedSet(new TreeSet<>(ips));
    }

    public static Attachment of(MacAddress mac, Set<Ipv4Address> ips, ConnectPoint point, Instant lastSeen) {
        return new Attachment(mac, ips, point, lastSeen);
    }

    public boolean hasIp(Ipv4Address ip) {
        return ips.contains(ip);
    }
}
