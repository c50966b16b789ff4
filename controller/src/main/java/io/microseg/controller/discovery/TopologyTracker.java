package io.microseg.controller.discovery;

import io.microseg.controller.openflow.PortInfo;
import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologyEvent.HostSeen;
import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologyEvent.PortDown;
import io.microseg.topology.TopologyEvent.PortRemoved;
import io.microseg.topology.TopologyEvent.PortUp;
import io.microseg.topology.TopologyEvent.SwitchDown;
import io.microseg.topology.TopologyEvent.SwitchUp;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.lldp.ControllerInstanceId;
import io.microseg.topology.lldp.LldpDecodeResult;
import io.microseg.topology.lldp.LldpFrame;
import io.microseg.topology.packet.FrameAddresses;
import io.microseg.topology.path.PathTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Discovery's decisions, without I/O or threads: turns switch, port and packet-in observations
 * into {@link TopologyEvent}s, says which LLDP probes to send, and on {@link #commit} applies the
 * batch to the snapshot, updates the path table and reports a {@link TopologyChanged} if anything
 * structural moved. Not thread-safe: one thread calls everything (see {@link LinkDiscovery}).
 * Time is passed in.
 *
 * <p>Events are queued and applied once per {@link #commit}, so a burst of LLDP packet-ins costs
 * one snapshot copy and one path update, not one per packet. A link seen for the first time whose
 * reverse is not known yet is answered with a probe back out of the port it arrived on, so both
 * directions of a new cable are proved within one round trip instead of one probe interval.
 */
public final class TopologyTracker {
    private static final long LOCALLY_ADMINISTERED = 0x02_00_00_00_00_00L;
    private final ControllerInstanceId controller;
    private final ManagedEndpoints managed;
    /** Encoded probe for every up physical port of every connected switch. */
    private final Map<DatapathId, Map<PortNumber, byte[]>> probes = new HashMap<>();
    private final List<TopologyEvent> pending = new ArrayList<>();
    private final Set<Link> pendingNewLinks = new HashSet<>();
    private final Map<MacAddress, Instant> firstSeen = new HashMap<>();
    private TopologySnapshot snapshot = TopologySnapshot.empty();
    private TopologyView published = TopologyView.EMPTY;
    private long foreignLldp;

    public TopologyTracker(ControllerInstanceId controller, ManagedEndpoints managed) {
        this.controller = controller;
        this.managed = managed;
    }

    /** A switch finished its handshake (or reconnected): its ports replace what was known; probe them all. */
    public List<Probe> switchUp(DatapathId dpid, List<PortInfo> ports) {
        List<io.microseg.topology.PortInfo> infos = ports.stream().map(TopologyTracker::toTopology).toList();
        pending.add(new SwitchUp(SwitchInfo.of(dpid, infos)));
        Map<PortNumber, byte[]> frames = new TreeMap<>();
        for (PortInfo port : ports) {
            if (port.up() && port.number().isPhysical()) {
                frames.put(port.number(), encodeProbe(dpid, port));
            }
        }
        probes.put(dpid, frames);
        return probesOf(dpid);
    }

    public void switchDown(DatapathId dpid) {
        pending.add(new SwitchDown(dpid));
        probes.remove(dpid);
    }

    /** PORT_STATUS: links on a port that went down or away disappear at the next commit; a port that came up is probed. */
    public List<Probe> portChanged(DatapathId dpid, PortInfo port, boolean deleted) {
        Map<PortNumber, byte[]> frames = probes.get(dpid);
        if (frames == null) {
            return List.of();
        }
        ConnectPoint point = ConnectPoint.of(dpid, port.number());
        if (deleted) {
            pending.add(new PortRemoved(point));
            frames.remove(port.number());
            return List.of();
        }
        if (!port.up()) {
            pending.add(new PortDown(point));
            frames.remove(port.number());
            return List.of();
        }
        pending.add(PortUp.of(point, port.name()));
        if (!port.number().isPhysical()) {
            return List.of();
        }
        byte[] frame = encodeProbe(dpid, port);
        frames.put(port.number(), frame);
        return List.of(new Probe(point, frame));
    }

    /**
     * A packet a switch sent up. One of our LLDP probes proves a link (and may be answered with a
     * probe back); any other LLDP is ignored; any other frame from an edge port locates its sender.
     */
    public List<Probe> packetIn(DatapathId dpid, PortNumber inPort, byte[] data, Instant now) {
        if (!probes.containsKey(dpid) || !(inPort.isPhysical() || inPort.equals(PortNumber.LOCAL))) {
            return List.of();
        }
        ConnectPoint at = ConnectPoint.of(dpid, inPort);
        if (isLldp(data)) {
            return lldpIn(at, data, now);
        }
        FrameAddresses frame = FrameAddresses.parse(data).orElse(null);
        if (frame == null || !frame.hasHostSource() || frame.isLinkLocalDestination()
                || (snapshot.switchInfo(dpid).isPresent() && !snapshot.isEdgePort(at))) {
            return List.of();
        }
        pending.add(new HostSeen(frame.source(), frame.senderIp().map(Set::of).orElse(Set.of()), at, now));
        firstSeen.putIfAbsent(frame.source(), now);
        return List.of();
    }

    private List<Probe> lldpIn(ConnectPoint at, byte[] data, Instant now) {
        LldpDecodeResult result = LldpFrame.decode(data, controller);
        if (!(result instanceof LldpDecodeResult.Accepted accepted)) {
            foreignLldp++;
            return List.of();
        }
        if (accepted.lldp().sentFrom().equals(at)) {
            return List.of(); // a port hearing its own probe: a hairpin, not a link
        }
        Link link = accepted.lldp().linkTo(at);
        pending.add(new LinkUp(link, now));
        if (snapshot.hasLink(link) || !pendingNewLinks.add(link)) {
            return List.of();
        }
        boolean reverseKnown = snapshot.hasLink(link.reverse()) || pendingNewLinks.contains(link.reverse());
        byte[] back = probes.getOrDefault(at.dpid(), Map.of()).get(at.port());
        return reverseKnown || back == null ? List.of() : List.of(new Probe(at, back));
    }

    /** The periodic round: a probe out of every up physical port of every connected switch. */
    public List<Probe> probeAll() {
        List<Probe> out = new ArrayList<>();
        new TreeMap<>(probes).keySet().forEach(dpid -> out.addAll(probesOf(dpid)));
        return out;
    }

    /** A probe out of every up physical port of one switch (e.g. once its LLDP punt flow is in force). */
    public List<Probe> probeSwitch(DatapathId dpid) {
        return probesOf(dpid);
    }

    /** Drops links no probe has proved since {@code now - timeout}; the drop shows at the next commit. */
    public void expireLinks(Instant now, Duration timeout) {
        flush();
        snapshot = snapshot.expireLinks(now, timeout);
    }

    /**
     * Applies everything observed since the last commit. Returns the change when it is structural
     * (links, switches, ports, host locations or addresses); refreshed last-seen times alone only
     * update {@link #view()}.
     */
    public Optional<TopologyChanged> commit() {
        flush();
        TopologyView before = published;
        TopologySnapshot old = before.snapshot();
        if (snapshot == old) {
            return Optional.empty();
        }
        Set<Link> added = minus(snapshot.links(), old.links());
        Set<Link> removed = minus(old.links(), snapshot.links());
        boolean switchesChanged = !old.switches().equals(snapshot.switches());
        boolean hostsChanged = !sameHosts(old, snapshot);
        PathTable paths = before.paths();
        if (!added.isEmpty() || !removed.isEmpty() || !old.switches().keySet().equals(snapshot.switches().keySet())) {
            paths = paths.update(snapshot);
        }
        firstSeen.keySet().retainAll(snapshot.hostsByMac().keySet());
        published = new TopologyView(snapshot, paths, unmanaged(snapshot));
        if (added.isEmpty() && removed.isEmpty() && !switchesChanged && !hostsChanged) {
            return Optional.empty();
        }
        return Optional.of(new TopologyChanged(before, published, added, removed, switchesChanged, hostsChanged));
    }

    /** Asks {@link ManagedEndpoints} again about every host of the committed view (the inventory changed). */
    public void reclassify() {
        published = new TopologyView(published.snapshot(), published.paths(), unmanaged(published.snapshot()));
    }

    /** What the last {@link #commit} made. */
    public TopologyView view() {
        return published;
    }

    /** LLDP frames that were not this controller's probes (a neighbour's agent, another controller, malformed). */
    public long foreignLldp() {
        return foreignLldp;
    }

    private void flush() {
        if (!pending.isEmpty()) {
            snapshot = snapshot.applyAll(pending);
            pending.clear();
            pendingNewLinks.clear();
        }
    }

    private List<Probe> probesOf(DatapathId dpid) {
        List<Probe> out = new ArrayList<>();
        probes.getOrDefault(dpid, Map.of()).forEach((port, frame) -> out.add(new Probe(ConnectPoint.of(dpid, port), frame)));
        return out;
    }

    private List<UnmanagedEndpoint> unmanaged(TopologySnapshot of) {
        List<UnmanagedEndpoint> out = new ArrayList<>();
        for (Attachment host : of.hosts()) {
            if (!managed.isManaged(host)) {
                out.add(new UnmanagedEndpoint(host.mac(), host.ips(), host.point(),
                        firstSeen.getOrDefault(host.mac(), host.lastSeen()), host.lastSeen()));
            }
        }
        return out;
    }

    private byte[] encodeProbe(DatapathId dpid, PortInfo port) {
        MacAddress source = port.mac().isMulticast() || port.mac().value() == 0
                ? MacAddress.of(LOCALLY_ADMINISTERED | (dpid.value() & 0xff_ffff_ffffL)) : port.mac();
        return LldpFrame.probe(source, ConnectPoint.of(dpid, port.number()), controller).encode();
    }

    private static boolean isLldp(byte[] data) {
        return data.length >= 14 && (data[12] & 0xff) == 0x88 && (data[13] & 0xff) == 0xcc;
    }

    private static boolean sameHosts(TopologySnapshot a, TopologySnapshot b) {
        if (a.hostsByMac().size() != b.hostsByMac().size()) {
            return false;
        }
        for (Attachment host : a.hosts()) {
            Attachment other = b.hostsByMac().get(host.mac());
            if (other == null || !other.point().equals(host.point()) || !other.ips().equals(host.ips())) {
                return false;
            }
        }
        return true;
    }

    private static Set<Link> minus(Set<Link> a, Set<Link> b) {
        Set<Link> out = new HashSet<>();
        for (Link link : a) {
            if (!b.contains(link)) {
                out.add(link);
            }
        }
        return out;
    }

    private static io.microseg.topology.PortInfo toTopology(PortInfo port) {
        return new io.microseg.topology.PortInfo(port.number(), port.name(), port.up(), java.util.OptionalLong.empty());
    }
}
