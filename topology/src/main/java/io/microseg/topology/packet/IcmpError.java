package io.microseg.topology.packet;

import io.microseg.topology.Ipv4Address;
import java.util.Optional;

/**
 * An ICMP error (destination unreachable, source quench, redirect, time exceeded, parameter problem) in an IPv4
 * frame: who sent it to whom, and the packet it quotes. Parsed from plain bytes, never throws: anything else, or a
 * frame too short to hold the quoted addresses, gives empty.
 */
public record IcmpError(Ipv4Address source, Ipv4Address destination, int type, int code, FiveTuple quoted) {

    /** Whether {@code type} is an ICMP error message (one that quotes the packet that caused it). */
    public static boolean isError(int type) {
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    public static Optional<IcmpError> parse(byte[] frame) {
        Optional<FiveTuple> outer = FiveTuple.parse(frame);
        if (outer.isEmpty() || outer.get().protocol() != FiveTuple.ICMP || !isError(outer.get().sourcePort())) {
            return Optional.empty();
        }
        int offset = 12;
        while (FiveTuple.u16(frame, offset) == FrameAddresses.ETHERTYPE_VLAN
                || FiveTuple.u16(frame, offset) == FrameAddresses.ETHERTYPE_QINQ) {
            offset += 4;
        }
        int ip = offset + 2;
        int quote = ip + (frame[ip] & 0x0f) * 4 + 8; // after the outer header and the 8 bytes of ICMP header
        return FiveTuple.atIp(frame, quote).map(inner -> new IcmpError(outer.get().source(),
                outer.get().destination(), outer.get().sourcePort(), outer.get().destinationPort(), inner));
    }

    /**
     * Whether the error comes from the host the quoted packet was sent to and goes back to its sender: what a
     * connection's own peer sends (port unreachable, for one), as opposed to a third host quoting a connection it
     * is not part of.
     */
    public boolean fromQuotedPeer() {
        return source.equals(quoted.destination()) && destination.equals(quoted.source());
    }

    @Override
    public String toString() {
        return "ICMP type " + type + " code " + code + " " + source + " -> " + destination + " quoting " + quoted;
    }
}
