package io.microseg.controller.openflow;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/** A scripted switch on an EmbeddedChannel: the test plays the switch's side of the conversation. */
final class FakeSwitch {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final SwitchRegistry registry = new SwitchRegistry();
    final List<SwitchSession> connected = new ArrayList<>();
    final List<SwitchSession> disconnected = new ArrayList<>();
    final OFChannelHandler handler;
    final EmbeddedChannel channel;
    final OFFactory factory;
    private final ArrayDeque<OFMessage> sent = new ArrayDeque<>();

    FakeSwitch(OFVersion version) {
        this.factory = OFFactories.getFactory(version);
        registry.addListener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchSession session) {
                connected.add(session);
            }

            @Override
            public void switchDisconnected(SwitchSession session) {
                disconnected.add(session);
            }
        });
        handler = new OFChannelHandler(registry, Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
                nanos::get);
        channel = new EmbeddedChannel(handler);
    }

    /** Runs the switch side of a full handshake; returns the session the controller made. */
    static FakeSwitch connected(OFVersion version) {
        FakeSwitch sw = new FakeSwitch(version);
        sw.handshake();
        return sw;
    }

    void handshake() {
        read(); // controller HELLO
        sw(factory.buildHello().setXid(1).setElements(List.of(factory.buildHelloElemVersionbitmap()
                .setBitmaps(List.of(U32.of(1L << factory.getVersion().getWireVersion()))).build())).build());
        OFMessage features = read();
        sw(factory.buildFeaturesReply().setXid(features.getXid()).setDatapathId(DatapathId.of(0xa1L))
                .setNBuffers(0).setNTables((short) 254).build());
        read(); // SET_CONFIG
        OFMessage ports = read();
        sw(factory.buildPortDescStatsReply().setXid(ports.getXid()).setEntries(List.of(
                factory.buildPortDesc().setPortNo(OFPort.of(1)).setName("p1").setHwAddr(MacAddress.of(1L))
                        .setConfig(Set.<OFPortConfig>of()).setState(Set.<OFPortState>of()).build())).build());
    }

    void sw(OFMessage message) {
        channel.writeInbound(message);
    }

    /** The next message the controller sent, or null if none. */
    OFMessage read() {
        if (sent.isEmpty()) {
            channel.runPendingTasks();
            Object out;
            while ((out = channel.readOutbound()) != null) {
                if (out instanceof OFBatch batch) {
                    sent.addAll(batch.messages());
                } else {
                    sent.add((OFMessage) out);
                }
            }
        }
        return sent.poll();
    }

    /** Everything the controller has written so far, batches flattened. */
    List<OFMessage> drain() {
        List<OFMessage> all = new ArrayList<>();
        OFMessage message;
        while ((message = read()) != null) {
            all.add(message);
        }
        return all;
    }

    SwitchSession session() {
        return connected.get(connected.size() - 1);
    }
}
