package io.microseg.controller.discovery;

/**
 * Told when the topology changes. Called on the discovery thread, in order, one call per batch of
 * switch events: implementations hand the change to their own thread (the runtime loop) and return.
 */
@FunctionalInterface
public interface TopologyListener {
    void topologyChanged(TopologyChanged change);
}
