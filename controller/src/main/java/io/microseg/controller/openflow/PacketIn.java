package io.microseg.controller.openflow;

import io.microseg.topology.PortNumber;

/** A packet a switch sent up: where it came in, which table and flow (cookie) sent it, and its bytes. */
public record PacketIn(PortNumber inPort, int table, long cookie, byte[] data) {
}
