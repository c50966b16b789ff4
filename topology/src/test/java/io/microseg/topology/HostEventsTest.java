package io.microseg.topology;

import static io.microseg.topology.Topologies.T0;
import static io.microseg.topology.Topologies.cable;
import static io.microseg.topology.Topologies.cp;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.TopologyEvent.HostGone;
import io.microseg.topology.TopologyEvent.HostSeen;
import io.microseg.topology.TopologyEvent.PortDown;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostEventsTest {
    private static final MacAddress WEB = MacAddress.parse("02:00:00:00:00:01");
    private static final MacAddress DB = MacAddress.parse("02:00:00:00:00:02");
    private static final Ipv4Address IP1 = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address IP2 = Ipv4Address.parse("10.0.0.2");

    private final TopologySnapshot net = Topologies.chain(2);

    @Test
    void findsAWorkloadByMacAndByIp() {
        TopologySnapshot after = net.apply(new HostSeen(WEB, Set.of(IP1), cp(1, 3), T0));
        Attachment expected = Attachment.of(WEB, Set.of(IP1), cp(1, 3), T0);
        assertThat(after.host(WEB)).contains(expected);
        assertThat(after.hostByIp(IP1)).contains(expected);
        assertThat(after.hostByIp(IP2)).isEmpty();
        assertThat(after.hostsAt(cp(1, 3))).containsExactly(expected);
    }

    @Test
    void aWorkloadSeenElsewhereMoves() {
        TopologySnapshot after = net.apply(new HostSeen(WEB, Set.of(IP1), cp(1, 3), T0))
                .apply(new HostSeen(WEB, Set.of(IP2), cp(2, 3), T0.plusSeconds(1)));
        assertThat(after.host(WEB)).contains(Attachment.of(WEB, Set.of(IP2), cp(2, 3), T0.plusSeconds(1)));
        assertThat(after.hostByIp(IP1)).isEmpty();
        assertThat(after.hostsAt(cp(1, 3))).isEmpty();
    }

    @Test
    void addressesSeenAtTheSamePlaceAccumulate() {
        TopologySnapshot after = net.apply(new HostSeen(WEB, Set.of(IP1), cp(1, 3), T0))
                .apply(new HostSeen(WEB, Set.of(IP2), cp(1, 3), T0.plusSeconds(1)));
        assertThat(after.host(WEB).orElseThrow().ips()).containsExactly(IP1, IP2);
    }

    @Test
    void anAddressBelongsToTheLastWorkloadThatUsedIt() {
        TopologySnapshot after = net.apply(new HostSeen(WEB, Set.of(IP1), cp(1, 3), T0))
                .apply(new HostSeen(DB, Set.of(IP1), cp(2, 3), T0.plusSeconds(1)));
        assertThat(after.hostByIp(IP1).orElseThrow().mac()).isEqualTo(DB);
        assertThat(after.host(WEB).orElseThrow().ips()).isEmpty();
    }

    @Test
    void workloadsAreNotLearnedOnLinkPortsOrUnknownPorts() {
        assertThat(net.apply(new HostSeen(WEB, Set.of(), cp(1, 2), T0)).hosts()).isEmpty();
        assertThat(net.apply(new HostSeen(WEB, Set.of(), cp(1, 9), T0)).hosts()).isEmpty();
    }

    @Test
    void aLinkDiscoveredOnAPortEvictsWorkloadsLearnedThere() {
        TopologySnapshot net3 = Topologies.switches(2, 3).apply(new HostSeen(WEB, Set.of(), cp(1, 3), T0));
        assertThat(net3.applyAll(cable(1, 3, 2, 3)).hosts()).isEmpty();
    }

    @Test
    void portDownKeepsWorkloadsAndHostGoneRemovesThem() {
        TopologySnapshot seen = net.apply(new HostSeen(WEB, Set.of(IP1), cp(1, 3), T0));
        assertThat(seen.apply(new PortDown(cp(1, 3))).host(WEB)).isPresent();
        TopologySnapshot gone = seen.apply(new HostGone(WEB));
        assertThat(gone.host(WEB)).isEmpty();
        assertThat(gone.hostByIp(IP1)).isEmpty();
    }

    @Test
    void hostExpiryUsesThePassedInTime() {
        TopologySnapshot seen = net.apply(new HostSeen(WEB, Set.of(), cp(1, 3), T0))
                .apply(new HostSeen(DB, Set.of(), cp(1, 4), T0.plusSeconds(60)));
        assertThat(seen.expireHosts(T0.plusSeconds(300), Duration.ofSeconds(300))).isSameAs(seen);
        assertThat(seen.expireHosts(T0.plusSeconds(301), Duration.ofSeconds(300)).hosts())
                .extracting(Attachment::mac).containsExactly(DB);
    }
}
