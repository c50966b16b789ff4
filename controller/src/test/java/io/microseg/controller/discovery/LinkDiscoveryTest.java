package io.microseg.controller.discovery;

import static io.microseg.controller.discovery.TestFrames.arp;
import static io.microseg.controller.discovery.TestFrames.port;
import static io.microseg.controller.discovery.TestFrames.ports;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.OFBatch;
import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.lldp.ControllerInstanceId;
import io.microseg.topology.lldp.LldpFrame;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The discovery shell with scripted switches: sessions on EmbeddedChannels, and the test plays
 * the cables, handing each packet-out to the switch at the cable's other end as a packet-in.
 */
class LinkDiscoveryTest {
    private static final ControllerInstanceId US = ControllerInstanceId.of(0xc0ffee);
    private final LinkDiscovery discovery = LinkDiscovery.start(US,
            DiscoverySettings.of(Duration.ofHours(1), Duration.ofHours(3)), ManagedEndpoints.NONE,
            Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final List<TopologyChanged> changes = new CopyOnWriteArrayList<>();
    private final Map<DatapathId, SwitchSession> sessions = new HashMap<>();
    private final Map<DatapathId, EmbeddedChannel> channels = new HashMap<>();
    /** Cables, both ways. */
    private final Map<ConnectPoint, ConnectPoint> cables = new HashMap<>();
    private final Map<Long, EmbeddedChannel> made = new HashMap<>();

    LinkDiscoveryTest() {
        discovery.addListener(changes::add);
    }

    @AfterEach
    void stop() {
        discovery.close();
    }

    @Test
    void connectingAChainDiscoversEveryLinkWithoutWaitingForAProbeRound() throws Exception {
        cable(1, 2, 2, 1);
        cable(2, 2, 3, 1);
        for (long dpid = 1; dpid <= 3; dpid++) {
            connect(dpid, 3);
        }
        relayUntilQuiet();
        assertThat(discovery.snapshot().links()).containsExactlyInAnyOrder(
                Link.of(1, 2, 2, 1), Link.of(2, 1, 1, 2), Link.of(2, 2, 3, 1), Link.of(3, 1, 2, 2));
        assertThat(discovery.paths().path(DatapathId.of(1), DatapathId.of(3)).orElseThrow().hops()).isEqualTo(2);
        assertThat(discovery.snapshot().edgePorts(DatapathId.of(2)))
                .containsExactly(ConnectPoint.of(2, 3), ConnectPoint.of(DatapathId.of(2), PortNumber.LOCAL));
        assertThat(changes).isNotEmpty();
        assertThat(changes.get(changes.size() - 1).after().snapshot().links()).isEqualTo(discovery.snapshot().links());
    }

    @Test
    void probesArePacketOutsFromTheControllerWithoutBuffer() throws Exception {
        connect(1, 2);
        discovery.idle().get(10, TimeUnit.SECONDS);
        List<OFPacketOut> outs = sent(1L).stream().map(OFPacketOut.class::cast).toList();
        assertThat(outs).hasSize(2);
        for (OFPacketOut out : outs) {
            assertThat(out.getBufferId()).isEqualTo(OFBufferId.NO_BUFFER);
            assertThat(out.getInPort()).isEqualTo(OFPort.CONTROLLER);
            assertThat(out.getActions()).singleElement().isInstanceOf(OFActionOutput.class);
            assertThat(out.getData()[12] & 0xff).isEqualTo(0x88);
        }
        assertThat(outs).extracting(o -> ((OFActionOutput) o.getActions().get(0)).getPort())
                .containsExactlyInAnyOrder(OFPort.of(1), OFPort.of(2));
        assertThat(discovery.probesSent()).isEqualTo(2);

        discovery.probe(DatapathId.of(1));
        discovery.idle().get(10, TimeUnit.SECONDS);
        assertThat(sent(1L)).hasSize(2);
        discovery.probe(DatapathId.of(9)); // unknown switch: nothing to send, nothing breaks
        discovery.idle().get(10, TimeUnit.SECONDS);
        assertThat(discovery.probesSent()).isEqualTo(4);
    }

    @Test
    void portDownAndSwitchDisconnectRemoveLinksAtOnce() throws Exception {
        cable(1, 2, 2, 1);
        cable(2, 2, 3, 1);
        for (long dpid = 1; dpid <= 3; dpid++) {
            connect(dpid, 3);
        }
        relayUntilQuiet();
        discovery.portChanged(sessions.get(DatapathId.of(2)), port(2, 2, false), false);
        discovery.idle().get(10, TimeUnit.SECONDS);
        TopologyChanged down = changes.get(changes.size() - 1);
        assertThat(down.linksRemoved()).containsExactlyInAnyOrder(Link.of(2, 2, 3, 1), Link.of(3, 1, 2, 2));
        assertThat(discovery.paths().path(DatapathId.of(1), DatapathId.of(3))).isEmpty();

        discovery.switchDisconnected(sessions.get(DatapathId.of(1)));
        discovery.idle().get(10, TimeUnit.SECONDS);
        assertThat(discovery.snapshot().switches()).containsOnlyKeys(DatapathId.of(2), DatapathId.of(3));
        assertThat(discovery.snapshot().links()).isEmpty();
    }

    @Test
    void aStaleSessionsDisconnectDoesNotRemoveTheReconnectedSwitch() throws Exception {
        connect(1, 2);
        SwitchSession old = sessions.get(DatapathId.of(1));
        connect(1, 2);
        discovery.switchDisconnected(old);
        discovery.idle().get(10, TimeUnit.SECONDS);
        assertThat(discovery.snapshot().switches()).containsKey(DatapathId.of(1));
    }

    @Test
    void hostPacketInIsLocatedAndListedAsUnmanaged() throws Exception {
        connect(1, 2);
        MacAddress host = MacAddress.parse("02:aa:00:00:00:09");
        discovery.packetIn(sessions.get(DatapathId.of(1)), new PacketIn(PortNumber.of(2), 0, 0, arp(host, "10.0.0.9")));
        discovery.idle().get(10, TimeUnit.SECONDS);
        assertThat(discovery.unmanagedEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.point()).isEqualTo(ConnectPoint.of(1, 2)));
        assertThat(changes.get(changes.size() - 1).hostsChanged()).isTrue();
    }

