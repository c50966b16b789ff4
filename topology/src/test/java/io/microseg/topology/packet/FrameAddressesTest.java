package io.microseg.topology.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameAddressesTest {
    private static final MacAddress HOST = MacAddress.parse("02:00:00:00:00:0a");

    @Test
    void arpRequestGivesTheSenderProtocolAddress() {
        FrameAddresses parsed = FrameAddresses.parse(arp(HOST, "10.0.0.10")).orElseThrow();
        assertThat(parsed.source()).isEqualTo(HOST);
        assertThat(parsed.destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(parsed.etherType()).isEqualTo(FrameAddresses.ETHERTYPE_ARP);
        assertThat(parsed.senderIp()).contains(Ipv4Address.parse("10.0.0.10"));
        assertThat(parsed.hasHostSource()).isTrue();
    }

    @Test
    void arpProbeFromZeroAddressHasNoIp() {
        assertThat(FrameAddresses.parse(arp(HOST, "0.0.0.0")).orElseThrow().senderIp()).isEmpty();
    }

    @Test
    void ipv4GivesTheSourceAddressAlsoBehindAVlanTag() {
        assertThat(FrameAddresses.parse(ipv4(HOST, "192.168.1.7", false)).orElseThrow().senderIp())
                .contains(Ipv4Address.parse("192.168.1.7"));
        FrameAddresses tagged = FrameAddresses.parse(ipv4(HOST, "192.168.1.8", true)).orElseThrow();
        assertThat(tagged.etherType()).isEqualTo(FrameAddresses.ETHERTYPE_IPV4);
        assertThat(tagged.senderIp()).contains(Ipv4Address.parse("192.168.1.8"));
    }

    @Test
    void multicastAndBroadcastSourcesAreNoHostAddresses() {
        assertThat(FrameAddresses.parse(ipv4(HOST, "224.0.0.251", false)).orElseThrow().senderIp()).isEmpty();
        assertThat(FrameAddresses.parse(ipv4(HOST, "255.255.255.255", false)).orElseThrow().senderIp()).isEmpty();
    }

    @Test
    void everyTruncationIsEmptyOrIpLessNeverAnException() {
        byte[] full = ipv4(HOST, "10.1.2.3", true);
        for (int length = 0; length < full.length; length++) {
            Optional<FrameAddresses> parsed = FrameAddresses.parse(Arrays.copyOf(full, length));
            if (length < 14) {
                assertThat(parsed).isEmpty();
            } else {
                parsed.ifPresent(p -> assertThat(p.senderIp()).isEmpty());
            }
        }
    }

    @Test
    void lldpDestinationIsLinkLocalAndMulticastSourceIsNoHost() {
        byte[] frame = new byte[60];
        System.arraycopy(MacAddress.parse("01:80:c2:00:00:0e").toBytes(), 0, frame, 0, 6);
        System.arraycopy(MacAddress.parse("01:00:5e:00:00:01").toBytes(), 0, frame, 6, 6);
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xcc;
        FrameAddresses parsed = FrameAddresses.parse(frame).orElseThrow();
        assertThat(parsed.isLinkLocalDestination()).isTrue();
        assertThat(parsed.hasHostSource()).isFalse();
    }

    static byte[] arp(MacAddress sender, String ip) {
        ByteBuffer out = ByteBuffer.allocate(60);
        out.put(MacAddress.BROADCAST.toBytes()).put(sender.toBytes()).putShort((short) 0x0806);
        out.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        out.put(sender.toBytes()).put(Ipv4Address.parse(ip).toBytes());
        out.put(new byte[6]).put(Ipv4Address.parse("10.0.0.1").toBytes());
        return out.array();
    }

    static byte[] ipv4(MacAddress sender, String src, boolean vlan) {
        ByteBuffer out = ByteBuffer.allocate(64);
        out.put(MacAddress.parse("02:00:00:00:00:01").toBytes()).put(sender.toBytes());
        if (vlan) {
            out.putShort((short) 0x8100).putShort((short) 10);
        }
        out.putShort((short) 0x0800);
        out.put((byte) 0x45).put((byte) 0).putShort((short) 20).putInt(0).put((byte) 64).put((byte) 17).putShort((short) 0);
        out.put(Ipv4Address.parse(src).toBytes()).put(Ipv4Address.parse("10.0.0.1").toBytes());
        return Arrays.copyOf(out.array(), out.position());
    }
}
