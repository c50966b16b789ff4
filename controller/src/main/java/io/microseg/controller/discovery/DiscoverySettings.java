package io.microseg.controller.discovery;

import java.time.Duration;
import io.microseg.topology.ConnectPoint;
import java.util.Objects;
import java.util.Set;

/**
 * How link discovery paces itself.
 *
 * @param probeInterval   how often every up port of every switch sends an LLDP probe
 * @param linkTimeout     a link no probe has proved for this long is dropped; keep it a few intervals
 * @param maxQueuedPacketIns packet-ins of any kind waiting for the discovery thread beyond this are dropped
 *                        (a packet-in storm must not grow the heap); each port may fill at most
 *                        {@link #maxQueuedPerPort()} of it, so one noisy port cannot starve the others
 * @param trunkPorts      when not empty, the only ports that may become trunks (pinned by the operator);
 *                        empty: any port without a workload may, once both directions of its link are proved
 */
public record DiscoverySettings(Duration probeInterval, Duration linkTimeout, int maxQueuedPacketIns,
        Set<ConnectPoint> trunkPorts) {
    public static final DiscoverySettings DEFAULTS = new DiscoverySettings(Duration.ofSeconds(5), Duration.ofSeconds(16), 10_000);

    public DiscoverySettings(Duration probeInterval, Duration linkTimeout, int maxQueuedPacketIns) {
        this(probeInterval, linkTimeout, maxQueuedPacketIns, Set.of());
    }

    public DiscoverySettings {
        trunkPorts = Set.copyOf(trunkPorts);
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(linkTimeout, "linkTimeout");
        if (probeInterval.toMillis() < 10 || linkTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("probe interval and link timeout must be at least 10 ms");
        }
        if (maxQueuedPacketIns < 1) {
            throw new IllegalArgumentException("maxQueuedPacketIns must be positive");
        }
    }

    public static DiscoverySettings of(Duration probeInterval, Duration linkTimeout) {
        return new DiscoverySettings(probeInterval, linkTimeout, DEFAULTS.maxQueuedPacketIns());
    }

    /** These settings with trunk ports pinned (empty: discovered). */
    public DiscoverySettings withTrunkPorts(Set<ConnectPoint> ports) {
        return new DiscoverySettings(probeInterval, linkTimeout, maxQueuedPacketIns, ports);
    }

    /**
     * How old a received probe may be (its signed send time) before it is a replay, and how close together a
     * link's two directions must be proved: three probe intervals, at least one second (a round trip plus jitter).
     */
    public Duration maxProbeAge() {
        Duration three = probeInterval.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : three;
    }

    /** Packet-ins one ingress port may have waiting: 1/64 of the total, at least 16. */
    public int maxQueuedPerPort() {
        return Math.max(16, maxQueuedPacketIns / 64);
    }

    /** How often expiry runs: often enough that a link goes within a quarter timeout of expiring. */
    Duration expiryCheck() {
        long millis = Math.min(probeInterval.toMillis(), linkTimeout.toMillis()) / 4;
        return Duration.ofMillis(Math.max(10, millis));
    }
}
