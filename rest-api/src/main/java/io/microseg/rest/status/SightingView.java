package io.microseg.rest.status;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /sightings}: a port seen sending the MAC and an address of a workload registered without a location,
 * waiting for an operator to confirm it ({@code learning: confirm}). It grants nothing until confirmed.
 */
public record SightingView(String workload, String dpid, long port, String mac, List<String> ips, Instant firstSeen) {
}
