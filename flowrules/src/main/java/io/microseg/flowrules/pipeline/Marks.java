package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.MatchField;

/**
 * What the pipeline carries in registers and metadata between tables.
 *
 * <pre>
 * reg0  source identity id        (source-identity)
 * reg1  destination identity id   (destination-identity)
 * reg2, reg3  source-side set bits of the current stage (64 bits: bit b is reg2 bit b for b &lt; 32, else reg3 bit b-32)
 * reg4, reg5  destination-side set bits of the current stage (same layout)
 * reg6  decision id of the egress would-deny (monitored), for the report
 * metadata bits 0..10  flags below; bits 32..63 decision id of the ingress would-deny
 * </pre>
 * Registers and metadata survive conntrack recirculation.
 */
public final class Marks {
    public static final MatchField SOURCE_ID = MatchField.REG0;
    public static final MatchField DESTINATION_ID = MatchField.REG1;
    public static final MatchField[] SOURCE_BITS = {MatchField.REG2, MatchField.REG3};
    public static final MatchField[] DESTINATION_BITS = {MatchField.REG4, MatchField.REG5};
    public static final MatchField EGRESS_DECISION = MatchField.REG6;
    /** How many set bits each side has per stage. */
    public static final int BITS_PER_SIDE = 64;

    /** The packet entered from a managed workload's own port (anti-spoofing passed): decide its egress here. */
    public static final long FROM_LOCAL = 1L;
    /** The packet entered from a trunk (inter-switch) port: trusted, its source was checked at the first hop. */
    public static final long FROM_TRUNK = 1L << 1;
    /** The packet entered from the gateway port: its source is not a managed workload. */
    public static final long FROM_GATEWAY = 1L << 2;
    public static final long ORIGIN_MASK = FROM_LOCAL | FROM_TRUNK | FROM_GATEWAY;
    /** The destination is a managed workload attached to this switch: decide its ingress here. */
    public static final long DESTINATION_LOCAL = 1L << 3;
    /** The source workload is monitored or alerting (a deny on its egress side passes and is reported). */
    public static final long SOURCE_LENIENT = 1L << 4;
    /** The source workload is alerting (with {@link #SOURCE_LENIENT}). */
    public static final long SOURCE_ALERT = 1L << 5;
    public static final long SOURCE_MODE_MASK = SOURCE_LENIENT | SOURCE_ALERT;
    /** The destination workload is monitored or alerting. */
    public static final long DESTINATION_LENIENT = 1L << 6;
    public static final long DESTINATION_ALERT = 1L << 7;
    public static final long DESTINATION_MODE_MASK = DESTINATION_LENIENT | DESTINATION_ALERT;
    /** A side would have denied (monitored or alerting): forwarded, then reported at a limited rate. */
    public static final long WOULD_DENY = 1L << 8;
    /** Reserved: log this allowed new connection (flow visibility). */
    public static final long LOG_ALLOWED = 1L << 9;
    /**
     * A stale reply (conntrack-state): its addresses and ports were swapped so the policy tables judge the connection
     * in its original direction; commit swaps them back before forwarding.
     */
    public static final long REPLY_CHECK = 1L << 10;
    public static final int INGRESS_DECISION_SHIFT = 32;

    /**
     * ct_mark of a committed connection: bits 0..30 the policy epoch it was admitted in (0: none, committed before
     * epochs), bit 31 {@link #CT_ORIGIN_LOCAL}.
     */
    public static final long CT_EPOCH_MASK = 0x7fff_ffffL;
    /**
     * ct_mark: the connection's original source is a workload on this switch (the commit had FROM_LOCAL), so a
     * re-check of its reply decides egress here too.
     */
    public static final long CT_ORIGIN_LOCAL = 0x8000_0000L;
    public static final long INGRESS_DECISION_MASK = 0xffff_ffffL << INGRESS_DECISION_SHIFT;

    private Marks() {
    }
}