    @Test
    void recheckManagedReclassifiesWithoutATopologyChange() throws Exception {
        List<MacAddress> managed = new CopyOnWriteArrayList<>();
        try (LinkDiscovery withInventory = LinkDiscovery.start(US, DiscoverySettings.DEFAULTS,
                host -> managed.contains(host.mac()), Clock.systemUTC())) {
            SwitchSession session = session(1, 2);
            withInventory.switchConnected(session);
            MacAddress host = MacAddress.parse("02:aa:00:00:00:09");
            withInventory.packetIn(session, new PacketIn(PortNumber.of(2), 0, 0, arp(host, "10.0.0.9")));
            withInventory.idle().get(10, TimeUnit.SECONDS);
            assertThat(withInventory.unmanagedEndpoints()).hasSize(1);
            managed.add(host);
            assertThat(withInventory.recheckManaged().get(10, TimeUnit.SECONDS).unmanaged()).isEmpty();
        }
    }

    @Test
    void aFloodingPortFillsOnlyItsOwnShareOfTheQueue() throws Exception {
        try (LinkDiscovery fair = LinkDiscovery.start(US, DiscoverySettings.DEFAULTS, ManagedEndpoints.NONE, Clock.systemUTC())) {
            SwitchSession session = session(1, 3);
            fair.switchConnected(session);
            fair.idle().get(10, TimeUnit.SECONDS);
            CountDownLatch release = new CountDownLatch(1);
            fair.holdUntil(release);
            int flood = 2_000;
            byte[] lldp = LldpFrame.probe(MacAddress.parse("02:ee:00:00:00:01"),
                    ConnectPoint.of(9, 9), US).encode();
            for (int i = 0; i < flood; i++) { // one port floods LLDP and ARP while the discovery thread is busy
                fair.packetIn(session, new PacketIn(PortNumber.of(1), 0, 0, i % 2 == 0 ? lldp : arp(MacAddress.of(0x02_0000_1000L + i), "10.0.9.9")));
            }
            MacAddress quiet = MacAddress.parse("02:aa:00:00:00:02");
            fair.packetIn(session, new PacketIn(PortNumber.of(2), 0, 0, arp(quiet, "10.0.0.2")));
            release.countDown();
            fair.idle().get(10, TimeUnit.SECONDS);
            int share = DiscoverySettings.DEFAULTS.maxQueuedPerPort();
            assertThat(fair.droppedPacketIns()).isEqualTo(flood - share);
            assertThat(fair.snapshot().host(quiet)).hasValueSatisfying(h -> assertThat(h.point()).isEqualTo(ConnectPoint.of(1, 2)));
        }
    }

    private void connect(long dpid, int ports) {
        SwitchSession session = session(dpid, ports);
        sessions.put(session.dpid(), session);
        channels.put(session.dpid(), (EmbeddedChannel) channelOf(dpid));
        discovery.switchConnected(session);
    }

    private SwitchSession session(long dpid, int ports) {
        EmbeddedChannel channel = new EmbeddedChannel();
        made.put(dpid, channel);
        return new SwitchSession(DatapathId.of(dpid), channel, OFFactories.getFactory(OFVersion.OF_13), ports(dpid, ports),
                Duration.ofSeconds(30));
    }

    private EmbeddedChannel channelOf(long dpid) {
        return made.get(dpid);
    }

    private void cable(long a, long portA, long b, long portB) {
        cables.put(ConnectPoint.of(a, portA), ConnectPoint.of(b, portB));
        cables.put(ConnectPoint.of(b, portB), ConnectPoint.of(a, portA));
    }

    /** Delivers packet-outs over the cables until no switch has anything left to send. */
    private void relayUntilQuiet() throws Exception {
        for (int round = 0; round < 20; round++) {
            discovery.idle().get(10, TimeUnit.SECONDS);
            int delivered = 0;
            for (var entry : sessions.entrySet()) {
                for (OFMessage message : sent(entry.getKey().value())) {
                    OFPacketOut out = (OFPacketOut) message;
                    long port = ((OFActionOutput) out.getActions().get(0)).getPort().getPortNumber();
                    ConnectPoint peer = cables.get(ConnectPoint.of(entry.getKey().value(), port));
                    if (peer != null) {
                        discovery.packetIn(sessions.get(peer.dpid()), new PacketIn(peer.port(), 0, 0, out.getData()));
                        delivered++;
                    }
                }
            }
            if (delivered == 0) {
                discovery.idle().get(10, TimeUnit.SECONDS);
                return;
            }
        }
        throw new AssertionError("probes still bouncing after 20 rounds");
    }

    private List<OFMessage> sent(long dpid) {
        EmbeddedChannel channel = channels.get(DatapathId.of(dpid));
        List<OFMessage> out = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof OFBatch batch) {
                out.addAll(batch.messages());
            } else {
                out.add((OFMessage) message);
            }
        }
        return out;
    }
}
