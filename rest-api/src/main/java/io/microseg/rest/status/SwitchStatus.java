package io.microseg.rest.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One switch as the controller sees it: connected or not, when its last barrier was confirmed, whether its flows
 * match the desired ones, and the model revision its flows implement.
 */
public record SwitchStatus(String dpid, boolean connected, Optional<Instant> lastBarrier, boolean inSync,
        long appliedRevision) {

    public SwitchStatus {
        Objects.requireNonNull(dpid, "dpid");
        Objects.requireNonNull(lastBarrier, "lastBarrier");
    }
}
