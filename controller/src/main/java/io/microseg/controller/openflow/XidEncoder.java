package io.microseg.controller.openflow;

import org.projectfloodlight.openflow.protocol.OFMessage;

/** Builds the message for one item with its transaction id, so a batch is translated while it is written. */
@FunctionalInterface
public interface XidEncoder<T> {
    OFMessage encode(T item, long xid);

    /** For messages already built: rebuilt once with the xid. */
    static XidEncoder<OFMessage> rebuild() {
        return (message, xid) -> message.createBuilder().setXid(xid).build();
    }
}
