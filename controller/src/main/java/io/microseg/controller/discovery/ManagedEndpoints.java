package io.microseg.controller.discovery;

import io.microseg.topology.Attachment;
import io.microseg.topology.ConnectPoint;

/**
 * Tells a managed workload (one the policy model knows, by MAC or address) from an unmanaged
 * endpoint. Called on the discovery thread: implementations read an immutable model and never block.
 */
@FunctionalInterface
public interface ManagedEndpoints {
    /** Nothing is managed: every host discovery sees is an unmanaged endpoint. */
    ManagedEndpoints NONE = host -> false;

    boolean isManaged(Attachment host);

    /**
     * Whether a workload is registered or bound at this port: such a port is never a trunk, whatever LLDP arrives
     * on it. None by default.
     */
    default boolean isWorkloadPort(ConnectPoint point) {
        return false;
    }
}
