package io.microseg.controller.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How link discovery paces itself.
 *
 * @param probeInterval   how often every up port of every switch sends an LLDP probe
 * @param linkTimeout     a link no probe has proved for this long is dropped; keep it a few intervals
 * @param maxQueuedPacketIns non-LLDP packet-ins waiting for the discovery thread beyond this are dropped
 *                        (host learning is best effort; a packet-in storm must not grow the heap)
 */
public record DiscoverySettings(Duration probeInterval, Duration linkTimeout, int maxQueuedPacketIns) {
    public static final DiscoverySettings DEFAULTS = new DiscoverySettings(Duration.ofSeconds(5), Duration.ofSeconds(16), 10_000);

    public DiscoverySettings {
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

    /** How often expiry runs: often enough that a link goes within a quarter timeout of expiring. */
    Duration expiryCheck() {
        long millis = Math.min(probeInterval.toMillis(), linkTimeout.toMillis()) / 4;
        return Duration.ofMillis(Math.max(10, millis));
    }
}
