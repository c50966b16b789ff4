package io.microseg.controller.openflow;

import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** An OFPT_ERROR matched (by xid) to the message that caused it; {@code cause} is null if it matched nothing we sent. */
public record SwitchError(long xid, String error, OFMessage cause) {

    static SwitchError of(OFErrorMsg msg, OFMessage cause) {
        return new SwitchError(msg.getXid(), msg.toString(), cause);
    }

    @Override
    public String toString() {
        return error + (cause == null ? "" : " caused by " + cause.getType() + " " + cause);
    }
}
