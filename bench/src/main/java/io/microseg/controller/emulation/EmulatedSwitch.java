package io.microseg.controller.emulation;

import io.microseg.controller.openflow.OFFrameDecoder;
import io.microseg.controller.openflow.OFMessageEncoder;
import io.microseg.controller.openflow.UnparsableMessage;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * An in-process OpenFlow 1.3 switch for scale tests: it connects to the controller over TCP,
 * does the handshake (HELLO, FEATURES_REPLY, PORT_DESC with ports 1..n), answers ECHO and BARRIER,
 * keeps the flow-mods it gets in a table keyed by (table, priority, match) and reports them in
 * FLOW_STATS replies. A packet-out of an LLDP frame through a port is handed by its
 * {@link EmulatedFabric} to the switch at the other end of that port's link, which sends it up as
 * a packet-in: as if every switch had a table-0 flow punting LLDP to the controller.
 *
 * <p>Protocol work runs on the connection's event loop; counters and the flow table may be read
 * from any thread. What it does not do: forward data packets, bundles (it speaks 1.3 only),
 * groups, meters, table features, flow-mod overlap checks; a non-strict delete removes entries
 * whose match equals the given one (or all, for an empty match) rather than every narrower one.
 */
public final class EmulatedSwitch {
    private static final OFFactory OF = OFFactories.getFactory(OFVersion.OF_13);
    private static final OFMessageEncoder ENCODER = new OFMessageEncoder();
    private static final int STATS_PER_REPLY = 200;

    /** Where a flow entry sits: as OpenFlow tells two entries apart. */
    public record FlowKey(int table, int priority, Match match) {
    }

    private final EmulatedFabric fabric;
    private final DatapathId dpid;
    private final int portCount;
    private final Set<Long> downPorts = ConcurrentHashMap.newKeySet();
    private final Map<FlowKey, OFFlowMod> flows = new ConcurrentHashMap<>();
    private final AtomicLong flowMods = new AtomicLong();
    private final AtomicLong packetOuts = new AtomicLong();
    private final AtomicLong packetIns = new AtomicLong();
    private final CompletableFuture<Void> handshake = new CompletableFuture<>();
    private volatile Channel channel;

    EmulatedSwitch(EmulatedFabric fabric, DatapathId dpid, int portCount) {
        if (portCount < 0 || portCount > 0xff00) {
            throw new IllegalArgumentException("port count out of range: " + portCount);
        }
        this.fabric = fabric;
        this.dpid = dpid;
        this.portCount = portCount;
    }

    public DatapathId dpid() {
        return dpid;
    }

    public int portCount() {
        return portCount;
    }

    /** Completes when the controller has read this switch's port list (the end of the handshake). */
    public CompletableFuture<Void> handshake() {
        return handshake;
    }

    public long flowModCount() {
        return flowMods.get();
    }

    public long packetOutCount() {
        return packetOuts.get();
    }

    public long packetInCount() {
        return packetIns.get();
    }

    /** The flow table now, by (table, priority, match). */
    public Map<FlowKey, OFFlowMod> flows() {
        return Map.copyOf(flows);
    }

    public boolean isPortUp(long port) {
        return port >= 1 && port <= portCount && !downPorts.contains(port);
    }

