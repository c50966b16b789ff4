package io.microseg.controller.emulation;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link EmulatedSwitch}es and the cables between them. A frame sent out of a cabled port arrives
 * at the other end if both ports are up. Build the switches and cables first, then {@link #connectAll}.
 * Ready-made shapes: {@link #ring} and {@link #grid}.
 */
public final class EmulatedFabric implements AutoCloseable {
    private final EventLoopGroup group;
    private final Map<DatapathId, EmulatedSwitch> switches = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, ConnectPoint> peers = new ConcurrentHashMap<>();

    /** {@code threads} event-loop threads carry every emulated switch's connection. */
    public EmulatedFabric(int threads) {
        this.group = new NioEventLoopGroup(threads);
    }

    /** Switches 1..n, each with ports 1 (toward n-1) and 2 (toward n+1), plus {@code extraPorts} uncabled edge ports. */
    public static EmulatedFabric ring(int n, int extraPorts, int threads) {
        EmulatedFabric fabric = new EmulatedFabric(threads);
        for (long i = 1; i <= n; i++) {
            fabric.addSwitch(DatapathId.of(i), 2 + extraPorts);
        }
        for (long i = 1; i <= n; i++) {
            fabric.cable(ConnectPoint.of(i, 2), ConnectPoint.of(i % n + 1, 1));
        }
        return fabric;
    }

    /**
     * A rows x cols mesh; switch {@code 1 + r*cols + c} uses port 1 west, 2 east, 3 north, 4 south,
     * then {@code extraPorts} uncabled edge ports.
     */
    public static EmulatedFabric grid(int rows, int cols, int extraPorts, int threads) {
        EmulatedFabric fabric = new EmulatedFabric(threads);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                fabric.addSwitch(DatapathId.of(1L + (long) r * cols + c), 4 + extraPorts);
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long at = 1L + (long) r * cols + c;
                if (c + 1 < cols) {
                    fabric.cable(ConnectPoint.of(at, 2), ConnectPoint.of(at + 1, 1));
                }
                if (r + 1 < rows) {
                    fabric.cable(ConnectPoint.of(at, 4), ConnectPoint.of(at + cols, 3));
                }
            }
        }
        return fabric;
    }

    public EmulatedSwitch addSwitch(DatapathId dpid, int ports) {
        EmulatedSwitch sw = new EmulatedSwitch(this, dpid, ports);
        if (switches.putIfAbsent(dpid, sw) != null) {
            throw new IllegalArgumentException("switch " + dpid + " already exists");
        }
        return sw;
    }

    /** A cable between two ports (both directions). */
    public void cable(ConnectPoint a, ConnectPoint b) {
        if (peers.containsKey(a) || peers.containsKey(b)) {
            throw new IllegalArgumentException("port already cabled: " + a + " or " + b);
        }
        peers.put(a, b);
        peers.put(b, a);
    }

    /** Both directions of every cable: what discovery should find. */
    public Set<Link> expectedLinks() {
        Set<Link> out = new HashSet<>();
        peers.forEach((a, b) -> out.add(Link.of(a, b)));
        return out;
    }

    public Collection<EmulatedSwitch> switches() {
        return switches.values();
    }

    public EmulatedSwitch get(DatapathId dpid) {
        EmulatedSwitch sw = switches.get(dpid);
        if (sw == null) {
            throw new IllegalArgumentException("no emulated switch " + dpid);
        }
        return sw;
    }

    /** Connects every switch; completes when every handshake has finished. */
    public CompletableFuture<Void> connectAll(InetSocketAddress controller) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (EmulatedSwitch sw : switches.values()) {
            all.add(sw.connect(group, controller));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    /** Takes both ends of the cable at {@code end} down (or up): each switch sends PORT_STATUS. */
    public void setCableUp(ConnectPoint end, boolean up) {
        ConnectPoint other = peers.get(end);
        if (other == null) {
            throw new IllegalArgumentException("no cable at " + end);
        }
        get(end.dpid()).setPortUp(end.port().value(), up);
        get(other.dpid()).setPortUp(other.port().value(), up);
    }

    void deliver(ConnectPoint from, byte[] frame) {
        ConnectPoint to = peers.get(from);
        if (to != null) {
            EmulatedSwitch peer = switches.get(to.dpid());
            if (peer != null) {
                peer.receive(to.port().value(), frame);
            }
        }
    }

    @Override
    public void close() {
        switches.values().forEach(EmulatedSwitch::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
