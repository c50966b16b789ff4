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

    /** A batch gets one buffer about its size up front instead of growing it message by message. */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        int size = msg instanceof OFBatch batch ? Math.max(256, batch.messages().size() * 136) : 256;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
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
