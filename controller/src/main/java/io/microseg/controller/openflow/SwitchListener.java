package io.microseg.controller.openflow;

/**
 * Switch events. Called on Netty event loops: implementations only hand the event to the
 * thread that owns controller state, never do the work here.
 */
public interface SwitchListener {
    default void switchConnected(SwitchSession session) {
    }

    default void switchDisconnected(SwitchSession session) {
    }

    default void portChanged(SwitchSession session, PortInfo port, boolean deleted) {
    }

    default void packetIn(SwitchSession session, PacketIn packet) {
    }
}
