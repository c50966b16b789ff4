package io.microseg.topology.packet;

import io.microseg.topology.Ipv4Address;
import java.util.Optional;

/**
 * The connection an IPv4 frame belongs to: addresses, protocol and (for TCP, UDP and SCTP)
 * ports; for ICMP the type and code stand in the port fields. Parsed from plain bytes, never
 * throws: a frame too short or not IPv4 gives empty.
 */
public record FiveTuple(Ipv4Address source, Ipv4Address destination, int protocol, int sourcePort, int destinationPort) {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;

    public static Optional<FiveTuple> parse(byte[] frame) {
        if (frame == null || frame.length < 14) {
            return Optional.empty();
        }
        int offset = 12;
        int etherType = u16(frame, offset);
        while ((etherType == FrameAddresses.ETHERTYPE_VLAN || etherType == FrameAddresses.ETHERTYPE_QINQ)
                && frame.length >= offset + 6) {
            offset += 4;
            etherType = u16(frame, offset);
        }
        if (etherType != FrameAddresses.ETHERTYPE_IPV4) {
            return Optional.empty();
        }
        return atIp(frame, offset + 2);
    }

    /** The tuple of the IPv4 packet starting at {@code ip} in {@code bytes} (a frame, or an ICMP error's quote). */
    static Optional<FiveTuple> atIp(byte[] frame, int ip) {
        if (frame.length < ip + 20 || (frame[ip] & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int headerLength = (frame[ip] & 0x0f) * 4;
        if (headerLength < 20 || frame.length < ip + headerLength) {
            return Optional.empty();
        }
        int protocol = frame[ip + 9] & 0xff;
        Ipv4Address source = Ipv4Address.of(u32(frame, ip + 12));
        Ipv4Address destination = Ipv4Address.of(u32(frame, ip + 16));
        boolean firstFragment = (u16(frame, ip + 6) & 0x1fff) == 0;
        int l4 = ip + headerLength;
        int sourcePort = 0;
        int destinationPort = 0;
        if (firstFragment && (protocol == TCP || protocol == UDP || protocol == SCTP) && frame.length >= l4 + 4) {
            sourcePort = u16(frame, l4);
            destinationPort = u16(frame, l4 + 2);
        } else if (firstFragment && protocol == ICMP && frame.length >= l4 + 2) {
            sourcePort = frame[l4] & 0xff;
            destinationPort = frame[l4 + 1] & 0xff;
        }
        return Optional.of(new FiveTuple(source, destination, protocol, sourcePort, destinationPort));
    }

    public String protocolName() {
        return switch (protocol) {
            case ICMP -> "ICMP";
            case TCP -> "TCP";
            case UDP -> "UDP";
            case SCTP -> "SCTP";
            default -> "IP" + protocol;
        };
    }

    @Override
    public String toString() {
        if (protocol == ICMP) {
            return source + " -> " + destination + " ICMP type " + sourcePort + " code " + destinationPort;
        }
        return source + " -> " + destination + " " + protocolName() + "/" + destinationPort + " (from port " + sourcePort + ")";
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static int u32(byte[] b, int i) {
        return (u16(b, i) << 16) | u16(b, i + 2);
    }
}
