package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

class OFFrameDecoderTest {
    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);

    private ByteBuf bytes(int... values) {
        ByteBuf buf = Unpooled.buffer();
        for (int v : values) {
            buf.writeByte(v);
        }
        return buf;
    }

    @Test
    void reassemblesMessagesSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new OFFrameDecoder());
        ByteBuf wire = Unpooled.buffer();
        factory.buildEchoRequest().setXid(42).setData(new byte[] {9, 9, 9}).build().writeTo(wire);
        factory.buildEchoRequest().setXid(43).setData(new byte[0]).build().writeTo(wire);
        channel.writeInbound(wire.readRetainedSlice(5));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(wire.readRetainedSlice(wire.readableBytes()));
        OFEchoRequest first = channel.readInbound();
        OFEchoRequest second = channel.readInbound();
        assertThat(first.getXid()).isEqualTo(42);
        assertThat(first.getData()).containsExactly(9, 9, 9);
        assertThat(second.getXid()).isEqualTo(43);
    }

    @Test
    void unknownMessageTypeBecomesUnparsableAndTheStreamGoesOn() {
        EmbeddedChannel channel = new EmbeddedChannel(new OFFrameDecoder());
        ByteBuf wire = bytes(4, 250, 0, 8, 0, 0, 0, 7);
        factory.buildEchoRequest().setXid(8).setData(new byte[0]).build().writeTo(wire);
        channel.writeInbound(wire);
        UnparsableMessage bad = channel.readInbound();
        assertThat(bad.xid()).isEqualTo(7);
        assertThat(bad.type()).isEqualTo(250);
        OFEchoRequest next = channel.readInbound();
        assertThat(next.getXid()).isEqualTo(8);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void lengthShorterThanAHeaderIsGarbageAndClosesOnlyThisConnection() {
        EmbeddedChannel channel = new EmbeddedChannel(new OFFrameDecoder(), new OFChannelHandler(new SwitchRegistry(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), System::nanoTime));
        channel.writeInbound(bytes(4, 'E', 0, 2, 'T', ' ', '/', ' '));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aByteThatIsNoOpenflowVersionIsGarbage() {
        EmbeddedChannel channel = new EmbeddedChannel(new OFFrameDecoder(), new OFChannelHandler(new SwitchRegistry(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), System::nanoTime));
        channel.writeInbound(bytes('G', 'E', 'T', ' ', '/'));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    private ByteBuf portDescPart(long xid, boolean more) {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        var ports = new ArrayList<OFPortDesc>();
        for (int i = 1; i <= 100; i++) {
            ports.add(f.buildPortDesc().setPortNo(OFPort.of(i)).setName("p" + i)
                    .setHwAddr(MacAddress.of(i)).build());
        }
        ByteBuf wire = Unpooled.buffer();
        f.buildPortDescStatsReply().setXid(xid).setEntries(ports)
                .setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE)
                        : Set.of()).build().writeTo(wire);
        return wire;
    }

    @Test
    void endlessReplyMoreIsCutAtTheCapAndOnlyThatPeerIsDropped() {
        int part = portDescPart(9, true).readableBytes();
        EmbeddedChannel endless = new EmbeddedChannel(new OFFrameDecoder(10L * part));
        for (int i = 0; i < 10; i++) {
            endless.writeInbound(portDescPart(9, true)); // at the cap, not beyond
        }
        Assertions.assertThatThrownBy(() -> endless.writeInbound(portDescPart(9, true)))
                .hasRootCauseInstanceOf(OFFrameDecoder.GarbageException.class)
                .hasMessageContaining("openflow.maxMultipartBytes");

        // finished replies do not count: many complete tables in a row pass
        EmbeddedChannel honest = new EmbeddedChannel(new OFFrameDecoder(10L * part));
        for (int i = 0; i < 50; i++) {
            honest.writeInbound(portDescPart(100 + i, true));
            honest.writeInbound(portDescPart(100 + i, false));
        }
        assertThat(honest.isOpen()).isTrue();
    }
}
