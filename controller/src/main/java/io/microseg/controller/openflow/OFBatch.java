package io.microseg.controller.openflow;

import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Messages encoded into one buffer and written with one flush. */
public record OFBatch(List<OFMessage> messages) {
    public OFBatch {
        messages = List.copyOf(messages);
    }
}
