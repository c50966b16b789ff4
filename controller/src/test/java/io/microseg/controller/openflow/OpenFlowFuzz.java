package io.microseg.controller.openflow;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.LoggerFactory;

/**
 * The fuzz target behind {@link OpenFlowFuzzTest}: a peer that sends arbitrary bytes to the real OpenFlow pipeline
 * ({@link OFFrameDecoder} then {@link OFChannelHandler}) while an honest switch is connected to the same registry.
 *
 * <p>Input: byte 0 picks where the peer starts (before HELLO, after HELLO, or as a connected switch that has
 * a flow-stats request, a barrier batch and a bundle outstanding), byte 1 how the rest is cut into reads; the
 * rest is the byte stream. Whatever the bytes, afterwards: no exception escaped other than the decoder refusing
 * a stream that is no OpenFlow (then only this peer is closed), every handshake cap held, the honest switch is
 * still connected, and once the peer is gone nothing of it stays: no session in the registry, no request left
 * waiting, no buffer left unreleased.
 */
final class OpenFlowFuzz {
    static final long HONEST_DPID = 0x5eed_0000_0000_0001L;

    static {
        ((Logger) LoggerFactory.getLogger("io.microseg.controller.openflow")).setLevel(Level.OFF);
    }

    private OpenFlowFuzz() {
    }

    static void run(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int start = (input[0] & 0xff) % 3;
        int chunk = (input[1] & 0x3f) + 1;
        OFVersion version = (input[0] & 0x80) != 0 ? OFVersion.OF_13 : OFVersion.OF_14;
        OFFactory factory = OFFactories.getFactory(version);
        AtomicLong nanos = new AtomicLong(1_000_000_000L);

        SwitchRegistry registry = new SwitchRegistry();
        EmbeddedChannel honest = new EmbeddedChannel(handler(registry, nanos));
        handshake(honest, factory, HONEST_DPID);
        SwitchSession honestSession = registry.get(io.microseg.topology.DatapathId.of(HONEST_DPID)).orElseThrow();

        OFChannelHandler handler = handler(registry, nanos);
        EmbeddedChannel peer = new EmbeddedChannel(new OFFrameDecoder(), handler);
        List<CompletableFuture<?>> waiting = new ArrayList<>();
        if (start >= 1) {
            write(peer, factory.buildHello().setXid(1).setElements(List.of(factory.buildHelloElemVersionbitmap()
                    .setBitmaps(List.of(U32.of(1L << version.getWireVersion()))).build())).build());
        }
        if (start == 2) {
            write(peer, factory.buildFeaturesReply().setXid(2).setDatapathId(DatapathId.of(0xf00dL))
                    .setNBuffers(0).setNTables((short) 254).build());
            write(peer, factory.buildPortDescStatsReply().setXid(4).setEntries(List.of()).build());
            SwitchSession session = handler.session().orElseThrow();
            waiting.add(session.flowStats(factory.buildFlowStatsRequest().build()));           // xid 16
            waiting.add(session.send(List.of(factory.buildFlowAdd().setTableId(TableId.of(1)).build(),
                    factory.buildFlowAdd().setTableId(TableId.of(2)).build())));                  // xids 17-19
            if (version == OFVersion.OF_14) {
                waiting.add(session.sendBundle(List.of(factory.buildFlowAdd().build())));       // xids 20-22
            }
        }
        drain(peer);

        List<ByteBuf> reads = new ArrayList<>();
        for (int at = 2; at < input.length && peer.isOpen(); at += chunk) {
            ByteBuf read = Unpooled.wrappedBuffer(Arrays.copyOfRange(input, at, Math.min(input.length, at + chunk)));
            reads.add(read);
            peer.writeInbound(read.retain());
            peer.runPendingTasks();
            drain(peer);
            check(handler, peer);
        }

        if (!honest.isActive() || registry.get(io.microseg.topology.DatapathId.of(HONEST_DPID))
                .filter(s -> s == honestSession).isEmpty()) {
            throw new IllegalStateException("the honest switch lost its connection to a fuzzed peer");
        }
        peer.finishAndReleaseAll();
        for (ByteBuf read : reads) {
            if (read.refCnt() != 1) {
                throw new IllegalStateException("the pipeline kept or over-released a read: refCnt " + read.refCnt());
            }
            read.release();
        }
        if (!registry.all().equals(List.of(honestSession))) {
            throw new IllegalStateException("a closed peer stays in the registry: " + registry.all());
        }
        for (CompletableFuture<?> request : waiting) {
            if (!request.isDone()) {
                throw new IllegalStateException("a request to a closed peer still waits");
            }
        }
        honest.finishAndReleaseAll();
    }

    /** Invariants that hold after every read. */
    private static void check(OFChannelHandler handler, EmbeddedChannel peer) {
        handler.failure().ifPresent(failure -> {
            boolean refusedStream = failure instanceof DecoderException
                    && failure.getCause() instanceof OFFrameDecoder.GarbageException;
            if (!refusedStream) {
                throw new IllegalStateException("the OpenFlow pipeline threw on a peer's input", failure);
            }
            if (peer.isOpen()) {
                throw new IllegalStateException("a peer that sent garbage is still connected");
            }
        });
        if (handler.portsSeen() > OFChannelHandler.MAX_PORTS) {
            throw new IllegalStateException("port cap exceeded: " + handler.portsSeen());
        }
    }

    private static OFChannelHandler handler(SwitchRegistry registry, AtomicLong nanos) {
        return new OFChannelHandler(registry, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
                nanos::get);
    }

    private static void handshake(EmbeddedChannel channel, OFFactory factory, long dpid) {
        channel.writeInbound(factory.buildHello().setXid(1).setElements(List.of(factory.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << factory.getVersion().getWireVersion()))).build())).build());
        channel.writeInbound(factory.buildFeaturesReply().setXid(2).setDatapathId(DatapathId.of(dpid))
                .setNBuffers(0).setNTables((short) 254).build());
        channel.writeInbound(factory.buildPortDescStatsReply().setXid(4).setEntries(List.of()).build());
        drain(channel);
    }

    private static void write(EmbeddedChannel channel, OFMessage message) {
        ByteBuf wire = Unpooled.buffer();
        message.writeTo(wire);
        channel.writeInbound(wire);
    }

    private static void drain(EmbeddedChannel channel) {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }
}
