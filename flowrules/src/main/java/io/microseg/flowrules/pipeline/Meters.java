package io.microseg.flowrules.pipeline;

import java.util.List;

/**
 * The meters the pipeline's flows refer to. The controller must install them (a flow naming a missing meter is
 * refused by the switch) before the flows; rates are suggestions in packets per second with a drop band.
 */
public final class Meters {
    /** Packets from unknown or unmanaged hosts, spoofed packets included: punted to the controller, rate-limited. */
    public static final long UNKNOWN_HOST = 1;
    /** Would-deny reports of monitored or alerting workloads. */
    public static final long POLICY_REPORT = 2;
    /** LLDP frames for topology discovery. */
    public static final long LLDP = 3;
    /** Reserved for logging allowed new connections. */
    public static final long CONNECTION_LOG = 4;
    /** Related packets (ICMP errors) to the controller, which forwards only those from the connection's own peer. */
    public static final long RELATED = 5;

    /**
     * LLDP arriving on trunk ports (the ports of proved links), apart from every other port's LLDP (meter 3): a host
     * flooding 0x88cc frames fills meter 3 but cannot starve the probes that keep the links alive. Meters 1-255 are
     * the fixed kinds; per-class meters start at 0x100.
     */
    public static final long LLDP_TRUNK = 0x100;

    /** A meter to install: id, what it limits, drop band rate and burst in packets. */
    public record Spec(long id, String name, long ratePps, long burstPackets) {
    }

    public static final List<Spec> ALL = List.of(
            new Spec(UNKNOWN_HOST, "unknown-host", 100, 100),
            new Spec(POLICY_REPORT, "policy-report", 200, 200),
            new Spec(LLDP, "lldp", 1000, 1000),
            new Spec(CONNECTION_LOG, "connection-log", 500, 500),
            new Spec(RELATED, "related", 100, 100),
            new Spec(LLDP_TRUNK, "lldp-trunk", 1000, 1000));

    private Meters() {
    }
}
