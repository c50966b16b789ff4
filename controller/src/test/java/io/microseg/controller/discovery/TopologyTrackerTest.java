package io.microseg.controller.discovery;

import static io.microseg.controller.discovery.TestFrames.arp;
import static io.microseg.controller.discovery.TestFrames.port;
import static io.microseg.controller.discovery.TestFrames.ports;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Link;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.lldp.ControllerInstanceId;
import io.microseg.topology.lldp.LldpFrame;
import io.microseg.topology.lldp.ProbeKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The discovery core driven directly: probes to send, links and hosts learned, changes reported. */
class TopologyTrackerTest {
    private static final ControllerInstanceId US = ControllerInstanceId.of(0x5eed);
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final DatapathId A = DatapathId.of(1);
    private static final DatapathId B = DatapathId.of(2);
    private static final MacAddress HOST = MacAddress.parse("02:aa:00:00:00:01");

    private final TopologyTracker tracker = tracker(US, ManagedEndpoints.NONE);

    @Test
    void connectingSwitchIsProbedOnEveryUpPhysicalPortOnly() {
        var ports = new ArrayList<>(ports(1, 3));
        ports.set(2, port(1, 3, false));
        List<Probe> probes = tracker.switchUp(A, ports);
        assertThat(probes).extracting(Probe::from).containsExactly(cp(1, 1), cp(1, 2));
        LldpFrame frame = LldpFrame.decode(probes.get(1).frame(), US).frame().orElseThrow();
        assertThat(frame.sentFrom()).isEqualTo(cp(1, 2));
        assertThat(frame.source()).isEqualTo(MacAddress.of(0x0200_0000_0102L));
        assertThat(tracker.commit()).hasValueSatisfying(change -> assertThat(change.switchesChanged()).isTrue());
        assertThat(tracker.view().snapshot().switches()).containsKey(A);
    }

    @Test
    void probeArrivingAtTheNeighbourProvesALinkAndIsAnsweredWithAProbeBack() {
        List<Probe> fromA = tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        tracker.commit();

        List<Probe> back = tracker.packetIn(B, PortNumber.of(1), probeOut(fromA, 2), T0);
        assertThat(back).extracting(Probe::from).containsExactly(cp(2, 1));
        assertThat(tracker.commit()).isEmpty(); // one direction proves no link yet (a host could have sent it)
        assertThat(tracker.view().snapshot().links()).isEmpty();

        assertThat(tracker.packetIn(A, PortNumber.of(2), back.get(0).frame(), T0)).isEmpty();
        TopologyChanged second = tracker.commit().orElseThrow();
        assertThat(second.linksAdded()).containsExactlyInAnyOrder(Link.of(2, 1, 1, 2), Link.of(1, 2, 2, 1));
        assertThat(second.after().paths().nextHops(B)).containsEntry(A, PortNumber.of(2));
        assertThat(second.after().snapshot().isEdgePort(cp(1, 2))).isFalse();
        assertThat(second.after().snapshot().isEdgePort(cp(1, 1))).isTrue();
    }

