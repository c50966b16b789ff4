package io.microseg.controller.openflow;

/** A framed OpenFlow message Loxi could not parse: kept as its header so the session can fail what waited for it. */
public record UnparsableMessage(int version, int type, int length, long xid, String reason) {
}
