package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.conntrack.RelatedPackets;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraResubmitTable;
import org.projectfloodlight.openflow.types.OFPort;

/** Related packets at the controller: only an ICMP error from the quoted packet's peer goes back into its switch. */
class RelatedPacketsTest {
    static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    static final Ipv4Address C = Ipv4Address.parse("10.0.0.3");
    static final long SKELETON = Cookie.of(FlowCategory.SKELETON, 0).value();

    /** Ethernet + IPv4 from -> to, ICMP port unreachable, quoting UDP qs:40000 -> qd:5353. */
    static byte[] error(Ipv4Address from, Ipv4Address to, Ipv4Address qs, Ipv4Address qd) {
        byte[] f = new byte[14 + 20 + 8 + 20 + 8];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 9] = 1;
        System.arraycopy(from.toBytes(), 0, f, 26, 4);
        System.arraycopy(to.toBytes(), 0, f, 30, 4);
        f[34] = 3;
        f[35] = 3;
        f[42] = 0x45;
        f[42 + 9] = 17;
        System.arraycopy(qs.toBytes(), 0, f, 42 + 12, 4);
        System.arraycopy(qd.toBytes(), 0, f, 42 + 16, 4);
        return f;
    }

    private static List<OFMessage> after(RelatedPackets related, FakeSwitch sw, PacketIn packet) {
        sw.drain();
        related.packetIn(sw.session(), packet);
        return sw.drain();
    }

    @Test
    void anErrorFromThePeerIsResubmittedToForwardingFromItsPort() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        RelatedPackets related = new RelatedPackets();
        byte[] genuine = error(B, A, A, B);

        List<OFMessage> sent = after(related, sw, new PacketIn(PortNumber.of(2), Tables.CONNTRACK_STATE, SKELETON, genuine));

        assertThat(sent).hasSize(1);
        OFPacketOut out = (OFPacketOut) sent.get(0);
        assertThat(out.getInPort()).isEqualTo(OFPort.of(2));
        assertThat(out.getData()).isEqualTo(genuine);
        OFActionNiciraResubmitTable resubmit = (OFActionNiciraResubmitTable) out.getActions().get(0);
        assertThat(resubmit.getTable()).isEqualTo((short) Tables.FORWARD);
        assertThat(resubmit.getInPort()).isEqualTo(0xfff8);
        assertThat(related.forwardedCount()).isEqualTo(1);
    }

    @Test
    void aThirdHostsForgeryAndAnythingElseIsDropped() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        RelatedPackets related = new RelatedPackets();

        assertThat(after(related, sw, new PacketIn(PortNumber.of(3), Tables.CONNTRACK_STATE, SKELETON,
                error(C, A, A, B)))).isEmpty();
        assertThat(after(related, sw, new PacketIn(PortNumber.of(3), Tables.CONNTRACK_STATE, SKELETON,
                new byte[20]))).isEmpty();
        assertThat(related.refusedCount()).isEqualTo(2);
        // packet-ins of other tables (reports, unknown hosts) are not this listener's
        assertThat(after(related, sw, new PacketIn(PortNumber.of(2), Tables.REPORT, SKELETON, error(B, A, A, B))))
                .isEmpty();
        assertThat(related.forwardedCount() + related.refusedCount()).isEqualTo(2);
    }
}
