package io.microseg.topology.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Ipv4Address;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpErrorTest {
    static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    static final Ipv4Address C = Ipv4Address.parse("10.0.0.3");

    /** Ethernet + IPv4 from -> to + ICMP type/code + the quoted IPv4 header and 8 bytes (UDP qs:40000 -> qd:5353). */
    static byte[] error(Ipv4Address from, Ipv4Address to, int type, Ipv4Address qs, Ipv4Address qd) {
        byte[] f = new byte[14 + 20 + 8 + 20 + 8];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 9] = 1;
        System.arraycopy(from.toBytes(), 0, f, 26, 4);
        System.arraycopy(to.toBytes(), 0, f, 30, 4);
        f[34] = (byte) type;
        f[35] = 3;
        int inner = 42;
        f[inner] = 0x45;
        f[inner + 9] = 17;
        System.arraycopy(qs.toBytes(), 0, f, inner + 12, 4);
        System.arraycopy(qd.toBytes(), 0, f, inner + 16, 4);
        f[inner + 20] = (byte) (40000 >> 8);
        f[inner + 21] = (byte) 40000;
        f[inner + 22] = (byte) (5353 >> 8);
        f[inner + 23] = (byte) 5353;
        return f;
    }

    @Test
    void thePeersPortUnreachableIsFromTheQuotedPeer() {
        IcmpError error = IcmpError.parse(error(B, A, 3, A, B)).orElseThrow();
        assertThat(error.quoted()).isEqualTo(new FiveTuple(A, B, 17, 40000, 5353));
        assertThat(error.type()).isEqualTo(3);
        assertThat(error.code()).isEqualTo(3);
        assertThat(error.fromQuotedPeer()).isTrue();
    }

    @Test
    void aThirdHostQuotingTheConnectionIsNot() {
        assertThat(IcmpError.parse(error(C, A, 3, A, B)).orElseThrow().fromQuotedPeer()).isFalse();
        assertThat(IcmpError.parse(error(B, C, 3, A, B)).orElseThrow().fromQuotedPeer()).isFalse();
        assertThat(IcmpError.parse(error(B, A, 11, A, B)).orElseThrow().fromQuotedPeer()).isTrue();
    }

    @Test
    void notAnErrorOrTooShortGivesEmpty() {
        assertThat(IcmpError.parse(error(B, A, 8, A, B))).isEmpty(); // echo request
        assertThat(IcmpError.parse(error(B, A, 0, A, B))).isEmpty(); // echo reply
        byte[] full = error(B, A, 3, A, B);
        for (int length = 0; length < 42 + 20; length++) {
            assertThat(IcmpError.parse(Arrays.copyOf(full, length))).as("length %d", length).isEmpty();
        }
        assertThat(IcmpError.parse(FiveTupleTest.frame(17, 1, 2))).isEmpty();
    }
}
