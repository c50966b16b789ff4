package io.microseg.controller.discovery;

import io.microseg.topology.ConnectPoint;
import java.util.Objects;

/** An LLDP frame to send out of {@code from} (a packet-out from the controller). The array is never modified. */
public record Probe(ConnectPoint from, byte[] frame) {
    public Probe {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(frame, "frame");
    }
}
