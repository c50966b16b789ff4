package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

class OFChannelHandlerTest {

    @Test
    void handshakeWalksHelloFeaturesConfigPortsThenRegisters() {
        FakeSwitch sw = new FakeSwitch(OFVersion.OF_14);
        assertThat(sw.read()).isInstanceOf(OFHello.class);
        assertThat(sw.handler.state()).isEqualTo(OFChannelHandler.State.WAIT_HELLO);
        sw.sw(sw.factory.buildHello().setXid(1).build());
        assertThat(sw.read()).isInstanceOf(OFFeaturesRequest.class);
        assertThat(sw.handler.state()).isEqualTo(OFChannelHandler.State.WAIT_FEATURES);
        sw.sw(sw.factory.buildFeaturesReply().setXid(2)
                .setDatapathId(DatapathId.of(7)).setNTables((short) 1).build());
        assertThat(sw.read()).isInstanceOf(OFSetConfig.class);
        assertThat(sw.read()).isInstanceOf(OFPortDescStatsRequest.class);
        assertThat(sw.connected).isEmpty();
        sw.sw(sw.factory.buildPortDescStatsReply().setXid(4).setEntries(List.of()).build());
        assertThat(sw.handler.state()).isEqualTo(OFChannelHandler.State.ACTIVE);
        assertThat(sw.connected).hasSize(1);
        assertThat(sw.session().dpid().value()).isEqualTo(7);
        assertThat(sw.session().supportsBundles()).isTrue();
        assertThat(sw.registry.get(sw.session().dpid())).contains(sw.session());
    }