    CompletableFuture<Void> connect(EventLoopGroup group, InetSocketAddress controller) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("frame", new OFFrameDecoder()).addLast("encode", ENCODER)
                                .addLast("switch", new Handler());
                    }
                })
                .connect(controller).addListener(f -> {
                    if (f.isSuccess()) {
                        connected.complete(null);
                    } else {
                        connected.completeExceptionally(f.cause());
                        handshake.completeExceptionally(f.cause());
                    }
                });
        return connected.thenCompose(ok -> handshake);
    }

    /** Takes a port down or up (link state) and tells the controller with PORT_STATUS. */
    public void setPortUp(long port, boolean up) {
        if (port < 1 || port > portCount) {
            throw new IllegalArgumentException(dpid + " has no port " + port);
        }
        if (up) {
            downPorts.remove(port);
        } else {
            downPorts.add(port);
        }
        Channel ch = channel;
        if (ch != null) {
            ch.writeAndFlush(OF.buildPortStatus().setReason(OFPortReason.MODIFY).setDesc(portDesc(port)).build());
        }
    }

    /** Hands a frame up to the controller as if it arrived on {@code port} and a flow punted it. */
    void receive(long port, byte[] frame) {
        Channel ch = channel;
        if (ch == null || !handshake.isDone() || !isPortUp(port)) {
            return;
        }
        packetIns.incrementAndGet();
        ch.writeAndFlush(OF.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length)
                .setReason(OFPacketInReason.ACTION)
                .setTableId(TableId.of(0))
                .setCookie(U64.ZERO)
                .setMatch(OF.buildMatch().setExact(MatchField.IN_PORT, OFPort.of((int) port)).build())
                .setData(frame)
                .build());
    }

    public void close() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private OFPortDesc portDesc(long port) {
        boolean up = isPortUp(port);
        return OF.buildPortDesc()
                .setPortNo(OFPort.of((int) port))
                .setName("e" + Long.toHexString(dpid.value()) + "-" + port)
                .setHwAddr(MacAddress.of(0x0200_0000_0000L | (dpid.value() & 0xff_ffffL) << 16 | port))
                .setConfig(Set.<OFPortConfig>of())
                .setState(up ? Set.of(OFPortState.LIVE) : Set.of(OFPortState.LINK_DOWN))
                .build();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            ctx.writeAndFlush(OF.buildHello().setXid(1).setElements(List.of(OF.buildHelloElemVersionbitmap()
                    .setBitmaps(List.of(U32.of(1L << OFVersion.OF_13.getWireVersion()))).build())).build());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshake.completeExceptionally(new IllegalStateException(dpid + ": connection closed"));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof UnparsableMessage) {
                return;
            }
            OFMessage message = (OFMessage) msg;
            if (message instanceof OFEchoRequest echo) {
                ctx.writeAndFlush(OF.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            } else if (message instanceof OFFeaturesRequest) {
                ctx.writeAndFlush(OF.buildFeaturesReply().setXid(message.getXid())
                        .setDatapathId(org.projectfloodlight.openflow.types.DatapathId.of(dpid.value()))
                        .setNBuffers(0).setNTables((short) 254).build());
            } else if (message instanceof OFPortDescStatsRequest) {
                List<OFPortDesc> ports = new ArrayList<>(portCount);
                for (long port = 1; port <= portCount; port++) {
                    ports.add(portDesc(port));
                }
                ctx.writeAndFlush(OF.buildPortDescStatsReply().setXid(message.getXid()).setEntries(ports).build())
                        .addListener(f -> handshake.complete(null));
            } else if (message instanceof OFBarrierRequest) {
                ctx.writeAndFlush(OF.buildBarrierReply().setXid(message.getXid()).build());
            } else if (message instanceof OFFlowMod mod) {
                flowMods.incrementAndGet();
                apply(mod);
            } else if (message instanceof OFFlowStatsRequest request) {
                flowStats(ctx, request);
            } else if (message instanceof OFPacketOut out) {
                packetOuts.incrementAndGet();
                packetOut(out);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private void apply(OFFlowMod mod) {
        FlowKey key = new FlowKey(mod.getTableId().getValue(), mod.getPriority(), mod.getMatch());
        OFFlowModCommand command = mod.getCommand();
        switch (command) {
            case ADD, MODIFY, MODIFY_STRICT -> flows.put(key, mod);
            case DELETE_STRICT -> flows.remove(key);
            case DELETE -> {
                boolean anyTable = mod.getTableId().equals(TableId.ALL);
                boolean anyMatch = !mod.getMatch().getMatchFields().iterator().hasNext();
                long mask = mod.getCookieMask().getValue();
                long cookie = mod.getCookie().getValue() & mask;
                flows.entrySet().removeIf(e -> (anyTable || e.getKey().table() == key.table())
                        && (anyMatch || e.getKey().match().equals(key.match()))
                        && (e.getValue().getCookie().getValue() & mask) == cookie);
            }
            default -> { }
        }
    }

    private void flowStats(ChannelHandlerContext ctx, OFFlowStatsRequest request) {
        boolean anyTable = request.getTableId().equals(TableId.ALL);
        long mask = request.getCookieMask().getValue();
        long cookie = request.getCookie().getValue() & mask;
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (var entry : flows.entrySet()) {
            OFFlowMod mod = entry.getValue();
            if ((anyTable || entry.getKey().table() == request.getTableId().getValue())
                    && (mod.getCookie().getValue() & mask) == cookie) {
                entries.add(OF.buildFlowStatsEntry().setTableId(mod.getTableId()).setPriority(mod.getPriority())
                        .setMatch(mod.getMatch()).setInstructions(mod.getInstructions()).setCookie(mod.getCookie())
                        .setFlags(mod.getFlags()).setIdleTimeout(mod.getIdleTimeout()).setHardTimeout(mod.getHardTimeout())
                        .build());
            }
        }
        int from = 0;
        do {
            int to = Math.min(entries.size(), from + STATS_PER_REPLY);
            ctx.write(OF.buildFlowStatsReply().setXid(request.getXid()).setEntries(entries.subList(from, to))
                    .setFlags(to < entries.size() ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of()).build());
            from = to;
        } while (from < entries.size());
        ctx.flush();
    }

    private void packetOut(OFPacketOut out) {
        byte[] data = out.getData();
        if (data.length < 14 || (data[12] & 0xff) != 0x88 || (data[13] & 0xff) != 0xcc) {
            return; // only LLDP crosses the emulated links
        }
        long inPort = Integer.toUnsignedLong(out.getInPort().getPortNumber());
        for (OFAction action : out.getActions()) {
            if (!(action instanceof OFActionOutput output)) {
                continue;
            }
            OFPort port = output.getPort();
            if (port.equals(OFPort.FLOOD) || port.equals(OFPort.ALL)) {
                for (long p = 1; p <= portCount; p++) {
                    if (p != inPort) {
                        send(p, data);
                    }
                }
            } else {
                send(Integer.toUnsignedLong(port.getPortNumber()), data);
            }
        }
    }

    private void send(long port, byte[] frame) {
        if (isPortUp(port)) {
            fabric.deliver(ConnectPoint.of(dpid.value(), port), frame);
        }
    }
}
