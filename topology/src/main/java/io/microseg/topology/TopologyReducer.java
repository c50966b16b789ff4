package io.microseg.topology;

import io.microseg.topology.TopologyEvent.HostGone;
import io.microseg.topology.TopologyEvent.HostSeen;
import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologyEvent.PortDown;
import io.microseg.topology.TopologyEvent.PortRemoved;
import io.microseg.topology.TopologyEvent.PortUp;
import io.microseg.topology.TopologyEvent.SwitchDown;
import io.microseg.topology.TopologyEvent.SwitchUp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A private working copy that applies events to a snapshot's maps in place, so a batch of events
 * costs one copy. It keeps two invariants after every event: a link joins two known, up ports;
 * a workload sits on a known port that is not a link endpoint.
 */
final class TopologyReducer {
    private final TreeMap<DatapathId, SwitchInfo> switches;
    private final TreeMap<Link, Instant> links;
    private final TreeMap<MacAddress, Attachment> hosts;

    TopologyReducer(TopologySnapshot from) {
        this.switches = new TreeMap<>(from.switches());
        this.links = new TreeMap<>(from.linksLastSeen());
        this.hosts = new TreeMap<>(from.hostsByMac());
    }

    TopologySnapshot result() {
        return new TopologySnapshot(switches, links, hosts);
    }

    void apply(TopologyEvent event) {
        if (event instanceof SwitchUp e) {
            switchUp(e.info());
        } else if (event instanceof SwitchDown e) {
            switchDown(e.dpid());
        } else if (event instanceof PortUp e) {
            putPort(e.point().dpid(), e.toPortInfo());
        } else if (event instanceof PortDown e) {
            portDown(e.point());
        } else if (event instanceof PortRemoved e) {
            portRemoved(e.point());
        } else if (event instanceof LinkUp e) {
            linkUp(e.link(), e.seen());
        } else if (event instanceof LinkDown e) {
            links.remove(e.link());
        } else if (event instanceof HostSeen e) {
            hostSeen(e.toAttachment());
        } else if (event instanceof HostGone e) {
            hosts.remove(e.mac());
        } else {
            throw new AssertionError("unhandled topology event " + event);
        }
    }

    private void switchUp(SwitchInfo info) {
        DatapathId dpid = info.dpid();
        switches.put(dpid, info);
        links.keySet().removeIf(link -> !isUpPort(link.src()) || !isUpPort(link.dst()));
        hosts.values().removeIf(host -> host.point().dpid().equals(dpid) && port(host.point()).isEmpty());
    }

    private void switchDown(DatapathId dpid) {
        switches.remove(dpid);
        links.keySet().removeIf(link -> link.src().dpid().equals(dpid) || link.dst().dpid().equals(dpid));
        hosts.values().removeIf(host -> host.point().dpid().equals(dpid));
    }

    private void putPort(DatapathId dpid, PortInfo port) {
        SwitchInfo info = switches.get(dpid);
        if (info != null) {
            switches.put(dpid, info.withPort(port));
        }
    }

    private void portDown(ConnectPoint point) {
        port(point).ifPresent(port -> putPort(point.dpid(), port.withUp(false)));
        links.keySet().removeIf(link -> link.touches(point));
    }

    private void portRemoved(ConnectPoint point) {
        SwitchInfo info = switches.get(point.dpid());
        if (info != null) {
            switches.put(point.dpid(), info.withoutPort(point.port()));
        }
        links.keySet().removeIf(link -> link.touches(point));
        hosts.values().removeIf(host -> host.point().equals(point));
    }

    private void linkUp(Link link, Instant seen) {
        if (!isUpPort(link.src()) || !isUpPort(link.dst())) {
            return;
        }
        links.merge(link, seen, (old, now) -> now.isAfter(old) ? now : old);
        hosts.values().removeIf(host -> link.touches(host.point()));
    }

    private void hostSeen(Attachment seen) {
        if (port(seen.point()).isEmpty() || links.keySet().stream().anyMatch(link -> link.touches(seen.point()))) {
            return;
        }
        Attachment previous = hosts.get(seen.mac());
        Attachment next = seen;
        if (previous != null && previous.point().equals(seen.point())) {
            Set<Ipv4Address> ips = new HashSet<>(previous.ips());
            ips.addAll(seen.ips());
            next = new Attachment(seen.mac(), ips, seen.point(), seen.lastSeen());
        }
        hosts.put(next.mac(), next);
        if (!seen.ips().isEmpty()) {
            hosts.replaceAll((mac, host) -> mac.equals(seen.mac()) ? host : withoutIps(host, seen.ips()));
        }
    }

    private static Attachment withoutIps(Attachment host, Set<Ipv4Address> claimed) {
        if (host.ips().stream().noneMatch(claimed::contains)) {
            return host;
        }
        Set<Ipv4Address> kept = new HashSet<>(host.ips());
        kept.removeAll(claimed);
        return new Attachment(host.mac(), kept, host.point(), host.lastSeen());
    }

    private Optional<PortInfo> port(ConnectPoint point) {
        SwitchInfo info = switches.get(point.dpid());
        return info == null ? Optional.empty() : info.port(point.port());
    }

    private boolean isUpPort(ConnectPoint point) {
        return port(point).map(PortInfo::up).orElse(false);
    }
}
