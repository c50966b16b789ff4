package io.microseg.rest.status;

import java.time.Instant;

/**
 * {@code GET /reports}: one data-plane report. {@code kind} is {@code would-deny} (a monitored or alerting workload's
 * connection that enforcement would deny; it passed) or {@code unknown-source} (denied at port security). Decisions
 * name the policy rule, isolation or posture that would have denied; empty strings when the side allowed.
 */
public record ReportView(Instant at, String kind, String dpid, long inPort, String sourceMac, String source,
        String destination, String protocol, int sourcePort, int destinationPort, String egressDecision,
        String ingressDecision, boolean alert) {
}
