package io.microseg.controller.runtime;

import io.microseg.topology.DatapathId;
import java.time.Instant;

/** What the controller knows of one switch: connected, how far its flows are in force, the last problem. */
public record SwitchStatus(DatapathId dpid, boolean connected, String version, long desiredRevision,
                           long inForceRevision, int desiredFlows, Instant lastConfirmed, String lastError) {
    public boolean inSync() {
        return connected && desiredRevision == inForceRevision;
    }
}