    @Test
    void reconfirmingKnownLinksIsNoChangeButRefreshesLastSeen() {
        cable();
        List<Probe> round = tracker.probeAll();
        assertThat(tracker.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0.plusSeconds(5))).isEmpty();
        assertThat(tracker.commit()).isEmpty();
        assertThat(tracker.view().snapshot().lastSeen(Link.of(1, 2, 2, 1))).contains(T0.plusSeconds(5));
    }

    @Test
    void portDownRemovesBothDirectionsAtOnceAndPortUpProbesAgain() {
        cable();
        assertThat(tracker.portChanged(B, port(2, 1, false), false)).isEmpty();
        TopologyChanged down = tracker.commit().orElseThrow();
        assertThat(down.linksRemoved()).containsExactlyInAnyOrder(Link.of(1, 2, 2, 1), Link.of(2, 1, 1, 2));
        assertThat(down.after().paths().path(A, B)).isEmpty();
        assertThat(tracker.probeAll()).extracting(Probe::from).doesNotContain(cp(2, 1));

        assertThat(tracker.portChanged(B, port(2, 1, true), false)).extracting(Probe::from).containsExactly(cp(2, 1));
    }

    @Test
    void deletedPortTakesItsLinksAndHosts() {
        cable();
        tracker.packetIn(A, PortNumber.of(1), arp(HOST, "10.0.0.1"), T0);
        tracker.commit();
        tracker.portChanged(A, port(1, 1, true), true);
        tracker.portChanged(A, port(1, 2, true), true);
        TopologyChanged change = tracker.commit().orElseThrow();
        assertThat(change.linksRemoved()).hasSize(2);
        assertThat(change.hostsChanged()).isTrue();
        assertThat(change.after().snapshot().hosts()).isEmpty();
    }

    @Test
    void linksNotReprovedWithinTheTimeoutExpire() {
        cable();
        tracker.expireLinks(T0.plusSeconds(10), Duration.ofSeconds(15));
        assertThat(tracker.commit()).isEmpty();
        List<Probe> round = tracker.probeAll();
        tracker.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0.plusSeconds(10)); // only A -> B re-proved
        tracker.expireLinks(T0.plusSeconds(20), Duration.ofSeconds(15));
        TopologyChanged change = tracker.commit().orElseThrow();
        assertThat(change.linksRemoved()).containsExactly(Link.of(2, 1, 1, 2));
        assertThat(change.after().snapshot().links()).containsExactly(Link.of(1, 2, 2, 1));
    }

    @Test
    void switchDownTakesItsLinksAndHosts() {
        cable();
        tracker.packetIn(B, PortNumber.of(2), arp(HOST, "10.0.0.1"), T0);
        tracker.commit();
        tracker.switchDown(B);
        TopologyChanged change = tracker.commit().orElseThrow();
        assertThat(change.after().snapshot().switches()).containsOnlyKeys(A);
        assertThat(change.after().snapshot().links()).isEmpty();
        assertThat(change.after().snapshot().hosts()).isEmpty();
        assertThat(tracker.packetIn(B, PortNumber.of(1), arp(HOST, "10.0.0.1"), T0)).isEmpty();
        assertThat(tracker.commit()).isEmpty();
    }

    @Test
    void hostOnAnEdgePortIsLocatedWithItsIpAndRecordedAsUnmanaged() {
        cable();
        tracker.packetIn(A, PortNumber.of(1), arp(HOST, "10.0.0.7"), T0);
        TopologyChanged change = tracker.commit().orElseThrow();
        assertThat(change.hostsChanged()).isTrue();
        assertThat(change.linksChanged()).isFalse();
        var host = change.after().snapshot().host(HOST).orElseThrow();
        assertThat(host.point()).isEqualTo(cp(1, 1));
        assertThat(host.ips()).containsExactly(Ipv4Address.parse("10.0.0.7"));
        assertThat(change.after().unmanaged()).singleElement().satisfies(e -> {
            assertThat(e.mac()).isEqualTo(HOST);
            assertThat(e.point()).isEqualTo(cp(1, 1));
            assertThat(e.firstSeen()).isEqualTo(T0);
        });

        tracker.packetIn(A, PortNumber.of(1), arp(HOST, "10.0.0.7"), T0.plusSeconds(30));
        assertThat(tracker.commit()).isEmpty();
        assertThat(tracker.view().unmanaged().get(0).firstSeen()).isEqualTo(T0);
        assertThat(tracker.view().unmanaged().get(0).lastSeen()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void hostMovingToAnotherEdgePortIsAChange() {
        cable();
        tracker.packetIn(A, PortNumber.of(1), arp(HOST, "10.0.0.7"), T0);
        tracker.commit();
        tracker.packetIn(B, PortNumber.of(2), arp(HOST, "10.0.0.7"), T0.plusSeconds(1));
        TopologyChanged moved = tracker.commit().orElseThrow();
        assertThat(moved.after().snapshot().host(HOST).orElseThrow().point()).isEqualTo(cp(2, 2));
    }

    @Test
    void trafficArrivingOnInterSwitchPortsLocatesNoHost() {
        cable();
        tracker.packetIn(A, PortNumber.of(2), arp(HOST, "10.0.0.7"), T0);
        assertThat(tracker.commit()).isEmpty();
        assertThat(tracker.view().snapshot().hosts()).isEmpty();
    }

    @Test
    void managedHostsAreNoUnmanagedEndpoints() {
        TopologyTracker withInventory = tracker(US, host -> host.mac().equals(HOST));
        withInventory.switchUp(A, ports(1, 2));
        withInventory.packetIn(A, PortNumber.of(1), arp(HOST, "10.0.0.7"), T0);
        withInventory.packetIn(A, PortNumber.of(2), arp(MacAddress.parse("02:bb:00:00:00:02"), "10.0.0.8"), T0);
        TopologyChanged change = withInventory.commit().orElseThrow();
        assertThat(change.after().snapshot().hosts()).hasSize(2);
        assertThat(change.after().unmanaged()).extracting(UnmanagedEndpoint::mac)
                .containsExactly(MacAddress.parse("02:bb:00:00:00:02"));
    }

    @Test
    void foreignLldpAndOtherControllersProbesAreIgnored() {
        List<Probe> fromA = tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        tracker.commit();
        TopologyTracker other = tracker(ControllerInstanceId.of(0xbad), ManagedEndpoints.NONE);
        byte[] theirs = other.switchUp(A, ports(1, 2)).get(1).frame();
        assertThat(tracker.packetIn(B, PortNumber.of(1), theirs, T0)).isEmpty();
        byte[] mangled = probeOut(fromA, 2).clone();
        mangled[20] ^= 0x7f;
        tracker.packetIn(B, PortNumber.of(1), mangled, T0);
        assertThat(tracker.commit()).isEmpty();
        assertThat(tracker.foreignLldp()).isEqualTo(2);
        assertThat(tracker.view().snapshot().hosts()).isEmpty();
    }

    @Test
    void aPortHearingItsOwnProbeIsNoLink() {
        List<Probe> fromA = tracker.switchUp(A, ports(1, 2));
        tracker.packetIn(A, PortNumber.of(1), probeOut(fromA, 1), T0);
        tracker.commit();
        assertThat(tracker.view().snapshot().links()).isEmpty();
    }

    @Test
    void burstOfEventsIsOneCommit() {
        tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        List<Probe> round = tracker.probeAll();
        tracker.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0);
        tracker.packetIn(A, PortNumber.of(2), probeOut(round, 2, 1), T0);
        TopologyChanged change = tracker.commit().orElseThrow();
        assertThat(change.before().snapshot().switches()).isEmpty();
        assertThat(change.linksAdded()).hasSize(2);
        assertThat(change.after().paths().path(B, A)).isPresent();
    }

    // ---- trust boundary: a host must not be able to make its port a trunk ----

    @Test
    void aRelayedProbeInOneDirectionIsNoLink() {
        tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        List<Probe> round = tracker.probeAll();
        // a host on B port 2 replays the probe a colluder captured on A port 1
        tracker.packetIn(B, PortNumber.of(2), probeOut(round, 1, 1), T0);
        tracker.commit();
        assertThat(tracker.view().snapshot().links()).isEmpty();
        assertThat(tracker.view().snapshot().isEdgePort(cp(2, 2))).isTrue();
    }

    @Test
    void aCapturedProbeReplayedLaterIsStale() {
        tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        List<Probe> round = tracker.probeAll(); // signed at T0 (the tracker's clock)
        tracker.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0.plusSeconds(16));
        tracker.packetIn(A, PortNumber.of(2), probeOut(round, 2, 1), T0.plusSeconds(16));
        tracker.commit();
        assertThat(tracker.view().snapshot().links()).isEmpty();
        assertThat(tracker.foreignLldp()).isEqualTo(2);
    }

    @Test
    void anUnsignedProbeProvesNothing() {
        tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        byte[] unsignedAB = LldpFrame.probe(MacAddress.of(0x02_0000_0001L), cp(1, 2), US).encode();
        byte[] unsignedBA = LldpFrame.probe(MacAddress.of(0x02_0000_0002L), cp(2, 1), US).encode();
        tracker.packetIn(B, PortNumber.of(1), unsignedAB, T0);
        tracker.packetIn(A, PortNumber.of(2), unsignedBA, T0);
        tracker.commit();
        assertThat(tracker.view().snapshot().links()).isEmpty();
    }

    @Test
    void aRegisteredWorkloadPortIsNeverProbedNorATrunk() {
        ManagedEndpoints workloadOnB1 = new ManagedEndpoints() {
            @Override
            public boolean isManaged(Attachment host) {
                return false;
            }

            @Override
            public boolean isWorkloadPort(ConnectPoint point) {
                return point.equals(cp(2, 1));
            }
        };
        ProbeKey key = ProbeKey.random();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        TopologyTracker guarded = new TopologyTracker(US, workloadOnB1, key, clock, Duration.ofSeconds(15), Set.of());
        guarded.switchUp(A, ports(1, 2));
        assertThat(guarded.switchUp(B, ports(2, 2))).extracting(Probe::from).containsExactly(cp(2, 2));
        assertThat(guarded.probeAll()).extracting(Probe::from).doesNotContain(cp(2, 1));
        // even with authentic probes of both directions (what relaying hosts on A/2 and B/1 could deliver), no link
        TopologyTracker sameKey = new TopologyTracker(US, ManagedEndpoints.NONE, key, clock, Duration.ofSeconds(15),
                Set.of());
        sameKey.switchUp(B, ports(2, 2));
        guarded.packetIn(B, PortNumber.of(1), probeOut(guarded.probeAll(), 1, 2), T0);
        guarded.packetIn(A, PortNumber.of(2), probeOut(sameKey.probeAll(), 2, 1), T0);
        guarded.commit();
        assertThat(guarded.view().snapshot().links()).isEmpty();
        assertThat(guarded.refusedLinks()).isEqualTo(2);
        assertThat(guarded.foreignLldp()).isZero();
    }

    @Test
    void aPortWhereAManagedHostWasSeenIsNeverATrunk() {
        TopologyTracker guarded = tracker(US, host -> host.mac().equals(HOST));
        guarded.switchUp(A, ports(1, 2));
        guarded.switchUp(B, ports(2, 2));
        guarded.packetIn(B, PortNumber.of(1), arp(HOST, "10.0.0.7"), T0);
        guarded.commit();
        List<Probe> round = guarded.probeAll();
        assertThat(round).extracting(Probe::from).doesNotContain(cp(2, 1));
        guarded.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0);
        guarded.commit();
        assertThat(guarded.view().snapshot().links()).isEmpty();
        assertThat(guarded.refusedLinks()).isEqualTo(1);
    }

    @Test
    void pinnedTrunksAreTheOnlyTrunks() {
        TopologyTracker pinned = new TopologyTracker(US, ManagedEndpoints.NONE, ProbeKey.random(),
                Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(15), Set.of(cp(1, 2), cp(2, 1)));
        pinned.switchUp(A, ports(1, 2));
        pinned.switchUp(B, ports(2, 2));
        List<Probe> round = pinned.probeAll();
        assertThat(round).extracting(Probe::from).containsExactlyInAnyOrder(cp(1, 2), cp(2, 1));
        pinned.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0);
        pinned.packetIn(A, PortNumber.of(2), probeOut(round, 2, 1), T0);
        pinned.packetIn(B, PortNumber.of(2), probeOut(round, 1, 2), T0); // a host on B/2 replays A/2's probe
        pinned.commit();
        assertThat(pinned.view().snapshot().links()).containsExactlyInAnyOrder(Link.of(1, 2, 2, 1), Link.of(2, 1, 1, 2));
        assertThat(pinned.refusedLinks()).isEqualTo(1);
    }

    /** A (1) port 2 -- port 1 B (2), both directions proved at T0; ports 1 of A and 2 of B are edge ports. */
    private void cable() {
        tracker.switchUp(A, ports(1, 2));
        tracker.switchUp(B, ports(2, 2));
        List<Probe> round = tracker.probeAll();
        tracker.packetIn(B, PortNumber.of(1), probeOut(round, 1, 2), T0);
        tracker.packetIn(A, PortNumber.of(2), probeOut(round, 2, 1), T0);
        tracker.commit();
        assertThat(tracker.view().snapshot().links()).hasSize(2);
    }

    private static TopologyTracker tracker(ControllerInstanceId controller, ManagedEndpoints managed) {
        return new TopologyTracker(controller, managed, ProbeKey.random(), Clock.fixed(T0, ZoneOffset.UTC),
                Duration.ofSeconds(15), Set.of());
    }

    private static byte[] probeOut(List<Probe> probes, long port) {
        return probes.stream().filter(p -> p.from().port().value() == port).findFirst().orElseThrow().frame();
    }

    private static byte[] probeOut(List<Probe> probes, long dpid, long port) {
        Optional<Probe> probe = probes.stream().filter(p -> p.from().equals(cp(dpid, port))).findFirst();
        return probe.orElseThrow().frame();
    }

    private static ConnectPoint cp(long dpid, long port) {
        return ConnectPoint.of(dpid, port);
    }
}
