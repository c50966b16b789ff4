package io.microseg.flowrules.sim;

import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * A packet as the simulator sees it: header fields by {@link MatchField}, plus whether conntrack should find it
 * invalid (a bad TCP state or checksum, which the simulator cannot derive from headers alone), and the ICMP echo id
 * conntrack tells pings apart by.
 */
public record Packet(Map<MatchField, Long> headers, boolean invalid, long icmpId) {

    public Packet {
        headers = Map.copyOf(headers);
    }

    public static Packet ip(MacAddress srcMac, Ipv4Address src, MacAddress dstMac, Ipv4Address dst, Protocol protocol,
            int srcPort, int dstPort) {
        Map<MatchField, Long> h = new EnumMap<>(MatchField.class);
        h.put(MatchField.ETH_SRC, srcMac.value());
        h.put(MatchField.ETH_DST, dstMac.value());
        h.put(MatchField.ETH_TYPE, (long) MatchField.EthType.IPV4);
        h.put(MatchField.IPV4_SRC, src.unsigned());
        h.put(MatchField.IPV4_DST, dst.unsigned());
        h.put(MatchField.IP_PROTO, (long) protocol.ipProtocol());
        switch (protocol) {
            case TCP -> {
                h.put(MatchField.TCP_SRC, (long) srcPort);
                h.put(MatchField.TCP_DST, (long) dstPort);
            }
            case UDP -> {
                h.put(MatchField.UDP_SRC, (long) srcPort);
                h.put(MatchField.UDP_DST, (long) dstPort);
            }
            case SCTP -> {
                h.put(MatchField.SCTP_SRC, (long) srcPort);
                h.put(MatchField.SCTP_DST, (long) dstPort);
            }
            case ICMP -> {
                h.put(MatchField.ICMPV4_TYPE, 8L);
                h.put(MatchField.ICMPV4_CODE, 0L);
            }
        }
        return new Packet(h, false, protocol == Protocol.ICMP ? srcPort : 0);
    }

    public static Packet arpRequest(MacAddress srcMac, Ipv4Address src, Ipv4Address target) {
        Map<MatchField, Long> h = new EnumMap<>(MatchField.class);
        h.put(MatchField.ETH_SRC, srcMac.value());
        h.put(MatchField.ETH_DST, MacAddress.BROADCAST.value());
        h.put(MatchField.ETH_TYPE, (long) MatchField.EthType.ARP);
        h.put(MatchField.ARP_OP, 1L);
        h.put(MatchField.ARP_SPA, src.unsigned());
        h.put(MatchField.ARP_TPA, target.unsigned());
        h.put(MatchField.ARP_SHA, srcMac.value());
        h.put(MatchField.ARP_THA, 0L);
        return new Packet(h, false, 0);
    }

    public static Packet lldp(MacAddress srcMac) {
        Map<MatchField, Long> h = new EnumMap<>(MatchField.class);
        h.put(MatchField.ETH_SRC, srcMac.value());
        h.put(MatchField.ETH_DST, 0x0180c200000eL);
        h.put(MatchField.ETH_TYPE, (long) MatchField.EthType.LLDP);
        return new Packet(h, false, 0);
    }

    public long get(MatchField field) {
        Long value = headers.get(field);
        if (value == null) {
            throw new IllegalArgumentException("packet has no " + field);
        }
        return value;
    }

    public Packet asInvalid() {
        return new Packet(headers, true, icmpId);
    }

    /** The reply: addresses and ports swapped (ICMP echo reply). */
    public Packet reply() {
        Map<MatchField, Long> h = new EnumMap<>(headers);
        swap(h, MatchField.ETH_SRC, MatchField.ETH_DST);
        swap(h, MatchField.IPV4_SRC, MatchField.IPV4_DST);
        swap(h, MatchField.TCP_SRC, MatchField.TCP_DST);
        swap(h, MatchField.UDP_SRC, MatchField.UDP_DST);
        swap(h, MatchField.SCTP_SRC, MatchField.SCTP_DST);
        if (h.containsKey(MatchField.ICMPV4_TYPE)) {
            h.put(MatchField.ICMPV4_TYPE, 0L);
        }
        return new Packet(h, invalid, icmpId);
    }

    /** This packet with one header changed (spoofing). */
    public Packet with(MatchField field, long value) {
        Map<MatchField, Long> h = new EnumMap<>(headers);
        h.put(field, value);
        return new Packet(h, invalid, icmpId);
    }

    private static void swap(Map<MatchField, Long> h, MatchField a, MatchField b) {
        Long x = h.get(a);
        Long y = h.get(b);
        if (x != null && y != null) {
            h.put(a, y);
            h.put(b, x);
        }
    }
}
