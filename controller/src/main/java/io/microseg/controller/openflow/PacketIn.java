package io.microseg.controller.openflow;

import io.microseg.topology.PortNumber;

/**
 * A packet a switch sent up: where it came in, which table and flow (cookie) sent it, the
 * pipeline metadata and reg6 it carried (0 when absent), and its bytes.
 */
public record PacketIn(PortNumber inPort, int table, long cookie, long metadata, long reg6, byte[] data) {

    public PacketIn(PortNumber inPort, int table, long cookie, byte[] data) {
        this(inPort, table, cookie, 0, 0, data);
    }
}
