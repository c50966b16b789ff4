package io.microseg.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The controller's whole view of the network at one moment: switches with their ports, directed
 * links with when LLDP last proved them, and where workloads are attached. Immutable; the only
 * ways to get another one are {@link #apply}, {@link #expireLinks} and {@link #expireHosts}.
 */
public final class TopologySnapshot {
    private static final TopologySnapshot EMPTY = new TopologySnapshot(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    private final NavigableMap<DatapathId, SwitchInfo> switches;
    private final NavigableMap<Link, Instant> links;
    private final NavigableMap<MacAddress, Attachment> hosts;
    private final Map<DatapathId, List<Link>> linksFrom;
    private final Set<ConnectPoint> linkEndpoints;
    private final Map<Ipv4Address, Attachment> hostsByIp;

    /** Takes ownership of the maps: callers hand over fresh copies and never touch them again. */
    TopologySnapshot(TreeMap<DatapathId, SwitchInfo> switches, TreeMap<Link, Instant> links,
            TreeMap<MacAddress, Attachment> hosts) {
        this.switches = Collections.unmodifiableNavigableMap(switches);
        this.links = Collections.unmodifiableNavigableMap(links);
        this.hosts = Collections.unmodifiableNavigableMap(hosts);
        Map<DatapathId, List<Link>> from = new HashMap<>();
        Set<ConnectPoint> endpoints = new HashSet<>();
        for (Link link : links.keySet()) {
            from.computeIfAbsent(link.src().dpid(), dpid -> new ArrayList<>()).add(link);
            endpoints.add(link.src());
            endpoints.add(link.dst());
        }
        from.replaceAll((dpid, list) -> List.copyOf(list));
        this.linksFrom = from;
        this.linkEndpoints = endpoints;
        Map<Ipv4Address, Attachment> byIp = new HashMap<>();
        for (Attachment host : hosts.values()) {
            host.ips().forEach(ip -> byIp.put(ip, host));
        }
        this.hostsByIp = byIp;
    }

    public static TopologySnapshot empty() {
        return EMPTY;
    }

    /** The snapshot after {@code event}; this one is unchanged. */
    public TopologySnapshot apply(TopologyEvent event) {
        return applyAll(List.of(event));
    }

    /** The snapshot after applying {@code events} in order; cheaper than one {@link #apply} each. */
    public TopologySnapshot applyAll(List<? extends TopologyEvent> events) {
        TopologyReducer reducer = new TopologyReducer(this);
        events.forEach(reducer::apply);
        return reducer.result();
    }

    /** Drops links last seen before {@code now - timeout}. Returns this snapshot when none expired. */
    public TopologySnapshot expireLinks(Instant now, Duration timeout) {
        Instant cutoff = now.minus(timeout);
        if (links.values().stream().noneMatch(seen -> seen.isBefore(cutoff))) {
            return this;
        }
        TreeMap<Link, Instant> kept = new TreeMap<>(links);
        kept.values().removeIf(seen -> seen.isBefore(cutoff));
        return new TopologySnapshot(new TreeMap<>(switches), kept, new TreeMap<>(hosts));
    }

    /** Drops workloads last seen before {@code now - timeout}. Returns this snapshot when none expired. */
    public TopologySnapshot expireHosts(Instant now, Duration timeout) {
        Instant cutoff = now.minus(timeout);
        if (hosts.values().stream().noneMatch(host -> host.lastSeen().isBefore(cutoff))) {
            return this;
        }
        TreeMap<MacAddress, Attachment> kept = new TreeMap<>(hosts);
        kept.values().removeIf(host -> host.lastSeen().isBefore(cutoff));
        return new TopologySnapshot(new TreeMap<>(switches), new TreeMap<>(links), kept);
    }

    /** Connected switches in datapath id order. */
    public SortedMap<DatapathId, SwitchInfo> switches() {
        return switches;
    }

    public Optional<SwitchInfo> switchInfo(DatapathId dpid) {
        return Optional.ofNullable(switches.get(dpid));
    }

    public Optional<PortInfo> port(ConnectPoint point) {
        SwitchInfo info = switches.get(point.dpid());
        return info == null ? Optional.empty() : info.port(point.port());
    }

    /** Directed links in (src, dst) order; a cable normally shows up as two links. */
    public Set<Link> links() {
        return links.keySet();
    }

    /** Each link with the time LLDP last proved it. */
    public SortedMap<Link, Instant> linksLastSeen() {
        return links;
    }

    public Optional<Instant> lastSeen(Link link) {
        return Optional.ofNullable(links.get(link));
    }

    public boolean hasLink(Link link) {
        return links.containsKey(link);
    }

    /** Links leaving {@code dpid}, in source port order. */
    public List<Link> linksFrom(DatapathId dpid) {
        return linksFrom.getOrDefault(dpid, List.of());
    }

    /** A known port that no link starts or ends at: where workloads attach and floods leave the fabric. */
    public boolean isEdgePort(ConnectPoint point) {
        return port(point).isPresent() && !linkEndpoints.contains(point);
    }

    /** Edge ports of {@code dpid} in port order. */
    public List<ConnectPoint> edgePorts(DatapathId dpid) {
        SwitchInfo info = switches.get(dpid);
        if (info == null) {
            return List.of();
        }
        return info.ports().keySet().stream()
                .map(port -> ConnectPoint.of(dpid, port))
                .filter(point -> !linkEndpoints.contains(point))
                .toList();
    }

    /** Attached workloads in MAC order. */
    public Collection<Attachment> hosts() {
        return hosts.values();
    }

    public SortedMap<MacAddress, Attachment> hostsByMac() {
        return hosts;
    }

    public Optional<Attachment> host(MacAddress mac) {
        return Optional.ofNullable(hosts.get(mac));
    }

    public Optional<Attachment> hostByIp(Ipv4Address ip) {
        return Optional.ofNullable(hostsByIp.get(ip));
    }

    public List<Attachment> hostsAt(ConnectPoint point) {
        return hosts.values().stream().filter(host -> host.point().equals(point)).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopologySnapshot that
                && switches.equals(that.switches) && links.equals(that.links) && hosts.equals(that.hosts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(switches, links, hosts);
    }

    @Override
    public String toString() {
        return "TopologySnapshot[switches=" + switches.size() + ", links=" + links.size() + ", hosts=" + hosts.size() + "]";
    }
}
