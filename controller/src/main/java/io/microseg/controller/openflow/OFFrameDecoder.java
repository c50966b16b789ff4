package io.microseg.controller.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.util.HashMap;
import java.util.Map;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/**
 * Frames the byte stream by the OpenFlow header's length, then lets Loxi parse each frame.
 * A frame Loxi cannot read becomes an {@link UnparsableMessage} instead of an exception, so
 * one odd message never takes the connection (or the controller) down with it.
 */
public final class OFFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final int HEADER = 8;
    private static final int MULTIPART_REPLY = 19;
    private static final int REPLY_MORE = 1;
    /** Default cap on the bytes of multipart replies being reassembled on one connection. */
    public static final long DEFAULT_MAX_MULTIPART_BYTES = 64L << 20;
    private final OFMessageReader<OFMessage> reader = OFFactories.getGenericReader();
    private final long maxMultipartBytes;
    /** Bytes of unfinished multipart replies (REPLY_MORE seen, last part not yet), by xid. */
    private final Map<Long, Long> multipart = new HashMap<>();
    private long multipartBytes;

    public OFFrameDecoder() {
        this(DEFAULT_MAX_MULTIPART_BYTES);
    }

    /** {@code maxMultipartBytes}: a peer whose unfinished multipart replies exceed this is dropped. */
    public OFFrameDecoder(long maxMultipartBytes) {
        super(0xFFFF, 2, 2, -4, 0);
        this.maxMultipartBytes = maxMultipartBytes;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= 1 && (in.getUnsignedByte(in.readerIndex()) < 1 || in.getUnsignedByte(in.readerIndex()) > 6)) {
            throw new GarbageException("byte 0x" + Integer.toHexString(in.getUnsignedByte(in.readerIndex()))
                    + " is no OpenFlow version");
        }
        if (in.readableBytes() >= 4 && in.getUnsignedShort(in.readerIndex() + 2) < HEADER) {
            throw new GarbageException("OpenFlow length field " + in.getUnsignedShort(in.readerIndex() + 2)
                    + " is shorter than a header");
        }
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            int version = frame.getUnsignedByte(frame.readerIndex());
            int type = frame.getUnsignedByte(frame.readerIndex() + 1);
            int length = frame.getUnsignedShort(frame.readerIndex() + 2);
            long xid = frame.getUnsignedInt(frame.readerIndex() + 4);
            if (version >= 4 && type == MULTIPART_REPLY && length >= HEADER + 4) {
                countMultipart(xid, length, (frame.getUnsignedShort(frame.readerIndex() + 10) & REPLY_MORE) != 0);
            }
            try {
                OFMessage message = reader.readFrom(frame);
                if (message == null) {
                    return new UnparsableMessage(version, type, length, xid, "incomplete message");
                }
                return message;
            } catch (OFParseError | RuntimeException e) {
                return new UnparsableMessage(version, type, length, xid, String.valueOf(e.getMessage()));
            }
        } finally {
            frame.release();
        }
    }

    /** Counts a multipart part; the reassembly of all unfinished replies may not exceed the cap. */
    private void countMultipart(long xid, int length, boolean more) throws GarbageException {
        if (!more) {
            Long done = multipart.remove(xid);
            multipartBytes -= done == null ? 0 : done;
            return;
        }
        multipart.merge(xid, (long) length, Long::sum);
        multipartBytes += length;
        if (multipartBytes > maxMultipartBytes) {
            throw new GarbageException("multipart replies being reassembled exceed openflow.maxMultipartBytes ("
                    + maxMultipartBytes + " bytes, " + multipart.size() + " unfinished)");
        }
    }

    /** The stream is not OpenFlow: the connection must go. */
    public static final class GarbageException extends Exception {
        private static final long serialVersionUID = 1L;

        public GarbageException(String message) {
            super(message);
        }
    }
}
