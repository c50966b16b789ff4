package io.microseg.flowrules.pipeline;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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

    /**
     * Unknown-host punts of one port: meter {@code UNKNOWN_HOST_PORT_BASE + port}, for ports 1 to
     * {@link #MAX_METERED_PORT}, so a host flooding unknown frames fills its own port's meter and every other port's
     * first sightings still reach the controller. At most {@link #MAX_PORT_METERS} ports of a switch get one (the
     * lowest numbers); the others share meter 1, as every port did before.
     */
    public static final long UNKNOWN_HOST_PORT_BASE = 0x10000;
    /** The highest port number with a meter of its own (Open vSwitch numbers ports up to 0xfeff). */
    public static final long MAX_METERED_PORT = 0xfeff;
    /**
     * Per-port meters per switch at most. Open vSwitch's userspace datapath offers 262,144 meters (meter-features
     * max_meter) to all its bridges together; 1,024 per switch leaves room for 250 switches of that size.
     */
    public static final int MAX_PORT_METERS = 1024;
    /** Rate and burst of each per-port unknown-host meter (packets per second). */
    public static final long PORT_RATE_PPS = 50;

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

    /** The unknown-host meter of a port, if its number may have one. */
    public static Optional<Long> unknownHostPort(PortNumber port) {
        return port.value() >= 1 && port.value() <= MAX_METERED_PORT
                ? Optional.of(UNKNOWN_HOST_PORT_BASE + port.value()) : Optional.empty();
    }

    /** Whether {@code id} is a per-port unknown-host meter (installed and removed as ports come and go). */
    public static boolean isPerPort(long id) {
        return id > UNKNOWN_HOST_PORT_BASE && id <= UNKNOWN_HOST_PORT_BASE + MAX_METERED_PORT;
    }

    /** The spec of meter {@code id}: a fixed one or a per-port unknown-host meter. */
    public static Spec spec(long id) {
        if (isPerPort(id)) {
            return new Spec(id, "unknown-host-port-" + (id - UNKNOWN_HOST_PORT_BASE), PORT_RATE_PPS, PORT_RATE_PPS);
        }
        return ALL.stream().filter(spec -> spec.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no meter " + id + " in the pipeline"));
    }

    /**
     * {@code always} (installed on every switch whatever its flows) and the meters {@code flows} name, once each, in
     * id order: what a switch must have before it takes {@code flows}.
     */
    public static List<Spec> required(List<Spec> always, Collection<FlowEntry> flows) {
        TreeMap<Long, Spec> byId = new TreeMap<>();
        always.forEach(spec -> byId.put(spec.id(), spec));
        required(flows).forEach(spec -> byId.putIfAbsent(spec.id(), spec));
        return List.copyOf(byId.values());
    }

    /**
     * The per-port meters a switch may hold that {@code needed} does not list, in id order: those it was given
     * ({@code given}) and those the flows it holds name ({@code held}: what a previous run left, read back at
     * reconciliation). Delete them only once those flows are gone (deleting a meter deletes the flows naming it).
     */
    public static List<Spec> unused(Collection<Long> given, Collection<FlowEntry> held, List<Spec> needed) {
        TreeSet<Long> ids = new TreeSet<>(given);
        required(held).forEach(spec -> ids.add(spec.id()));
        needed.forEach(spec -> ids.remove(spec.id()));
        List<Spec> specs = new ArrayList<>();
        ids.stream().filter(Meters::isPerPort).forEach(id -> specs.add(spec(id)));
        return specs;
    }

    /** The meters {@code flows} name, in id order: what a switch must have before it takes them. */
    public static List<Spec> required(Collection<FlowEntry> flows) {
        TreeSet<Long> ids = new TreeSet<>();
        for (FlowEntry flow : flows) {
            for (Instruction instruction : flow.instructions()) {
                if (instruction instanceof Instruction.Meter meter) {
                    ids.add(meter.meterId());
                }
            }
        }
        List<Spec> specs = new ArrayList<>(ids.size());
        ids.forEach(id -> specs.add(spec(id)));
        return specs;
    }
}
