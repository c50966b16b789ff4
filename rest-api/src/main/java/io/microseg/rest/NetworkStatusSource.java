package io.microseg.rest;

import io.microseg.rest.status.ReportView;
import io.microseg.rest.status.SightingView;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.rest.status.TopologyView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the controller tells the read-only network endpoints. Called on HTTP threads: answer from an immutable
 * snapshot, never block on the runtime loop.
 */
public interface NetworkStatusSource {

    /** For a server without a controller: no switches, and ready. */
    NetworkStatusSource NONE = new NetworkStatusSource() {
        @Override
        public TopologyView topology() {
            return TopologyView.EMPTY;
        }

        @Override
        public Optional<SwitchFlows> flows(String dpid) {
            return Optional.empty();
        }

        @Override
        public List<SwitchStatus> switches() {
            return List.of();
        }
    };

    TopologyView topology();

    /** The flows of a switch by datapath id as printed in {@link TopologyView}; empty if the switch is unknown. */
    Optional<SwitchFlows> flows(String dpid);

    List<SwitchStatus> switches();

    /** The latest data-plane reports, oldest first, at most {@code limit}. */
    default List<ReportView> reports(int limit) {
        return List.of();
    }

    /** Sightings of workloads without a location that wait for an operator's confirmation, oldest first. */
    default List<SightingView> sightings() {
        return List.of();
    }

    /** What {@link #confirmSighting} did. */
    enum Confirmation { CONFIRMED, NOT_PENDING }

    /**
     * An operator confirms that {@code workload} (namespace/name) is the host sighted at {@code dpid}/{@code port}:
     * it is bound there. Blocks until the flows are in force (bounded by the caller's timeout).
     */
    default Confirmation confirmSighting(String workload, String dpid, long port, Duration timeout) {
        return Confirmation.NOT_PENDING;
    }

    /** Whether the controller is ready to serve (for {@code /readyz}); the store's health is checked separately. */
    default boolean ready() {
        return true;
    }
}
