package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** A peer that never ends a multipart reply, or repeats errors, is dropped before it can fill the heap. */
class MultipartCapTest {

    @Test
    void endlessReplyMoreOnFlowStatsDropsThePeerAndFailsTheRequest() {
        // the byte cap is OFFrameDecoder's (openflow.maxMultipartBytes); here it meets the session behind it
        SwitchRegistry registry = new SwitchRegistry();
        OFChannelHandler handler = new OFChannelHandler(registry, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30), () -> 1_000_000_000L);
        EmbeddedChannel channel = new EmbeddedChannel(new OFFrameDecoder(64 * 1024), handler);
        OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
        wire(channel, factory.buildHello().setXid(1).build());
        wire(channel, factory.buildFeaturesReply().setXid(2)
                .setDatapathId(DatapathId.of(9)).setNTables((short) 1).build());
        wire(channel, factory.buildPortDescStatsReply().setXid(4).setEntries(List.of()).build());
        SwitchSession session = handler.session().orElseThrow();
        CompletableFuture<List<OFFlowStatsEntry>> done = session.flowStats(factory.buildFlowStatsRequest().build());
        OFFlowStatsEntry entry = factory.buildFlowStatsEntry().setTableId(TableId.of(0)).setCookie(U64.of(5)).build();
        OFMessage part = factory.buildFlowStatsReply().setXid(16).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(Collections.nCopies(100, entry)).build();

        for (int i = 0; i < 1000 && channel.isOpen(); i++) {
            wire(channel, part);
        }

        assertThat(channel.isOpen()).isFalse();
        assertThat(done).isCompletedExceptionally();
        assertThat(registry.all()).isEmpty();
    }

    private static void wire(EmbeddedChannel channel, OFMessage message) {
        ByteBuf bytes = Unpooled.buffer();
        message.writeTo(bytes);
        channel.writeInbound(bytes);
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
    }

    @Test
    void endlessReplyMoreOnPortDescriptionsEndsTheHandshake() {
        FakeSwitch sw = new FakeSwitch(OFVersion.OF_13);
        sw.read();
        sw.sw(sw.factory.buildHello().setXid(1).build());
        sw.read();
        sw.sw(sw.factory.buildFeaturesReply().setXid(2)
                .setDatapathId(DatapathId.of(9)).setNTables((short) 1).build());
        var ports = IntStream.range(0, 256).mapToObj(i -> sw.factory.buildPortDesc()
                .setPortNo(OFPort.of(i + 1)).setName("p" + i).setHwAddr(MacAddress.of(i))
                .setConfig(Set.<OFPortConfig>of()).setState(Set.<OFPortState>of()).build()).toList();
        OFMessage part = sw.factory.buildPortDescStatsReply().setXid(4).setFlags(Set.of(OFStatsReplyFlags.REPLY_MORE))
                .setEntries(ports).build();

        for (int i = 0; i < OFChannelHandler.MAX_PORTS / ports.size(); i++) {
            sw.sw(part);
        }
        assertThat(sw.channel.isOpen()).isTrue();
        assertThat(sw.handler.portsSeen()).isEqualTo(OFChannelHandler.MAX_PORTS);
        sw.sw(part);

        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(sw.handler.portsSeen()).isLessThanOrEqualTo(OFChannelHandler.MAX_PORTS);
        assertThat(sw.connected).isEmpty();
    }

    @Test
    void repeatedErrorsForOneBatchAreKeptOncePerMessage() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        CompletableFuture<Void> done = sw.session().send(List.of(sw.factory.buildFlowAdd().setTableId(TableId.of(1)).build()));
        List<OFMessage> sent = sw.drain();
        OFMessage error = sw.factory.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(0).getXid())
                .setCode(OFFlowModFailedCode.BAD_TABLE_ID).build();
        for (int i = 0; i < 10_000; i++) {
            sw.sw(error);
        }
        sw.sw(sw.factory.buildBarrierReply().setXid(sent.get(1).getXid()).build());

        assertThat(done).isCompletedExceptionally();
        SwitchRequestException failure = (SwitchRequestException) done.handle((ok, e) -> e.getCause() != null
                && e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(failure.errors()).hasSizeLessThanOrEqualTo(2);
    }
}
