package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Posture;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.RandomModels;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spoofed and unknown senders gain nothing; invalid packets drop; LLDP and ARP go where they should. */
class PortSecurityTest {

    static Stream<Long> seeds() {
        return new Random(99L).longs(40).boxed();
    }

    private static boolean nothingDelivered(NetworkSimulator.Trace trace) {
        return trace.delivered().isEmpty();
    }

    private static boolean punted(NetworkSimulator.Trace trace) {
        return trace.packetIns().stream().anyMatch(in -> in.table() == Tables.PORT_SECURITY);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void spoofedSourcesAreDeniedAndReportedAtTheFirstHop(long seed) {
        Random random = new Random(seed);
        PolicyModel model = random.nextBoolean() ? ThreeTierExample.model()
                : new RandomModels(random).model().toBuilder().posture(Posture.ALLOW).build();
        Lab lab = new Lab(model, 1 + random.nextInt(3), true, random);
        List<Workload> workloads = lab.model().workloads();
        for (Workload attacker : workloads) {
            ConnectPoint at = lab.view().locate(attacker).orElseThrow();
            for (Workload victim : workloads) {
                if (victim.equals(attacker)) {
                    continue;
                }
                Ipv4Address stolen = victim.primaryAddress().orElseThrow();
                for (Workload target : workloads) {
                    Ipv4Address dst = target.primaryAddress().orElseThrow();
                    Packet spoofedIp = Packet.ip(attacker.mac().orElseThrow(), stolen, target.mac().orElseThrow(), dst,
                            Protocol.TCP, 40000, 443);
                    NetworkSimulator.Trace trace = lab.sim().send(at, spoofedIp);
                    assertThat(nothingDelivered(trace)).as("%s posing as %s", attacker.id(), victim.id()).isTrue();
                    assertThat(punted(trace)).isTrue();
                    Packet spoofedMac = Packet.ip(victim.mac().orElseThrow(), attacker.primaryAddress().orElseThrow(),
                            target.mac().orElseThrow(), dst, Protocol.TCP, 40001, 443);
                    assertThat(nothingDelivered(lab.sim().send(at, spoofedMac))).isTrue();
                }
                Packet bare = Packet.ip(attacker.mac().orElseThrow(), Ipv4Address.parse("203.0.113.66"),
                        victim.mac().orElseThrow(), victim.primaryAddress().orElseThrow(), Protocol.UDP, 5, 53);
                assertThat(nothingDelivered(lab.sim().send(at, bare))).isTrue();
            }
            // a managed address arriving from the gateway is spoofed too
            Packet viaGateway = Packet.ip(Lab.GATEWAY_MAC, attacker.primaryAddress().orElseThrow(),
                    attacker.mac().orElseThrow(), workloads.get(0).primaryAddress().orElseThrow(), Protocol.TCP, 7, 443);
            assertThat(nothingDelivered(lab.sim().send(lab.view().gateway().orElseThrow(), viaGateway))).isTrue();
        }
        long metered = lab.view().switches().stream()
                .mapToLong(dpid -> lab.sim().switchAt(dpid).meterPackets(Meters.UNKNOWN_HOST)).sum();
        assertThat(metered).isPositive();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void unknownPortsInvalidPacketsLldpAndArp(long seed) {
        Random random = new Random(seed);
        Lab lab = new Lab(ThreeTierExample.model(), 1 + random.nextInt(3), false, random);
        Workload lb = lab.model().workloads().get(0);
        Workload web1 = lab.model().workloads().get(1);
        ConnectPoint lbAt = lab.view().locate(lb).orElseThrow();
        ConnectPoint webAt = lab.view().locate(web1).orElseThrow();
        Packet ok = Packet.ip(lb.mac().orElseThrow(), lb.primaryAddress().orElseThrow(), web1.mac().orElseThrow(),
                web1.primaryAddress().orElseThrow(), Protocol.TCP, 41000, 443);

        ConnectPoint unknownPort = ConnectPoint.of(lbAt.dpid(), PortNumber.of(77));
        NetworkSimulator.Trace fromNowhere = lab.sim().send(unknownPort, ok);
        assertThat(nothingDelivered(fromNowhere)).isTrue();
        assertThat(punted(fromNowhere)).isTrue();

        assertThat(nothingDelivered(lab.sim().send(lbAt, ok.asInvalid()))).isTrue();
        assertThat(lab.sim().send(lbAt, ok).deliveredAt(webAt)).isTrue();

        // LLDP from a workload's port is dropped in the switch (a workload port is never a trunk): no packet-in
        NetworkSimulator.Trace lldp = lab.sim().send(lbAt, Packet.lldp(MacAddress.parse("02:aa:00:00:00:01")));
        assertThat(nothingDelivered(lldp)).isTrue();
        assertThat(lldp.packetIns()).isEmpty();
        assertThat(lab.sim().switchAt(lbAt.dpid()).meterPackets(Meters.LLDP)).isZero();
        // from a port without a workload it goes to discovery, through the LLDP meter
        NetworkSimulator.Trace probe = lab.sim().send(unknownPort, Packet.lldp(MacAddress.parse("02:aa:00:00:00:01")));
        assertThat(nothingDelivered(probe)).isTrue();
        assertThat(probe.packetIns()).singleElement().satisfies(in -> assertThat(in.table()).isEqualTo(Tables.PORT_SECURITY));
        assertThat(lab.sim().switchAt(lbAt.dpid()).meterPackets(Meters.LLDP)).isEqualTo(1);

        Packet arp = Packet.arpRequest(lb.mac().orElseThrow(), lb.primaryAddress().orElseThrow(),
                web1.primaryAddress().orElseThrow());
        NetworkSimulator.Trace request = lab.sim().send(lbAt, arp);
        assertThat(request.delivered()).as("answered by the switch on the asker's port, never flooded")
                .containsExactly(lbAt);
        Packet spoofedArp = arp.with(MatchField.ARP_SPA, web1.primaryAddress().orElseThrow().unsigned());
        assertThat(nothingDelivered(lab.sim().send(lbAt, spoofedArp))).isTrue();
    }
}
