package io.microseg.controller.translate;

import io.microseg.flowrules.flow.MatchField;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.ICMPv4Code;
import org.projectfloodlight.openflow.types.ICMPv4Type;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFMetadata;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U16;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/** How each of our match fields maps to a Loxi field, and how its value converts both ways. */
@SuppressWarnings({"rawtypes", "unchecked"})
record LoxiField(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi,
                 LongFunction<OFValueType> toLoxi, ToLongFunction<OFValueType> fromLoxi) {

    private static final Map<MatchField, LoxiField> BY_OURS = new EnumMap<>(MatchField.class);
    private static final Map<String, LoxiField> BY_LOXI = new HashMap<>();

    static {
        add(MatchField.IN_PORT, org.projectfloodlight.openflow.protocol.match.MatchField.IN_PORT,
                v -> OFPort.ofInt((int) v), v -> Integer.toUnsignedLong(((OFPort) v).getPortNumber()));
        mac(MatchField.ETH_SRC, org.projectfloodlight.openflow.protocol.match.MatchField.ETH_SRC);
        mac(MatchField.ETH_DST, org.projectfloodlight.openflow.protocol.match.MatchField.ETH_DST);
        add(MatchField.VLAN_VID, org.projectfloodlight.openflow.protocol.match.MatchField.VLAN_VID,
                v -> OFVlanVidMatch.ofRawVid((short) v), v -> ((OFVlanVidMatch) v).getRawVid() & 0x1fffL);
        add(MatchField.ETH_TYPE, org.projectfloodlight.openflow.protocol.match.MatchField.ETH_TYPE,
                v -> EthType.of((int) v), v -> ((EthType) v).getValue());
        add(MatchField.ARP_OP, org.projectfloodlight.openflow.protocol.match.MatchField.ARP_OP,
                v -> ArpOpcode.of((int) v), v -> ((ArpOpcode) v).getOpcode());
        ip(MatchField.ARP_SPA, org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SPA);
        ip(MatchField.ARP_TPA, org.projectfloodlight.openflow.protocol.match.MatchField.ARP_TPA);
        mac(MatchField.ARP_SHA, org.projectfloodlight.openflow.protocol.match.MatchField.ARP_SHA);
        mac(MatchField.ARP_THA, org.projectfloodlight.openflow.protocol.match.MatchField.ARP_THA);
        ip(MatchField.IPV4_SRC, org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_SRC);
        ip(MatchField.IPV4_DST, org.projectfloodlight.openflow.protocol.match.MatchField.IPV4_DST);
        add(MatchField.IP_PROTO, org.projectfloodlight.openflow.protocol.match.MatchField.IP_PROTO,
                v -> IpProtocol.of((short) v), v -> ((IpProtocol) v).getIpProtocolNumber());
        port(MatchField.TCP_SRC, org.projectfloodlight.openflow.protocol.match.MatchField.TCP_SRC);
        port(MatchField.TCP_DST, org.projectfloodlight.openflow.protocol.match.MatchField.TCP_DST);
        port(MatchField.UDP_SRC, org.projectfloodlight.openflow.protocol.match.MatchField.UDP_SRC);
        port(MatchField.UDP_DST, org.projectfloodlight.openflow.protocol.match.MatchField.UDP_DST);
        port(MatchField.SCTP_SRC, org.projectfloodlight.openflow.protocol.match.MatchField.SCTP_SRC);
        port(MatchField.SCTP_DST, org.projectfloodlight.openflow.protocol.match.MatchField.SCTP_DST);
        add(MatchField.ICMPV4_TYPE, org.projectfloodlight.openflow.protocol.match.MatchField.ICMPV4_TYPE,
                v -> ICMPv4Type.of((short) v), v -> ((ICMPv4Type) v).getType());
        add(MatchField.ICMPV4_CODE, org.projectfloodlight.openflow.protocol.match.MatchField.ICMPV4_CODE,
                v -> ICMPv4Code.of((short) v), v -> ((ICMPv4Code) v).getCode());
        add(MatchField.METADATA, org.projectfloodlight.openflow.protocol.match.MatchField.METADATA,
                v -> OFMetadata.ofRaw(v), v -> ((OFMetadata) v).getValue().getValue());
        u32(MatchField.REG0, org.projectfloodlight.openflow.protocol.match.MatchField.REG0);
        u32(MatchField.REG1, org.projectfloodlight.openflow.protocol.match.MatchField.REG1);
        u32(MatchField.REG2, org.projectfloodlight.openflow.protocol.match.MatchField.REG2);
        u32(MatchField.REG3, org.projectfloodlight.openflow.protocol.match.MatchField.REG3);
        u32(MatchField.REG4, org.projectfloodlight.openflow.protocol.match.MatchField.REG4);
        u32(MatchField.REG5, org.projectfloodlight.openflow.protocol.match.MatchField.REG5);
        u32(MatchField.REG6, org.projectfloodlight.openflow.protocol.match.MatchField.REG6);
        u32(MatchField.CT_STATE, org.projectfloodlight.openflow.protocol.match.MatchField.CONNTRACK_STATE);
        add(MatchField.CT_ZONE, org.projectfloodlight.openflow.protocol.match.MatchField.CONNTRACK_ZONE,
                v -> U16.of((int) v), v -> ((U16) v).getValue());
        u32(MatchField.CT_MARK, org.projectfloodlight.openflow.protocol.match.MatchField.CONNTRACK_MARK);
        for (MatchField field : MatchField.values()) {
            if (!BY_OURS.containsKey(field)) {
                throw new ExceptionInInitializerError("no Loxi mapping for " + field);
            }
        }
    }

    static LoxiField of(MatchField ours) {
        return BY_OURS.get(ours);
    }

    /** Null when Loxi decoded a field microseg never writes. */
    static LoxiField of(org.projectfloodlight.openflow.protocol.match.MatchField<?> loxi) {
        return BY_LOXI.get(loxi.getName());
    }

    OFValueType value(long v) {
        return toLoxi.apply(v);
    }

    long value(OFValueType v) {
        return fromLoxi.applyAsLong(v);
    }

    private static void add(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi,
                            LongFunction<OFValueType> to, ToLongFunction<OFValueType> from) {
        LoxiField field = new LoxiField(ours, loxi, to, from);
        BY_OURS.put(ours, field);
        BY_LOXI.put(loxi.getName(), field);
    }

    private static void mac(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi) {
        add(ours, loxi, MacAddress::of, v -> ((MacAddress) v).getLong());
    }

    private static void ip(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi) {
        add(ours, loxi, v -> IPv4Address.of((int) v), v -> Integer.toUnsignedLong(((IPv4Address) v).getInt()));
    }

    private static void port(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi) {
        add(ours, loxi, v -> TransportPort.of((int) v), v -> ((TransportPort) v).getPort());
    }

    private static void u32(MatchField ours, org.projectfloodlight.openflow.protocol.match.MatchField loxi) {
        add(ours, loxi, U32::of, v -> ((U32) v).getValue());
    }

    static U64 u64(long v) {
        return U64.of(v);
    }
}
