package io.microseg.flowrules.flow;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a flow entry matches: a set of fields, each with a value and mask.
 *
 * <p>Held as a field bitmap and two packed arrays rather than a map: a controller keeps
 * hundreds of thousands of these, and this form costs about a third of an EnumMap. The
 * builder adds OpenFlow's prerequisites (ETH_TYPE before IPv4 fields, IP_PROTO before ports)
 * and refuses contradictory ones.
 */
public final class FlowMatch {
    /** OpenFlow's OFPVID_PRESENT bit of VLAN_VID. */
    public static final long VLAN_PRESENT = 0x1000;
    private static final MatchField[] FIELDS = MatchField.values();
    private static final FlowMatch ANY = new FlowMatch(0, new long[0], new long[0]);

    private final long present;
    private final long[] values;
    private final long[] masks;
    private final int hash;

    private FlowMatch(long present, long[] values, long[] masks) {
        this.present = present;
        this.values = values;
        this.masks = masks;
        this.hash = Long.hashCode(present) * 31 * 31 + Arrays.hashCode(values) * 31 + Arrays.hashCode(masks);
    }

    /** Matches every packet. */
    public static FlowMatch any() {
        return ANY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        for (Map.Entry<MatchField, MaskedValue> e : fields().entrySet()) {
            builder.fields.put(e.getKey(), e.getValue());
        }
        return builder;
    }

    public boolean has(MatchField field) {
        return (present & bit(field)) != 0;
    }

    public Optional<MaskedValue> get(MatchField field) {
        if (!has(field)) {
            return Optional.empty();
        }
        int index = Long.bitCount(present & (bit(field) - 1));
        return Optional.of(new MaskedValue(values[index], masks[index]));
    }

    /** The exact value of a field, or empty if absent or masked. */
    public Optional<Long> exact(MatchField field) {
        return get(field).filter(v -> v.isExact(field)).map(MaskedValue::value);
    }

    public int size() {
        return Long.bitCount(present);
    }

    /** The fields in declaration order (prerequisites first). */
    public Map<MatchField, MaskedValue> fields() {
        Map<MatchField, MaskedValue> out = new EnumMap<>(MatchField.class);
        int index = 0;
        for (MatchField field : FIELDS) {
            if ((present & bit(field)) != 0) {
                out.put(field, new MaskedValue(values[index], masks[index]));
                index++;
            }
        }
        return out;
    }

    /** True when a packet with these field values would match (absent packet fields never match a present one). */
    public boolean matches(Map<MatchField, Long> packet) {
        int index = 0;
        for (MatchField field : FIELDS) {
            if ((present & bit(field)) != 0) {
                Long candidate = packet.get(field);
                if (candidate == null || (candidate & masks[index]) != values[index]) {
                    return false;
                }
                index++;
            }
        }
        return true;
    }

    private static long bit(MatchField field) {
        return 1L << field.ordinal();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowMatch other && other.hash == hash && other.present == present
                && Arrays.equals(other.values, values) && Arrays.equals(other.masks, masks);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** ovs-ofctl style, e.g. {@code in_port=1,ip,nw_dst=10.0.0.2,tcp_dst=80}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        fields().forEach((field, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(field.name().toLowerCase()).append('=');
            if (field == MatchField.CT_STATE) {
                out.append(CtState.describe(value.value(), value.mask()));
            } else if (field == MatchField.IPV4_SRC || field == MatchField.IPV4_DST
                    || field == MatchField.ARP_SPA || field == MatchField.ARP_TPA) {
                out.append(Ipv4Address.of((int) value.value()));
                if (!value.isExact(field)) {
                    out.append('/').append(Long.bitCount(value.mask()));
                }
            } else if (field == MatchField.ETH_SRC || field == MatchField.ETH_DST) {
                out.append(MacAddress.of(value.value()));
            } else {
                out.append("0x").append(Long.toHexString(value.value()));
                if (!value.isExact(field)) {
                    out.append("/0x").append(Long.toHexString(value.mask()));
                }
            }
        });
        return out.length() == 0 ? "any" : out.toString();
    }

    /** Collects fields; adds prerequisites; refuses contradictions. */
    public static final class Builder {
        private final EnumMap<MatchField, MaskedValue> fields = new EnumMap<>(MatchField.class);

