package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Table 0 polices IPv4 and ARP only: a VLAN-tagged frame (policed on its inner packet, delivered still tagged) is
 * dropped unless tagged frames are allowed, and every other ethertype (IPv6, raw types) is dropped in the switch,
 * counted, without a packet-in per frame.
 */
class EthertypeTest {
    private static final DatapathId S1 = DatapathId.of(1);

    private record Sent(Lab lab, Workload lb, Workload web1, ConnectPoint lbAt, ConnectPoint webAt, Packet allowed) {
        SwitchSimulator sw() {
            return lab.sim().switchAt(S1);
        }

        long packets(int priority) {
            return sw().counters().entrySet().stream()
                    .filter(e -> e.getKey().table() == Tables.PORT_SECURITY && e.getKey().priority() == priority)
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static Sent lab(DataPlaneOptions options) {
        Lab lab = new Lab(ThreeTierExample.model(), List.of(S1), false, new Random(1), options);
        Workload lb = lab.model().workloads().get(0);
        Workload web1 = lab.model().workloads().get(1);
        ConnectPoint lbAt = lab.view().locate(lb).orElseThrow();
        ConnectPoint webAt = lab.view().locate(web1).orElseThrow();
        Packet allowed = Packet.ip(lb.mac().orElseThrow(), lb.primaryAddress().orElseThrow(), web1.mac().orElseThrow(),
                web1.primaryAddress().orElseThrow(), Protocol.TCP, 41000, 443);
        return new Sent(lab, lb, web1, lbAt, webAt, allowed);
    }

    private static Packet raw(Workload from, Workload to, int ethType) {
        return new Packet(Map.of(MatchField.ETH_SRC, from.mac().orElseThrow().value(),
                MatchField.ETH_DST, to.mac().orElseThrow().value(), MatchField.ETH_TYPE, (long) ethType), false, 0);
    }

    @Test
    void aTaggedFrameCarryingAnAllowedPacketIsDroppedAndCounted() {
        Sent s = lab(DataPlaneOptions.DEFAULTS);
        Packet tagged = s.allowed().with(MatchField.VLAN_VID, FlowMatch.VLAN_PRESENT | 42);
        NetworkSimulator.Trace trace = s.lab().sim().send(s.lbAt(), tagged);
        assertThat(trace.delivered()).isEmpty();
        assertThat(trace.packetIns()).isEmpty();
        assertThat(trace.path()).singleElement().satisfies(flow -> {
            assertThat(flow.priority()).isEqualTo(Priorities.TAGGED_FRAME);
            assertThat(flow.instructions()).isEmpty();
        });
        assertThat(s.packets(Priorities.TAGGED_FRAME)).isEqualTo(1);
        assertThat(s.lab().sim().send(s.lbAt(), s.allowed()).deliveredAt(s.webAt())).as("untagged: delivered").isTrue();
    }

    @Test
    void taggedFramesPassWhenTheOperatorAllowsThem() {
        Sent s = lab(new DataPlaneOptions(false, Map.of()));
        assertThat(s.lab().compiled().flowsOf(S1)).noneMatch(f -> f.priority() == Priorities.TAGGED_FRAME
                && f.table() == Tables.PORT_SECURITY);
        Packet tagged = s.allowed().with(MatchField.VLAN_VID, FlowMatch.VLAN_PRESENT | 42);
        assertThat(s.lab().sim().send(s.lbAt(), tagged).deliveredAt(s.webAt())).isTrue();
    }

    @Test
    void ipv6AndRawEthertypesAreDroppedInTheSwitchWithoutAPacketIn() {
        Sent s = lab(DataPlaneOptions.DEFAULTS);
        for (int ethType : List.of(0x86dd, 0x88b5, 0x8035, 0x8847)) {
            NetworkSimulator.Trace trace = s.lab().sim().send(s.lbAt(), raw(s.lb(), s.web1(), ethType));
            assertThat(trace.delivered()).as("0x%04x", ethType).isEmpty();
            assertThat(trace.packetIns()).as("0x%04x", ethType).isEmpty();
            FlowEntry dropped = trace.path().get(0);
            assertThat(dropped.priority()).isEqualTo(Priorities.MISS);
            assertThat(dropped.match()).isEqualTo(FlowMatch.any());
            assertThat(dropped.instructions()).isEmpty();
        }
        // from a port nobody is registered on too
        NetworkSimulator.Trace stranger = s.lab().sim().send(ConnectPoint.of(S1, PortNumber.of(77)),
                raw(s.lb(), s.web1(), 0x86dd));
        assertThat(stranger.packetIns()).isEmpty();
        assertThat(s.packets(Priorities.MISS)).isEqualTo(5);
    }

    @Test
    void unknownIpv4AndArpAreStillReportedThroughTheMeter() {
        Sent s = lab(DataPlaneOptions.DEFAULTS);
        ConnectPoint unknown = ConnectPoint.of(S1, PortNumber.of(77));
        assertThat(s.lab().sim().send(unknown, s.allowed()).packetIns()).singleElement()
                .satisfies(in -> assertThat(in.table()).isEqualTo(Tables.PORT_SECURITY));
        Packet arp = Packet.arpRequest(s.lb().mac().orElseThrow(), Ipv4Address.parse("10.9.9.9"),
                s.web1().primaryAddress().orElseThrow());
        assertThat(s.lab().sim().send(unknown, arp).packetIns()).hasSize(1);
        assertThat(s.packets(Priorities.UNKNOWN_HOST)).isEqualTo(2);
    }
}
