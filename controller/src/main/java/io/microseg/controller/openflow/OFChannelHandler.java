package io.microseg.controller.openflow;

import io.microseg.topology.DatapathId;
import io.microseg.topology.PortNumber;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch connection: the handshake (HELLO with version bitmap, FEATURES, SET_CONFIG,
 * PORT_DESC), keepalive, and then dispatch of replies to the {@link SwitchSession} and of
 * events to the {@link SwitchRegistry}. Runs on the connection's event loop and never blocks.
 */
public final class OFChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OFChannelHandler.class);
    private static final long HANDSHAKE_XID_HELLO = 1;
    private static final long HANDSHAKE_XID_FEATURES = 2;
    private static final long HANDSHAKE_XID_CONFIG = 3;
    private static final long HANDSHAKE_XID_PORTS = 4;
    private static final long ECHO_XID = 5;
    /** Most ports a switch may describe during the handshake (OpenFlow numbers physical ports up to 0xff00). */
    static final int MAX_PORTS = 0xff00;

    /** Where the handshake stands. */
    public enum State { WAIT_HELLO, WAIT_FEATURES, WAIT_PORTS, WAIT_CLAIM, ACTIVE, CLOSED }

    private final SwitchRegistry registry;
    private final Duration echoInterval;
    private final Duration echoTimeout;
    private final Duration requestTimeout;
    private final LongSupplier nanoTime;
    private State state = State.WAIT_HELLO;
    private OFFactory factory = OFFactories.getFactory(OFVersion.OF_14);
    private DatapathId dpid;
    private Optional<String> identity = Optional.empty();
    private final List<PortInfo> ports = new ArrayList<>();
    private SwitchSession session;
    private Keepalive keepalive;
    private ScheduledFuture<?> ticker;
    private long connectedAt;
    private Throwable failure;

    public OFChannelHandler(SwitchRegistry registry, Duration echoInterval, Duration echoTimeout,
                            Duration requestTimeout, LongSupplier nanoTime) {
        this.registry = registry;
        this.echoInterval = echoInterval;
        this.echoTimeout = echoTimeout;
        this.requestTimeout = requestTimeout;
        this.nanoTime = nanoTime;
    }

    public State state() {
        return state;
    }

    public Optional<SwitchSession> session() {
        return Optional.ofNullable(session);
    }

    /** What closed this connection from the inside (a decoder refusing the stream, or a bug), if anything did. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Ports described so far in the handshake. */
    int portsSeen() {
        return ports.size();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connectedAt = nanoTime.getAsLong();
        keepalive = new Keepalive(echoInterval.toNanos(), echoTimeout.toNanos(), connectedAt);
        ctx.writeAndFlush(factory.buildHello().setXid(HANDSHAKE_XID_HELLO)
                .setElements(List.of(factory.buildHelloElemVersionbitmap()
                        .setBitmaps(List.of(VersionNegotiation.ourBitmap())).build()))
                .build());
        long period = Math.max(10, Math.min(echoInterval.toMillis(), echoTimeout.toMillis()) / 4);
        ticker = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs the keepalive; public so tests can drive it with their own clock. */
    public void tick(ChannelHandlerContext ctx) {
        if (keepalive == null || state == State.CLOSED) {
            return;
        }
        if (state != State.ACTIVE && nanoTime.getAsLong() - connectedAt > echoTimeout.toNanos()) {
            LOG.warn("{}: handshake did not complete within {} (stuck in {}); closing", who(ctx), echoTimeout, state);
            ctx.close();
            return;
        }
        switch (keepalive.tick(nanoTime.getAsLong())) {
            case SEND_ECHO -> ctx.writeAndFlush(factory.buildEchoRequest().setXid(ECHO_XID).setData(new byte[0]).build());
            case DISCONNECT -> {
                LOG.warn("{}: no answer to echo within {}; disconnecting", who(ctx), echoTimeout);
                ctx.close();
            }
            case NOTHING -> { }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (keepalive != null) {
            keepalive.onRead(nanoTime.getAsLong());
        }
        if (msg instanceof UnparsableMessage bad) {
            LOG.warn("{}: skipped a message microseg cannot parse (version {}, type {}, {} bytes, xid {}): {}",
                    who(ctx), bad.version(), bad.type(), bad.length(), bad.xid(), bad.reason());
            if (state != State.ACTIVE && state != State.WAIT_PORTS) {
                LOG.warn("{}: unparsable message during the handshake; closing", who(ctx));
                ctx.close();
            } else if (session != null) {
                session.handle(bad);
            }
            return;
        }
        OFMessage message = (OFMessage) msg;
        if (state != State.WAIT_HELLO && message.getVersion() != factory.getVersion()) {
            // Loxi reads each message in the version its header states; one of another version has other fields
            // (an OpenFlow 1.0 PACKET_IN has no match) and is no answer to anything we sent: skip it.
            LOG.warn("{}: skipped a {} message of OpenFlow {} on a connection that speaks {}", who(ctx),
                    message.getType(), message.getVersion(), factory.getVersion());
            return;
        }
        switch (state) {
            case WAIT_HELLO -> onHello(ctx, message);
            case WAIT_FEATURES -> onFeatures(ctx, message);
            case WAIT_PORTS -> onPorts(ctx, message);
            case WAIT_CLAIM -> onClaiming(ctx, message);
            case ACTIVE -> onActive(ctx, message);
            case CLOSED -> { }
        }
    }

    private void onHello(ChannelHandlerContext ctx, OFMessage message) {
        if (!(message instanceof OFHello hello)) {
            LOG.warn("{}: expected HELLO, got {}; closing", who(ctx), message.getType());
            ctx.close();
            return;
        }
        Optional<OFVersion> version = VersionNegotiation.negotiate(hello);
        if (version.isEmpty()) {
            LOG.error("{}: switch speaks OpenFlow {} only; microseg needs 1.3 or 1.4 (set protocols=OpenFlow13,OpenFlow14 on the bridge)",
                    who(ctx), hello.getVersion());
            OFFactory reply = OFFactories.getFactory(hello.getVersion()); // an error the peer can read
            ctx.writeAndFlush(reply.errorMsgs().buildHelloFailedErrorMsg().setXid(hello.getXid())
                    .setCode(OFHelloFailedCode.INCOMPATIBLE).build()).addListener(f -> ctx.close());
            state = State.CLOSED;
            return;
        }
        factory = OFFactories.getFactory(version.get());
        state = State.WAIT_FEATURES;
        ctx.writeAndFlush(factory.buildFeaturesRequest().setXid(HANDSHAKE_XID_FEATURES).build());
    }

    private void onFeatures(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFEchoRequest echo) {
            answerEcho(ctx, echo);
            return;
        }
        if (message instanceof OFErrorMsg error) {
            LOG.warn("{}: switch refused FEATURES_REQUEST ({}); closing", who(ctx), error);
            ctx.close();
            return;
        }
        if (!(message instanceof OFFeaturesReply features)) {
            // PORT_STATUS and other asynchronous messages may come before the reply; ports are read next anyway.
            LOG.debug("{}: ignoring {} before FEATURES_REPLY", who(ctx), message.getType());
            return;
        }
        dpid = DatapathId.of(features.getDatapathId().getLong());
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null) {
            Optional<String> proven = certifiedFor(ctx, tls, dpid);
            if (proven.isEmpty()) {
                state = State.CLOSED;
                ctx.close();
                return;
            }
            identity = proven;
        }
        ctx.write(factory.buildSetConfig().setXid(HANDSHAKE_XID_CONFIG).setMissSendLen(0xffff).build());
        ctx.writeAndFlush(factory.buildPortDescStatsRequest().setXid(HANDSHAKE_XID_PORTS).build());
        state = State.WAIT_PORTS;
    }

    private void onPorts(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFEchoRequest echo) {
            answerEcho(ctx, echo);
            return;
        }
        if (message instanceof OFErrorMsg error) {
            LOG.warn("{}: switch {} refused a handshake message: {}", who(ctx), dpid, error);
            return;
        }
        if (!(message instanceof OFPortDescStatsReply reply)) {
            LOG.debug("{}: ignoring {} during the handshake", who(ctx), message.getType());
            return;
        }
        if (ports.size() + reply.getEntries().size() > MAX_PORTS) {
            LOG.warn("{}: switch {} describes more than {} ports (REPLY_MORE without end?); closing", who(ctx), dpid, MAX_PORTS);
            state = State.CLOSED;
            ctx.close();
            return;
        }
        for (OFPortDesc desc : reply.getEntries()) {
            ports.add(PortInfo.of(desc));
        }
        if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            return;
        }
        session = new SwitchSession(dpid, ctx.channel(), factory, ports, requestTimeout, identity);
        state = State.WAIT_CLAIM;
        CompletableFuture<Boolean> claim = registry.claim(session);
        if (claim.isDone()) {
            claimed(ctx, claim.getNow(false));
        } else {
            claim.whenComplete((accepted, error) -> ctx.executor().execute(() -> {
                if (error != null) {
                    LOG.warn("{}: checking the claim on this dpid failed; closing", who(ctx), error);
                }
                claimed(ctx, Boolean.TRUE.equals(accepted));
            }));
        }
    }

    /** The registry decided whether this connection is the dpid's session; a refused one is closed. */
    private void claimed(ChannelHandlerContext ctx, boolean accepted) {
        if (state != State.WAIT_CLAIM) {
            return;
        }
        if (accepted) {
            state = State.ACTIVE;
        } else {
            LOG.warn("{}: connection from {} refused: switch {} is connected elsewhere; closing",
                    who(ctx), ctx.channel().remoteAddress(), dpid);
            state = State.CLOSED;
            session.disconnected();
            ctx.close();
        }
    }

    /** The certificate's identity if the TLS peer's certificate is issued for {@code claimed}; empty (logged) if not. */
    private Optional<String> certifiedFor(ChannelHandlerContext ctx, SslHandler tls, DatapathId claimed) {
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) tls.engine().getSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            LOG.warn("{}: refused: TLS peer claiming switch {} presented no verified certificate", ctx.channel().remoteAddress(),
                    claimed, e);
            return Optional.empty();
        }
        Set<DatapathId> certified = SwitchTls.dpidsOf(certificate);
        if (!certified.contains(claimed)) {
            LOG.warn("{}: refused: its FEATURES_REPLY claims switch {} but its certificate ({}) is issued for {}; closing",
                    ctx.channel().remoteAddress(), claimed, SwitchTls.identityOf(certificate),
                    certified.isEmpty() ? "no dpid (subject CN or a SAN URI must be dpid:<16 hex digits>)" : certified);
            return Optional.empty();
        }
        return Optional.of(SwitchTls.identityOf(certificate));
    }

    /** While the claim is being checked: echoes are answered, replies to requests are delivered, events wait for nobody. */
    private void onClaiming(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFPortStatus || message instanceof OFPacketIn) {
            LOG.debug("{}: ignoring {} while its claim on the dpid is checked", who(ctx), message.getType());
            return;
        }
        onActive(ctx, message);
    }

    private void onActive(ChannelHandlerContext ctx, OFMessage message) {
        if (message instanceof OFEchoRequest echo) {
            answerEcho(ctx, echo);
        } else if (message instanceof OFEchoReply reply) {
            if (reply.getXid() == SwitchSession.PROBE_XID) {
                session.probeAnswered();
            }
        } else if (message instanceof OFBarrierReply || message instanceof OFErrorMsg
                || message instanceof OFFlowStatsReply || message instanceof OFBundleCtrlMsg) {
            if (message instanceof OFErrorMsg error && error.getXid() < 16) {
                LOG.warn("{}: switch {} refused a handshake or echo message: {}", who(ctx), dpid, error);
                return;
            }
            session.handle(message);
        } else if (message instanceof OFPortStatus status) {
            registry.portChanged(session, PortInfo.of(status.getDesc()), status.getReason() == OFPortReason.DELETE);
        } else if (message instanceof OFPacketIn packetIn) {
            registry.packetIn(session, packetInOf(packetIn));
        } else {
            LOG.debug("{}: ignoring {}", who(ctx), message.getType());
        }
    }

    /** Our view of a packet-in; pipeline fields OVS adds to its match (metadata, reg6) when they are non-zero. */
    static PacketIn packetInOf(OFPacketIn packetIn) {
        var match = packetIn.getMatch();
        OFPort inPort = match.get(MatchField.IN_PORT);
        long metadata = 0;
        long reg6 = 0;
        for (MatchField<?> field : match.getMatchFields()) {
            if (field.equals(MatchField.METADATA)) {
                metadata = match.get(MatchField.METADATA).getValue().getValue();
            } else if (field.equals(MatchField.REG6)) {
                reg6 = match.get(MatchField.REG6).getValue();
            }
        }
        return new PacketIn(inPort == null ? PortNumber.ANY : PortNumber.ofWire(inPort.getPortNumber()),
                packetIn.getTableId().getValue(), packetIn.getCookie().getValue(), metadata, reg6, packetIn.getData());
    }

    private void answerEcho(ChannelHandlerContext ctx, OFEchoRequest echo) {
        ctx.writeAndFlush(factory.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        State was = state;
        state = State.CLOSED;
        if (session != null) {
            registry.disconnected(session);
        } else if (was != State.WAIT_HELLO) {
            LOG.info("{}: connection closed during the handshake ({})", who(ctx), was);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        LOG.warn("{}: {}; closing this connection", who(ctx), rootMessage(cause));
        ctx.close();
    }

    private String who(ChannelHandlerContext ctx) {
        return dpid != null ? "switch " + dpid : String.valueOf(ctx.channel().remoteAddress());
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