        private Builder() {
        }

        public Builder exact(MatchField field, long value) {
            return put(field, MaskedValue.exact(field, value));
        }

        public Builder masked(MatchField field, long value, long mask) {
            if ((mask & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException(field + " mask wider than " + field.bits() + " bits");
            }
            if (mask == field.fullMask()) {
                return exact(field, value);
            }
            if (!field.maskable()) {
                throw new IllegalArgumentException(field + " cannot be masked");
            }
            if (mask == 0) {
                return this;
            }
            return put(field, new MaskedValue(value, mask));
        }

        public Builder inPort(PortNumber port) {
            return exact(MatchField.IN_PORT, port.value());
        }

        public Builder ethSrc(MacAddress mac) {
            return exact(MatchField.ETH_SRC, mac.value());
        }

        public Builder ethDst(MacAddress mac) {
            return exact(MatchField.ETH_DST, mac.value());
        }

        /** Any frame carrying an 802.1Q (or 802.1ad) tag: OFPVID_PRESENT set, whatever the VLAN id. */
        public Builder vlanTagged() {
            return masked(MatchField.VLAN_VID, VLAN_PRESENT, VLAN_PRESENT);
        }

        public Builder ethType(int ethType) {
            return exact(MatchField.ETH_TYPE, ethType);
        }

        public Builder ipProto(int proto) {
            return exact(MatchField.IP_PROTO, proto);
        }

        public Builder ipv4Src(Ipv4Prefix prefix) {
            return masked(MatchField.IPV4_SRC, Integer.toUnsignedLong(prefix.address().value()),
                    Integer.toUnsignedLong(prefix.mask()));
        }

        public Builder ipv4Dst(Ipv4Prefix prefix) {
            return masked(MatchField.IPV4_DST, Integer.toUnsignedLong(prefix.address().value()),
                    Integer.toUnsignedLong(prefix.mask()));
        }

        public Builder ipv4Src(Ipv4Address address) {
            return ipv4Src(Ipv4Prefix.host(address));
        }

        public Builder ipv4Dst(Ipv4Address address) {
            return ipv4Dst(Ipv4Prefix.host(address));
        }

        public Builder arpTpa(Ipv4Address address) {
            return exact(MatchField.ARP_TPA, address.unsigned());
        }

        public Builder ctState(int value, int mask) {
            return masked(MatchField.CT_STATE, value, mask);
        }

        public Builder reg(int index, long value) {
            return exact(MatchField.register(index), value);
        }

        public Builder reg(int index, long value, long mask) {
            return masked(MatchField.register(index), value, mask);
        }

        public Builder metadata(long value, long mask) {
            return masked(MatchField.METADATA, value, mask);
        }

        private Builder put(MatchField field, MaskedValue value) {
            if (field.prereq() != null) {
                if (field.prereq() == MatchField.Prereq.ETH_TYPE) {
                    require(MatchField.ETH_TYPE, field.prereqValue(), field);
                } else {
                    require(MatchField.ETH_TYPE, MatchField.EthType.IPV4, field);
                    require(MatchField.IP_PROTO, field.prereqValue(), field);
                }
            }
            MaskedValue old = fields.get(field);
            if (old != null && !old.equals(value)) {
                throw new IllegalArgumentException(field + " set twice: " + old + " and " + value);
            }
            fields.put(field, value);
            return this;
        }

        private void require(MatchField field, int value, MatchField forField) {
            MaskedValue old = fields.get(field);
            if (old == null) {
                fields.put(field, MaskedValue.exact(field, value));
            } else if (old.value() != value || !old.isExact(field)) {
                throw new IllegalArgumentException(forField + " needs " + field + "=0x" + Integer.toHexString(value)
                        + " but the match has 0x" + Long.toHexString(old.value()));
            }
        }

        public FlowMatch build() {
            if (fields.isEmpty()) {
                return ANY;
            }
            long present = 0;
            long[] values = new long[fields.size()];
            long[] masks = new long[fields.size()];
            int index = 0;
            for (Map.Entry<MatchField, MaskedValue> e : fields.entrySet()) {
                present |= 1L << e.getKey().ordinal();
                values[index] = e.getValue().value();
                masks[index] = e.getValue().mask();
                index++;
            }
            return new FlowMatch(present, values, masks);
        }
    }
}
