package io.microseg.controller.discovery;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.PortInfo;
import io.microseg.controller.openflow.SwitchListener;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.lldp.ControllerInstanceId;
import io.microseg.topology.lldp.ProbeKey;
import io.microseg.topology.path.PathTable;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link and host discovery for all switches: LLDP probes out of every up port at connect, on port
 * up and every {@link DiscoverySettings#probeInterval()}; links from our probes coming back in
 * packet-ins; links gone at once on port down, switch down, or after {@link DiscoverySettings#linkTimeout()}
 * without a probe; hosts located from other packet-ins on edge ports.
 *
 * <p>Threading: all state lives in a {@link TopologyTracker} owned by one thread,
 * {@code microseg-discovery}. The {@link SwitchListener} callbacks (Netty threads) only enqueue
 * onto it. After each burst of events it commits once: the new {@link TopologyView} is published
 * (a volatile read from any thread) and {@link TopologyListener}s are called on this thread.
 * Probes go out with {@link SwitchSession#sendQuietly}, which never blocks.
 */
public final class LinkDiscovery implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkDiscovery.class);

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "microseg-discovery");
        thread.setDaemon(true);
        return thread;
    });
    private final DiscoverySettings settings;
    private final Clock clock;
    private final TopologyTracker tracker;
    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger queuedPacketIns = new AtomicInteger();
    /** Packet-ins waiting per ingress port: one noisy port fills only its own share. */
    private final ConcurrentHashMap<ConnectPoint, AtomicInteger> queuedPerPort =
            new ConcurrentHashMap<>();
    private final AtomicLong droppedPacketIns = new AtomicLong();
    private final AtomicLong probesSent = new AtomicLong();
    /** Current session per switch; discovery thread only. */
    private final Map<DatapathId, SwitchSession> sessions = new HashMap<>();
    /** Discovery thread only: a commit is queued behind the events queued so far. */
    private boolean commitQueued;
    private long droppedReported;
    private volatile TopologyView view = TopologyView.EMPTY;

    private LinkDiscovery(ControllerInstanceId controller, DiscoverySettings settings, ManagedEndpoints managed, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.tracker = new TopologyTracker(controller, managed, ProbeKey.random(), clock, settings.maxProbeAge(),
                settings.trunkPorts());
    }

    /**
     * Starts discovery: its thread and its timers. Register the result with
     * {@link SwitchRegistry#addListener} before the OpenFlow server starts.
     */
    public static LinkDiscovery start(ControllerInstanceId controller, DiscoverySettings settings, ManagedEndpoints managed,
            Clock clock) {
        LinkDiscovery discovery = new LinkDiscovery(controller, settings, managed, clock);
        if (settings.trunkPorts().isEmpty()) {
            LOG.warn("discovery.trunkPorts is empty: any port without a workload is probed and may become a trusted "
                    + "trunk, so two colluding hosts that relay the controller's probes between their ports make a link;"
                    + " pin the trunk ports in production");
        }
        long interval = settings.probeInterval().toMillis();
        discovery.loop.scheduleWithFixedDelay(discovery.guarded("probe round", discovery::probeRound),
                interval, interval, TimeUnit.MILLISECONDS);
        long check = settings.expiryCheck().toMillis();
        discovery.loop.scheduleWithFixedDelay(discovery.guarded("link expiry", discovery::expire),
                check, check, TimeUnit.MILLISECONDS);
        return discovery;
    }

    /** Listeners are called on the discovery thread for every structural change; see {@link TopologyListener}. */
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    /** The latest committed topology, paths and unmanaged endpoints. Any thread. */
    public TopologyView view() {
        return view;
    }

    public TopologySnapshot snapshot() {
        return view.snapshot();
    }

    public PathTable paths() {
        return view.paths();
    }

    public List<UnmanagedEndpoint> unmanagedEndpoints() {
        return view.unmanaged();
    }

    /** Probes every port now instead of at the next round; completes once the probes are written. */
    public CompletableFuture<Void> probeNow() {
        return CompletableFuture.runAsync(guarded("probe", this::probeRound), loop);
    }

    /**
     * Probes one switch's ports now. Call it when the switch's LLDP punt flow went in force: probes
     * sent at connect, before any flow was installed, came back to nobody.
     */
    public void probe(DatapathId dpid) {
        onLoop("probe " + dpid, () -> send(tracker.probeSwitch(dpid)));
    }

    /**
     * Re-checks which hosts are managed (call it when the workload inventory changed) and
     * publishes the result; completes with the new view.
     */
    public CompletableFuture<TopologyView> recheckManaged() {
        return CompletableFuture.supplyAsync(() -> {
            tracker.reclassify();
            view = tracker.view();
            return view;
        }, loop);
    }

    /** Completes once everything queued so far, and the commit it queued, has run. For tests. */
    CompletableFuture<Void> idle() {
        return CompletableFuture.runAsync(() -> { }, loop).thenRunAsync(() -> { }, loop);
    }

    /** Holds the discovery thread until {@code release} opens, so packet-ins queue up. For tests. */
    void holdUntil(CountDownLatch release) {
        loop.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public long probesSent() {
        return probesSent.get();
    }

    public long droppedPacketIns() {
        return droppedPacketIns.get();
    }

    // ---- switch events (Netty threads): enqueue only ----

    @Override
    public void switchConnected(SwitchSession session) {
        onLoop("switch connected", () -> {
            sessions.put(session.dpid(), session);
            send(tracker.switchUp(session.dpid(), session.ports()));
        });
    }

    @Override
    public void switchDisconnected(SwitchSession session) {
        onLoop("switch disconnected", () -> {
            if (sessions.remove(session.dpid(), session)) {
                tracker.switchDown(session.dpid());
            }
        });
    }

    @Override
    public void portChanged(SwitchSession session, PortInfo port, boolean deleted) {
        onLoop("port changed", () -> {
            if (sessions.get(session.dpid()) == session) {
                send(tracker.portChanged(session.dpid(), port, deleted));
            }
        });
    }

    /**
     * Queues a packet-in for the discovery thread, fairly: each ingress port may have at most
     * {@link DiscoverySettings#maxQueuedPerPort()} waiting and all ports together
     * {@link DiscoverySettings#maxQueuedPacketIns()}, whatever the kind (LLDP included); beyond that the packet is
     * dropped and counted. A port flooding LLDP or unknown-host frames fills only its own share, so other ports'
     * probes and first sightings still get through.
     */
    @Override
    public void packetIn(SwitchSession session, PacketIn packet) {
        AtomicInteger port = queuedPerPort.computeIfAbsent(
                ConnectPoint.of(session.dpid(), packet.inPort()), p -> new AtomicInteger());
        if (port.incrementAndGet() > settings.maxQueuedPerPort()) {
            port.decrementAndGet();
            droppedPacketIns.incrementAndGet();
            return;
        }
        if (queuedPacketIns.incrementAndGet() > settings.maxQueuedPacketIns()) {
            queuedPacketIns.decrementAndGet();
            port.decrementAndGet();
            droppedPacketIns.incrementAndGet();
            return;
        }
        onLoop("packet-in", () -> {
            queuedPacketIns.decrementAndGet();
            port.decrementAndGet();
            if (sessions.get(session.dpid()) == session) {
                send(tracker.packetIn(session.dpid(), packet.inPort(), packet.data(), clock.instant()));
            }
        });
    }

    // ---- discovery thread ----

    private void onLoop(String what, Runnable event) {
        try {
            loop.execute(guarded(what, () -> {
                event.run();
                if (!commitQueued) {
                    commitQueued = true;
                    loop.execute(guarded("commit", this::commit));
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.debug("discovery is closed; dropping {}", what);
        }
    }

    private void commit() {
        commitQueued = false;
        var change = tracker.commit();
        view = tracker.view();
        change.ifPresent(this::announce);
    }

    private void announce(TopologyChanged change) {
        if (change.linksChanged() || change.switchesChanged()) {
            LOG.info("topology: {} switch(es), {} link(s) (+{} -{}), {} host(s), {} unmanaged", change.after().snapshot().switches().size(),
                    change.after().snapshot().links().size(), change.linksAdded().size(), change.linksRemoved().size(),
                    change.after().snapshot().hosts().size(), change.after().unmanaged().size());
        }
        for (TopologyListener listener : listeners) {
            try {
                listener.topologyChanged(change);
            } catch (RuntimeException e) {
                LOG.warn("topology listener {} failed", listener, e);
            }
        }
    }

    private void probeRound() {
        send(tracker.probeAll());
        long dropped = droppedPacketIns.get();
        if (dropped > droppedReported) {
            LOG.warn("discovery dropped {} packet-in(s): more than {} queued from one port or {} in all",
                    dropped - droppedReported, settings.maxQueuedPerPort(), settings.maxQueuedPacketIns());
            droppedReported = dropped;
        }
    }

    private void expire() {
        tracker.expireLinks(clock.instant(), settings.linkTimeout());
        commit();
    }

    private void send(List<Probe> probes) {
        for (Probe probe : probes) {
            SwitchSession session = sessions.get(probe.from().dpid());
            if (session != null) {
                session.sendQuietly(packetOut(session.factory(), probe));
                probesSent.incrementAndGet();
            }
        }
    }

    /** A packet-out of the probe frame through one port: in_port CONTROLLER, no buffer. */
    static OFMessage packetOut(OFFactory factory, Probe probe) {
        return factory.buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER)
                .setActions(List.of(factory.actions().output(OFPort.of((int) probe.from().port().value()), 0xffff)))
                .setData(probe.frame())
                .build();
    }

    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("discovery: {} failed", what, e);
            }
        };
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
