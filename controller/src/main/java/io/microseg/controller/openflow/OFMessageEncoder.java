package io.microseg.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Encodes single messages and whole batches (many messages, one buffer). */
@Sharable
public final class OFMessageEncoder extends MessageToByteEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof OFMessage || msg instanceof OFBatch;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof OFBatch batch) {
            for (OFMessage message : batch.messages()) {
                message.writeTo(out);
            }
        } else {
            ((OFMessage) msg).writeTo(out);
        }
    }
}
