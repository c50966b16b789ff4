package io.microseg.controller.visibility;

import io.microseg.topology.DatapathId;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import io.microseg.topology.packet.FiveTuple;
import java.time.Instant;
import java.util.Optional;

/**
 * One report from the data plane, for operators and forensics: a connection a monitored or
 * alerting workload opened (or received) that policy would deny, or traffic from a source no
 * port-security flow vouches for (an unknown host or a spoofed MAC/IP).
 */
public record PolicyReport(Instant at, Kind kind, DatapathId dpid, PortNumber inPort, MacAddress sourceMac,
                           Optional<FiveTuple> connection, Optional<String> egressDecision,
                           Optional<String> ingressDecision, boolean alert) {

    /** What the pipeline reported. */
    public enum Kind {
        /** Allowed because a side is in monitor/alert mode, but enforcement would deny it. */
        WOULD_DENY,
        /** Denied at port security: an unknown host, or a frame whose MAC/IP do not belong on that port. */
        UNKNOWN_SOURCE
    }

    /** One line for the log. */
    public String describe() {
        String what = connection.map(FiveTuple::toString).orElse("non-IP frame");
        return switch (kind) {
            case WOULD_DENY -> (alert ? "ALERT would-deny " : "would-deny ") + what + " at " + dpid + " port " + inPort
                    + egressDecision.map(d -> "; egress: " + d).orElse("")
                    + ingressDecision.map(d -> "; ingress: " + d).orElse("");
            case UNKNOWN_SOURCE -> "denied unknown source " + sourceMac + " " + what + " at " + dpid + " port " + inPort;
        };
    }
}
