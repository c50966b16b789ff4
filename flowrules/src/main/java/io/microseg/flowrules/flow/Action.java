package io.microseg.flowrules.flow;

import io.microseg.topology.PortNumber;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** An action in an apply-actions instruction. An empty action list drops. */
public sealed interface Action {

    /** Send out of a port; {@code maxLen} matters only for the CONTROLLER port. */
    record Output(PortNumber port, int maxLen) implements Action {
        public static final int NO_BUFFER = 0xffff;

        public Output {
            if (maxLen < 0 || maxLen > 0xffff) {
                throw new IllegalArgumentException("maxLen must be 0..65535");
            }
        }

        public static Output to(PortNumber port) {
            return new Output(port, 0);
        }

        public static Output toController() {
            return new Output(PortNumber.CONTROLLER, NO_BUFFER);
        }
    }

    /** Write a header or register field. */
    record SetField(MatchField field, long value) implements Action {
        public SetField {
            if ((value & ~field.fullMask()) != 0) {
                throw new IllegalArgumentException(field + " value wider than " + field.bits() + " bits");
            }
            if (field == MatchField.CT_STATE || field == MatchField.IN_PORT) {
                throw new IllegalArgumentException(field + " cannot be written");
            }
        }
    }

    /**
     * Nicira {@code move} (NXAST_REG_MOVE): copy {@code bits} bits of {@code src} starting at bit {@code srcOffset}
     * into {@code dst} starting at {@code dstOffset}. Mostly whole fields of equal width (eth_src to eth_dst, arp_spa
     * to arp_tpa when answering ARP in the switch); part of a register as scratch space when two fields of one
     * packet are swapped (the reply-direction check of conntrack-state).
     */
    record Move(MatchField src, int srcOffset, MatchField dst, int dstOffset, int bits) implements Action {
        public Move {
            if (src == dst) {
                throw new IllegalArgumentException("move from " + src + " to itself");
            }
            if (bits < 1 || srcOffset < 0 || dstOffset < 0 || srcOffset + bits > src.bits()
                    || dstOffset + bits > dst.bits()) {
                throw new IllegalArgumentException("move of " + bits + " bits from " + src + "[" + srcOffset + "] to "
                        + dst + "[" + dstOffset + "] does not fit the fields (" + src.bits() + " and " + dst.bits()
                        + " bits)");
            }
            if (dst == MatchField.CT_STATE || dst == MatchField.IN_PORT || dst == MatchField.ETH_TYPE) {
                throw new IllegalArgumentException(dst + " cannot be written");
            }
        }

        /** The whole of {@code src} into the whole of {@code dst}: fields of equal width. */
        public Move(MatchField src, MatchField dst) {
            this(src, 0, dst, 0, checkedWidth(src, dst));
        }

        /** Whether this moves the whole of both fields. */
        public boolean whole() {
            return srcOffset == 0 && dstOffset == 0 && bits == src.bits() && bits == dst.bits();
        }

        private static int checkedWidth(MatchField src, MatchField dst) {
            if (src.bits() != dst.bits()) {
                throw new IllegalArgumentException("move needs fields of equal width: " + src + " has " + src.bits()
                        + " bits, " + dst + " " + dst.bits());
            }
            return src.bits();
        }
    }

    /**
     * Nicira {@code ct}: send through conntrack in {@code zone}; commit it if asked (optionally
     * setting ct_mark); recirculate into {@code table} if present, else continue without recirculation.
     */
    record Conntrack(boolean commit, int zone, OptionalInt table, OptionalLong setMark) implements Action {
        public Conntrack {
            if (zone < 0 || zone > 0xffff) {
                throw new IllegalArgumentException("conntrack zone must be 0..65535");
            }
            if (table.isPresent() && (table.getAsInt() < 0 || table.getAsInt() > 254)) {
                throw new IllegalArgumentException("conntrack table must be 0..254");
            }
            if (setMark.isPresent() && !commit) {
                throw new IllegalArgumentException("ct_mark can be set only on commit");
            }
        }

        public static Conntrack track(int zone, int table) {
            return new Conntrack(false, zone, OptionalInt.of(table), OptionalLong.empty());
        }

        public static Conntrack commit(int zone) {
            return new Conntrack(true, zone, OptionalInt.empty(), OptionalLong.empty());
        }

        public static Conntrack commitWithMark(int zone, long mark) {
            return new Conntrack(true, zone, OptionalInt.empty(), OptionalLong.of(mark));
        }
    }

    /**
     * Nicira {@code ct_clear}: forget the packet's conntrack state. Before a packet-in of a tracked packet, so the
     * switch does not add the conntrack tuple fields (ct_nw_src...) to it, which the OpenFlow library cannot read.
     */
    record CtClear() implements Action {
    }
}
