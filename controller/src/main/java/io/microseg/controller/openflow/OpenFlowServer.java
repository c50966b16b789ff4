package io.microseg.controller.openflow;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

    public static OpenFlowServer start(InetSocketAddress address, SwitchRegistry registry, Timing timing)
            throws InterruptedException {
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
                            ch.pipeline().addLast("frame", new OFFrameDecoder())
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
