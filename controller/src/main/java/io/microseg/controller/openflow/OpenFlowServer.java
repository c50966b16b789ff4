package io.microseg.controller.openflow;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The OpenFlow listener: one Netty server, one {@link OFChannelHandler} per switch connection. */
public final class OpenFlowServer implements AutoCloseable {
    private static final OFMessageEncoder ENCODER = new OFMessageEncoder();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;

    private OpenFlowServer(Channel listener, EventLoopGroup boss, EventLoopGroup workers) {
        this.listener = listener;
        this.boss = boss;
        this.workers = workers;
    }

    /** Timings of every connection. */
    public record Timing(Duration echoInterval, Duration echoTimeout, Duration requestTimeout) {
    }

    /**
     * Caps on what one peer, or all of them, can make the controller hold: open connections (one
     * more is closed at once) and bytes of multipart replies being reassembled per connection
     * (that peer is dropped).
     */
    public record Limits(int maxConnections, long maxMultipartBytes) {
        public static Limits defaults() {
            return new Limits(1024, OFFrameDecoder.DEFAULT_MAX_MULTIPART_BYTES);
        }
    }

    public static OpenFlowServer start(InetSocketAddress address, SwitchRegistry registry, Timing timing)
            throws InterruptedException {
        return start(address, registry, timing, Limits.defaults());
    }

    public static OpenFlowServer start(InetSocketAddress address, SwitchRegistry registry, Timing timing, Limits limits)
            throws InterruptedException {
        return start(address, registry, timing, limits, Optional.empty());
    }

    /** With {@code tls} (see {@link SwitchTls#serverContext}) every connection must be mutual TLS first. */
    public static OpenFlowServer start(InetSocketAddress address, SwitchRegistry registry, Timing timing, Limits limits,
                                       Optional<SslContext> tls) throws InterruptedException {
        ConnectionLimit connections = new ConnectionLimit(limits.maxConnections());
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2);
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast("limit", connections);
                            tls.ifPresent(context -> ch.pipeline().addLast("tls", context.newHandler(ch.alloc())));
                            ch.pipeline()
                                    .addLast("frame", new OFFrameDecoder(limits.maxMultipartBytes()))
                                    .addLast("encode", ENCODER)
                                    .addLast("openflow", new OFChannelHandler(registry, timing.echoInterval(),
                                            timing.echoTimeout(), timing.requestTimeout(), System::nanoTime));
                        }
                    })
                    .bind(address).sync().channel();
            return new OpenFlowServer(channel, boss, workers);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    /** Closes every connection beyond the cap as soon as it is accepted. */
    @ChannelHandler.Sharable
    static final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);
        private final int max;
        private final AtomicInteger open = new AtomicInteger();

        ConnectionLimit(int max) {
            this.max = max;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > max) {
                LOG.warn("refused the OpenFlow connection from {}: {} connections open, openflow.maxConnections is {}",
                        ctx.channel().remoteAddress(), open.get() - 1, max);
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
