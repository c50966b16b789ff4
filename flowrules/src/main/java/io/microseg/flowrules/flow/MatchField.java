package io.microseg.flowrules.flow;

/**
 * The header and metadata fields a flow entry may match, with their width and the
 * prerequisite (ETH_TYPE / IP_PROTO value) OpenFlow requires before them.
 */
public enum MatchField {
    IN_PORT(32, null, 0),
    ETH_SRC(48, null, 0),
    ETH_DST(48, null, 0),
    /** OXM VLAN_VID: the 12-bit VLAN id plus OFPVID_PRESENT (0x1000) when the frame carries an 802.1Q tag. */
    VLAN_VID(13, null, 0),
    ETH_TYPE(16, null, 0),
    ARP_OP(16, Prereq.ETH_TYPE, EthType.ARP),
    ARP_SPA(32, Prereq.ETH_TYPE, EthType.ARP),
    ARP_TPA(32, Prereq.ETH_TYPE, EthType.ARP),
    ARP_SHA(48, Prereq.ETH_TYPE, EthType.ARP),
    ARP_THA(48, Prereq.ETH_TYPE, EthType.ARP),
    IPV4_SRC(32, Prereq.ETH_TYPE, EthType.IPV4),
    IPV4_DST(32, Prereq.ETH_TYPE, EthType.IPV4),
    IP_PROTO(8, Prereq.ETH_TYPE, EthType.IPV4),
    TCP_SRC(16, Prereq.IP_PROTO, IpProto.TCP),
    TCP_DST(16, Prereq.IP_PROTO, IpProto.TCP),
    UDP_SRC(16, Prereq.IP_PROTO, IpProto.UDP),
    UDP_DST(16, Prereq.IP_PROTO, IpProto.UDP),
    SCTP_SRC(16, Prereq.IP_PROTO, IpProto.SCTP),
    SCTP_DST(16, Prereq.IP_PROTO, IpProto.SCTP),
    ICMPV4_TYPE(8, Prereq.IP_PROTO, IpProto.ICMP),
    ICMPV4_CODE(8, Prereq.IP_PROTO, IpProto.ICMP),
    METADATA(64, null, 0),
    REG0(32, null, 0),
    REG1(32, null, 0),
    REG2(32, null, 0),
    REG3(32, null, 0),
    REG4(32, null, 0),
    REG5(32, null, 0),
    REG6(32, null, 0),
    CT_STATE(32, null, 0),
    CT_ZONE(16, null, 0),
    CT_MARK(32, null, 0);

    /** Which earlier field a prerequisite constrains. */
    public enum Prereq { ETH_TYPE, IP_PROTO }

    private final int bits;
    private final Prereq prereq;
    private final int prereqValue;

    MatchField(int bits, Prereq prereq, int prereqValue) {
        this.bits = bits;
        this.prereq = prereq;
        this.prereqValue = prereqValue;
    }

    public int bits() {
        return bits;
    }

    /** All ones over the field's width. */
    public long fullMask() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    public Prereq prereq() {
        return prereq;
    }

    public int prereqValue() {
        return prereqValue;
    }

    /** Whether OVS accepts a mask on this field (ct_zone, ip_proto, ports-as-exact-only are not maskable here). */
    public boolean maskable() {
        return switch (this) {
            case IN_PORT, ETH_TYPE, IP_PROTO, ARP_OP, CT_ZONE, ICMPV4_TYPE, ICMPV4_CODE -> false;
            default -> true;
        };
    }

    public static MatchField register(int index) {
        return switch (index) {
            case 0 -> REG0;
            case 1 -> REG1;
            case 2 -> REG2;
            case 3 -> REG3;
            case 4 -> REG4;
            case 5 -> REG5;
            case 6 -> REG6;
            default -> throw new IllegalArgumentException("registers reg0..reg6 only (reg7 masks are broken in the Loxi build): reg" + index);
        };
    }

    /** Ethernet types used as prerequisites. */
    public static final class EthType {
        public static final int IPV4 = 0x0800;
        public static final int ARP = 0x0806;
        public static final int LLDP = 0x88cc;
        public static final int IPV6 = 0x86dd;

        private EthType() {
        }
    }

    /** IP protocol numbers used as prerequisites. */
    public static final class IpProto {
        public static final int ICMP = 1;
        public static final int TCP = 6;
        public static final int UDP = 17;
        public static final int SCTP = 132;

        private IpProto() {
        }
    }
}