    @Test
    void openflow13SwitchGetsASessionWithoutBundles() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        assertThat(sw.session().version()).isEqualTo(OFVersion.OF_13);
        assertThat(sw.session().supportsBundles()).isFalse();
        assertThat(sw.session().ports()).extracting(PortInfo::name).containsExactly("p1");
    }

    @Test
    void openflow10PeerIsRefusedWithHelloFailedAndClosed() {
        FakeSwitch sw = new FakeSwitch(OFVersion.OF_10);
        sw.read();
        OFFactory of10 = OFFactories.getFactory(OFVersion.OF_10);
        sw.sw(of10.buildHello().setXid(9).build());
        assertThat(sw.read()).isInstanceOf(OFHelloFailedErrorMsg.class);
        sw.channel.runPendingTasks();
        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(sw.connected).isEmpty();
    }

    @Test
    void somethingOtherThanHelloFirstClosesTheConnection() {
        FakeSwitch sw = new FakeSwitch(OFVersion.OF_13);
        sw.read();
        sw.sw(sw.factory.buildEchoRequest().setXid(3).setData(new byte[0]).build());
        assertThat(sw.channel.isOpen()).isFalse();
    }

    @Test
    void aMessageInAnotherVersionThanTheNegotiatedOneIsSkippedNotFatal() {
        // found by OpenFlowLongFuzzTest: an OpenFlow 1.0 PACKET_IN on a 1.4 connection threw (1.0 has no match)
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_14);
        sw.drain();
        List<PacketIn> packets = new ArrayList<>();
        sw.registry.addListener(new SwitchListener() {
            @Override
            public void packetIn(SwitchSession session, PacketIn packet) {
                packets.add(packet);
            }
        });
        OFFactory of10 = OFFactories.getFactory(OFVersion.OF_10);
        sw.sw(of10.buildPacketIn().setXid(9).setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.of(1))
                .setReason(OFPacketInReason.NO_MATCH).setData(new byte[14]).build());

        assertThat(sw.channel.isOpen()).isTrue();
        assertThat(sw.handler.failure()).isEmpty();
        assertThat(packets).isEmpty();
        sw.sw(sw.factory.buildEchoRequest().setXid(78).setData(new byte[0]).build());
        assertThat(sw.read()).isInstanceOf(OFEchoReply.class);
    }

    @Test
    void answersTheSwitchsEchoRequests() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        sw.sw(sw.factory.buildEchoRequest().setXid(77).setData(new byte[] {1, 2}).build());
        OFMessage reply = sw.read();
        assertThat(reply).isInstanceOf(OFEchoReply.class);
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(((OFEchoReply) reply).getData()).containsExactly(1, 2);
    }

    @Test
    void quietSwitchIsProbedThenDisconnectedWithoutSleeping() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        var ctx = sw.channel.pipeline().context(sw.handler);
        sw.nanos.addAndGet(4_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.read()).isNull();
        sw.nanos.addAndGet(1_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.read()).isInstanceOf(OFEchoRequest.class);
        sw.nanos.addAndGet(14_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.channel.isOpen()).isTrue();
        sw.nanos.addAndGet(1_000_000_000L);
        sw.handler.tick(ctx);
        sw.channel.runPendingTasks();
        assertThat(sw.channel.isOpen()).isFalse();
        assertThat(sw.disconnected).hasSize(1);
    }

    @Test
    void echoReplyKeepsTheSwitchConnected() {
        FakeSwitch sw = FakeSwitch.connected(OFVersion.OF_13);
        sw.drain();
        var ctx = sw.channel.pipeline().context(sw.handler);
        sw.nanos.addAndGet(5_000_000_000L);
        sw.handler.tick(ctx);
        OFMessage echo = sw.read();
        sw.sw(sw.factory.buildEchoReply().setXid(echo.getXid()).setData(new byte[0]).build());
        sw.nanos.addAndGet(15_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.channel.isOpen()).isTrue();
    }

    /** A second connection on {@code first}'s registry that completes a handshake claiming dpid 0xa1. */
    private static EmbeddedChannel claimant(FakeSwitch first) {
        OFChannelHandler handler = new OFChannelHandler(first.registry, Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(30), first.nanos::get);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        OFFactory f = first.factory;
        channel.writeInbound(f.buildHello().setXid(1).build());
        channel.writeInbound(f.buildFeaturesReply().setXid(2)
                .setDatapathId(DatapathId.of(0xa1L)).setNTables((short) 1).build());
        channel.writeInbound(f.buildPortDescStatsReply().setXid(4).setEntries(List.of()).build());
        return channel;
    }

    @Test
    void claimOnAConnectedDatapathIsRefusedWhileTheConnectedSwitchAnswersItsEcho() {
        FakeSwitch first = FakeSwitch.connected(OFVersion.OF_13);
        while (first.read() != null) { }
        var rogue = claimant(first);
        first.channel.runPendingTasks();
        OFMessage probe = first.read();
        assertThat(probe).isInstanceOf(OFEchoRequest.class);
        assertThat(rogue.isOpen()).isTrue(); // undecided until the probe is answered or times out
        first.sw(first.factory.buildEchoReply().setXid(probe.getXid()).setData(new byte[0]).build());
        first.channel.runPendingTasks();
        rogue.runPendingTasks();
        assertThat(rogue.isOpen()).isFalse();
        assertThat(first.channel.isOpen()).isTrue();
        assertThat(first.connected).hasSize(1);
        assertThat(first.registry.get(first.connected.get(0).dpid())).contains(first.connected.get(0));
        assertThat(first.disconnected).isEmpty();
    }

    @Test
    void claimOnADatapathWhoseConnectionDoesNotAnswerReplacesIt() {
        FakeSwitch first = FakeSwitch.connected(OFVersion.OF_13);
        while (first.read() != null) { }
        var restarted = claimant(first);
        first.channel.runPendingTasks();
        assertThat(first.read()).isInstanceOf(OFEchoRequest.class);
        first.channel.advanceTimeBy(3100, TimeUnit.MILLISECONDS);
        first.channel.runScheduledPendingTasks();
        restarted.runPendingTasks();
        assertThat(restarted.isOpen()).isTrue();
        assertThat(first.channel.isOpen()).isFalse();
        assertThat(first.connected).hasSize(2);
        assertThat(first.registry.get(first.connected.get(0).dpid())).contains(first.connected.get(1));
    }

    @Test
    void claimOnADatapathWhoseConnectionIsClosedIsAcceptedAtOnce() {
        FakeSwitch first = FakeSwitch.connected(OFVersion.OF_13);
        first.connected.get(0).disconnected();
        var next = claimant(first);
        assertThat(next.isOpen()).isTrue();
        assertThat(first.connected).hasSize(2);
        assertThat(first.registry.get(first.connected.get(0).dpid())).contains(first.connected.get(1));
    }

    @Test
    void peerThatNeverFinishesTheHandshakeIsDropped() {
        FakeSwitch sw = new FakeSwitch(OFVersion.OF_13);
        sw.read();
        var ctx = sw.channel.pipeline().context(sw.handler);
        sw.nanos.addAndGet(14_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.channel.isOpen()).isTrue();
        sw.nanos.addAndGet(2_000_000_000L);
        sw.handler.tick(ctx);
        assertThat(sw.channel.isOpen()).isFalse();
    }
}
