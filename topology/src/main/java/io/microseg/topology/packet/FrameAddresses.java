package io.microseg.topology.packet;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What a received Ethernet frame tells about its sender: destination and source MAC, the
 * EtherType after up to two VLAN tags, and the sender's IPv4 address when the frame is ARP
 * (sender protocol address) or IPv4 (source address). An address that cannot belong to one host
 * (0.0.0.0 of DHCP and ARP probes, multicast, limited broadcast) is left out. Parsing checks
 * every length first: a short or odd frame gives {@link Optional#empty()} or no IP, never an exception.
 */
public record FrameAddresses(MacAddress destination, MacAddress source, int etherType, Optional<Ipv4Address> senderIp) {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERNET_HEADER = 14;
    private static final int MAX_TAGS = 2;

    public FrameAddresses {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(senderIp, "senderIp");
        if (etherType < 0 || etherType > 0xffff) {
            throw new IllegalArgumentException("EtherType must fit 16 bits: " + etherType);
        }
    }

    /** Reads the headers of {@code frame}; empty when it is too short to hold an Ethernet header. */
    public static Optional<FrameAddresses> parse(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length < ETHERNET_HEADER) {
            return Optional.empty();
        }
        int typeAt = 12;
        int etherType = u16(frame, typeAt);
        for (int tags = 0; tags < MAX_TAGS && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ); tags++) {
            typeAt += 4;
            if (typeAt + 2 > frame.length) {
                return Optional.empty();
            }
            etherType = u16(frame, typeAt);
        }
        int payload = typeAt + 2;
        Optional<Ipv4Address> ip = switch (etherType) {
            case ETHERTYPE_ARP -> arpSender(frame, payload);
            case ETHERTYPE_IPV4 -> ipv4Source(frame, payload);
            default -> Optional.empty();
        };
        return Optional.of(new FrameAddresses(MacAddress.fromBytes(frame, 0), MacAddress.fromBytes(frame, 6), etherType,
                ip.filter(FrameAddresses::isHostAddress)));
    }

    /** True for a unicast source MAC other than all zeros: one that can name a host. */
    public boolean hasHostSource() {
        return !source.isMulticast() && source.value() != 0;
    }

    /** 01:80:c2:00:00:00-0f: link-local protocols (STP, LACP, LLDP) that bridges never forward. */
    public boolean isLinkLocalDestination() {
        return (destination.value() & ~0xfL) == 0x0180c2000000L;
    }

    private static Optional<Ipv4Address> arpSender(byte[] frame, int at) {
        // htype 1 (Ethernet), ptype IPv4, hlen 6, plen 4; then op, sha(6), spa(4).
        if (at + 28 > frame.length || u16(frame, at) != 1 || u16(frame, at + 2) != ETHERTYPE_IPV4
                || frame[at + 4] != 6 || frame[at + 5] != 4) {
            return Optional.empty();
        }
        return Optional.of(Ipv4Address.of(i32(frame, at + 14)));
    }

    private static Optional<Ipv4Address> ipv4Source(byte[] frame, int at) {
        if (at + 20 > frame.length || (frame[at] & 0xf0) != 0x40 || (frame[at] & 0x0f) < 5) {
            return Optional.empty();
        }
        return Optional.of(Ipv4Address.of(i32(frame, at + 12)));
    }

    private static boolean isHostAddress(Ipv4Address ip) {
        int first = (ip.value() >>> 24) & 0xff;
        return ip.value() != 0 && ip.value() != -1 && (first < 224 || first > 239);
    }

    private static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    private static int i32(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }
}
