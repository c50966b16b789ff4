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
import io.microseg.topology.lldp.ProbeKey;
import io.microseg.topology.packet.FrameAddresses;
import io.microseg.topology.path.PathTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 *
 * <p>Trust boundary (a link makes both its ports trunks, which the pipeline trusts): probes carry an
 * HMAC of their dpid, port and send time under a per-run {@link ProbeKey}, and a probe that is
 * unsigned, forged or older than {@code maxProbeAge} is ignored; a link exists only once both of its
 * directions were proved within {@code maxProbeAge} of each other; and a port that may not be a trunk
 * ({@link #mayBeTrunk}: a workload's registered or learned port, or any port but the pinned ones when
 * trunk ports are pinned) is neither probed nor accepted as the end of a link.
 */
public final class TopologyTracker {
    private static final long LOCALLY_ADMINISTERED = 0x02_00_00_00_00_00L;
    private final ControllerInstanceId controller;
    private final ManagedEndpoints managed;
    private final ProbeKey key;
    private final Clock clock;
    private final Duration maxProbeAge;
    private final Set<ConnectPoint> pinnedTrunks;
    /** Unsigned probe for every up physical port of every connected switch; signed at each send. */
    private final Map<DatapathId, Map<PortNumber, LldpFrame>> probes = new HashMap<>();
    /** When each direction of a not yet (or still) proved link was last proved by a probe. */
    private final Map<Link, Instant> heard = new HashMap<>();
    private final List<TopologyEvent> pending = new ArrayList<>();
    private final Set<Link> pendingNewLinks = new HashSet<>();
    private final Map<MacAddress, Instant> firstSeen = new HashMap<>();
    private TopologySnapshot snapshot = TopologySnapshot.empty();
    private TopologyView published = TopologyView.EMPTY;
    private long foreignLldp;
    private long refusedLinks;
    /** Where managed hosts were seen, as of the last commit. */
    private Set<ConnectPoint> managedHostPorts = Set.of();

    /** A tracker with a random key, the system clock, a 15 s probe age and no pinned trunks. */
    public TopologyTracker(ControllerInstanceId controller, ManagedEndpoints managed) {
        this(controller, managed, ProbeKey.random(), Clock.systemUTC(), Duration.ofSeconds(15), Set.of());
    }

    /**
     * @param key          signs every probe sent and checks every probe received
     * @param clock        stamps probes as they are sent
     * @param maxProbeAge  a probe received longer than this after it was sent is a replay; a link's two directions
     *                     must be proved within this of each other
     * @param pinnedTrunks when not empty, the only ports that may be trunks (operator's choice); empty: discovered
     */
    public TopologyTracker(ControllerInstanceId controller, ManagedEndpoints managed, ProbeKey key, Clock clock,
            Duration maxProbeAge, Set<ConnectPoint> pinnedTrunks) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.managed = Objects.requireNonNull(managed, "managed");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxProbeAge = Objects.requireNonNull(maxProbeAge, "maxProbeAge");
        this.pinnedTrunks = Set.copyOf(pinnedTrunks);
    }

    /**
     * Whether a port may be a trunk: a pinned port when trunks are pinned; otherwise any port that is neither a
     * workload's registered location nor where a managed workload was seen. Such a port is never probed, and a
     * probe arriving on it (or claiming to come from it) proves nothing.
     */
    public boolean mayBeTrunk(ConnectPoint point) {
        if (!pinnedTrunks.isEmpty()) {
            return pinnedTrunks.contains(point);
        }
        if (managed.isWorkloadPort(point)) {
            return false;
        }
        return !managedHostPorts.contains(point);
    }

    /** A switch finished its handshake (or reconnected): its ports replace what was known; probe them all. */
    public List<Probe> switchUp(DatapathId dpid, List<PortInfo> ports) {
        List<io.microseg.topology.PortInfo> infos = ports.stream().map(TopologyTracker::toTopology).toList();
        pending.add(new SwitchUp(SwitchInfo.of(dpid, infos)));
        Map<PortNumber, LldpFrame> frames = new TreeMap<>();
        for (PortInfo port : ports) {
            if (port.up() && port.number().isPhysical()) {
                frames.put(port.number(), probeOf(dpid, port));
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
        Map<PortNumber, LldpFrame> frames = probes.get(dpid);
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
        LldpFrame frame = probeOf(dpid, port);
        frames.put(port.number(), frame);
        return mayBeTrunk(point) ? List.of(signed(frame)) : List.of();
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
        LldpDecodeResult result = LldpFrame.decodeSigned(data, controller, key, now.toEpochMilli(), maxProbeAge.toMillis());
        if (!(result instanceof LldpDecodeResult.Accepted accepted)) {
            foreignLldp++;
            return List.of();
        }
        if (accepted.lldp().sentFrom().equals(at)) {
            return List.of(); // a port hearing its own probe: a hairpin, not a link
        }
        Link link = accepted.lldp().linkTo(at);
        if (!mayBeTrunk(link.src()) || !mayBeTrunk(link.dst())) {
            refusedLinks++;
            return List.of();
        }
        heard.put(link, now);
        Instant reverseHeard = heard.get(link.reverse());
        boolean reverseProved = reverseHeard != null && !reverseHeard.isBefore(now.minus(maxProbeAge));
        if (reverseProved) {
            pending.add(new LinkUp(link, now));
            if (!snapshot.hasLink(link.reverse())) {
                pending.add(new LinkUp(link.reverse(), reverseHeard));
            }
        }
        if (snapshot.hasLink(link) || reverseProved || !pendingNewLinks.add(link)) {
            return List.of();
        }
        LldpFrame back = probes.getOrDefault(at.dpid(), Map.of()).get(at.port());
        return back == null ? List.of() : List.of(signed(back));
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
        Instant oldest = now.minus(maxProbeAge.compareTo(timeout) > 0 ? maxProbeAge : timeout);
        heard.values().removeIf(at -> at.isBefore(oldest));
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
        managedHostPorts = managedHostPorts(snapshot);
        published = new TopologyView(snapshot, paths, unmanaged(snapshot));
        if (added.isEmpty() && removed.isEmpty() && !switchesChanged && !hostsChanged) {
            return Optional.empty();
        }
        return Optional.of(new TopologyChanged(before, published, added, removed, switchesChanged, hostsChanged));
    }

    /** Asks {@link ManagedEndpoints} again about every host of the committed view (the inventory changed). */
    public void reclassify() {
        managedHostPorts = managedHostPorts(snapshot);
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

    /** Authentic probes ignored because one end may not be a trunk (a workload port, or not a pinned trunk). */
    public long refusedLinks() {
        return refusedLinks;
    }

    private void flush() {
        if (!pending.isEmpty()) {
            snapshot = snapshot.applyAll(pending);
            pending.clear();
            pendingNewLinks.clear();
        }
    }

    private Set<ConnectPoint> managedHostPorts(TopologySnapshot of) {
        Set<ConnectPoint> out = new HashSet<>();
        for (Attachment host : of.hosts()) {
            if (managed.isManaged(host)) {
                out.add(host.point());
            }
        }
        return Set.copyOf(out);
    }

    private List<Probe> probesOf(DatapathId dpid) {
        List<Probe> out = new ArrayList<>();
        probes.getOrDefault(dpid, Map.of()).forEach((port, frame) -> {
            if (mayBeTrunk(frame.sentFrom())) {
                out.add(signed(frame));
            }
        });
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

    private LldpFrame probeOf(DatapathId dpid, PortInfo port) {
        MacAddress source = port.mac().isMulticast() || port.mac().value() == 0
                ? MacAddress.of(LOCALLY_ADMINISTERED | (dpid.value() & 0xff_ffff_ffffL)) : port.mac();
        return LldpFrame.probe(source, ConnectPoint.of(dpid, port.number()), controller);
    }

    private Probe signed(LldpFrame frame) {
        return new Probe(frame.sentFrom(), frame.encodeSigned(key, clock.millis()));
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
        return new io.microseg.topology.PortInfo(port.number(), port.name(), port.up(), OptionalLong.empty());
    }
}
