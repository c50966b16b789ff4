package io.microseg.controller.discovery;

import io.microseg.controller.openflow.PortInfo;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Frames and port lists for discovery tests. */
final class TestFrames {
    private TestFrames() {
    }

    /** An ARP request from {@code sender} claiming {@code ip}. */
    static byte[] arp(MacAddress sender, String ip) {
        ByteBuffer out = ByteBuffer.allocate(60);
        out.put(MacAddress.BROADCAST.toBytes()).put(sender.toBytes()).putShort((short) 0x0806);
        out.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        out.put(sender.toBytes()).put(Ipv4Address.parse(ip).toBytes());
        out.put(new byte[6]).put(Ipv4Address.parse("10.0.0.254").toBytes());
        return out.array();
    }

    /** Ports 1..n up, plus LOCAL, with MACs derived from the switch and port. */
    static List<PortInfo> ports(long dpid, int n) {
        List<PortInfo> out = new ArrayList<>();
        for (int p = 1; p <= n; p++) {
            out.add(new PortInfo(PortNumber.of(p), "s" + dpid + "-p" + p, MacAddress.of(0x0200_0000_0000L | dpid << 8 | p), true));
        }
        out.add(new PortInfo(PortNumber.LOCAL, "s" + dpid, MacAddress.of(0x0200_0000_0000L | dpid << 8), true));
        return out;
    }

    static PortInfo port(long dpid, int p, boolean up) {
        return new PortInfo(PortNumber.of(p), "s" + dpid + "-p" + p, MacAddress.of(0x0200_0000_0000L | dpid << 8 | p), up);
    }
}
