package io.microseg.topology.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Ipv4Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FiveTupleTest {

    /** Ethernet + IPv4 (20 bytes) + 4 bytes of transport header. */
    static byte[] frame(int protocol, int sport, int dport) {
        byte[] f = new byte[14 + 20 + 8];
        f[12] = 0x08;
        f[13] = 0x00;
        f[14] = 0x45;
        f[14 + 9] = (byte) protocol;
        byte[] src = Ipv4Address.parse("10.0.0.1").toBytes();
        byte[] dst = Ipv4Address.parse("10.0.0.2").toBytes();
        System.arraycopy(src, 0, f, 14 + 12, 4);
        System.arraycopy(dst, 0, f, 14 + 16, 4);
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        return f;
    }

    @Test
    void readsTcpAndUdpPorts() {
        FiveTuple tcp = FiveTuple.parse(frame(6, 40000, 3306)).orElseThrow();
        assertThat(tcp).isEqualTo(new FiveTuple(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 6, 40000, 3306));
        assertThat(tcp.toString()).contains("TCP/3306");
        assertThat(FiveTuple.parse(frame(17, 5353, 514)).orElseThrow().destinationPort()).isEqualTo(514);
    }

    @Test
    void icmpTypeAndCodeStandInForPorts() {
        FiveTuple icmp = FiveTuple.parse(frame(1, 8 << 8, 0)).orElseThrow(); // type 8 (echo request), code 0
        assertThat(icmp.sourcePort()).isEqualTo(8);
        assertThat(icmp.protocolName()).isEqualTo("ICMP");
    }

    @Test
    void truncatedOrForeignFramesGiveEmptyWithoutThrowing() {
        byte[] full = frame(6, 1, 2);
        for (int length = 0; length < 34; length++) {
            assertThat(FiveTuple.parse(Arrays.copyOf(full, length))).as("length %d", length).isEmpty();
        }
        byte[] arp = frame(6, 1, 2);
        arp[13] = 0x06;
        assertThat(FiveTuple.parse(arp)).isEmpty();
        assertThat(FiveTuple.parse(null)).isEmpty();
        assertThat(FiveTuple.parse(Arrays.copyOf(full, 34)).orElseThrow().destinationPort()).isZero();
    }
}
