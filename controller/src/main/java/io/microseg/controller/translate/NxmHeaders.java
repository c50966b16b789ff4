package io.microseg.controller.translate;

import io.microseg.flowrules.flow.MatchField;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The 32-bit NXM/OXM headers that name a field in a Nicira {@code move} (NXAST_REG_MOVE): {@code class << 16 |
 * field << 9 | hasmask << 8 | length in bytes}. We write the NXM header, which is what Open vSwitch (up to
 * OpenFlow 1.4) encodes when it reports the action back; the OpenFlow-basic OXM header (class 0x8000) of the same
 * field reads back too. Only fields microseg moves are here.
 */
final class NxmHeaders {

    private static final Map<MatchField, Long> WRITE = new EnumMap<>(MatchField.class);
    private static final Map<Long, MatchField> READ = new HashMap<>();

    static {
        // NXM_OF_* (class 0x0000), NXM_NX_* (class 0x0001), OXM basic (class 0x8000)
        add(MatchField.ETH_DST, nxm(0x0000, 1, 6), oxm(3, 6));
        add(MatchField.ETH_SRC, nxm(0x0000, 2, 6), oxm(4, 6));
        add(MatchField.IPV4_SRC, nxm(0x0000, 7, 4), oxm(11, 4));
        add(MatchField.IPV4_DST, nxm(0x0000, 8, 4), oxm(12, 4));
        add(MatchField.TCP_SRC, nxm(0x0000, 9, 2), oxm(13, 2));
        add(MatchField.TCP_DST, nxm(0x0000, 10, 2), oxm(14, 2));
        add(MatchField.UDP_SRC, nxm(0x0000, 11, 2), oxm(15, 2));
        add(MatchField.UDP_DST, nxm(0x0000, 12, 2), oxm(16, 2));
        add(MatchField.SCTP_SRC, oxm(17, 2), oxm(17, 2)); // no NXM header: OVS writes the OXM one
        add(MatchField.SCTP_DST, oxm(18, 2), oxm(18, 2));
        add(MatchField.ARP_SPA, nxm(0x0000, 16, 4), oxm(22, 4));
        add(MatchField.ARP_TPA, nxm(0x0000, 17, 4), oxm(23, 4));
        add(MatchField.ARP_SHA, nxm(0x0001, 17, 6), oxm(24, 6));
        add(MatchField.ARP_THA, nxm(0x0001, 18, 6), oxm(25, 6));
        for (int r = 0; r <= 6; r++) {
            add(MatchField.register(r), nxm(0x0001, r, 4), nxm(0x0001, r, 4));
        }
    }

    private NxmHeaders() {
    }

    /** The header to write for {@code field}; fails for a field microseg never moves. */
    static long of(MatchField field) {
        Long header = WRITE.get(field);
        if (header == null) {
            throw new IllegalArgumentException("no move header for " + field);
        }
        return header;
    }

    /** The field a header read back from a switch names; null for one microseg never moves. */
    static MatchField field(long header) {
        return READ.get(header);
    }

    private static long nxm(int nxmClass, int field, int bytes) {
        return ((long) nxmClass << 16) | ((long) field << 9) | bytes;
    }

    private static long oxm(int field, int bytes) {
        return nxm(0x8000, field, bytes);
    }

    private static void add(MatchField field, long nxm, long oxm) {
        WRITE.put(field, nxm);
        READ.put(nxm, field);
        READ.put(oxm, field);
    }
}
