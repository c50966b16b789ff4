package io.microseg.controller.openflow;

import io.microseg.topology.DatapathId;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.BundleId;

/**
 * One connected switch after the handshake: sends batches of messages and tells, through a
 * future, when the switch has processed them (BARRIER_REPLY) or which of them it refused
 * (OFPT_ERROR matched by xid). Futures complete on the Netty event loop: whoever waits on
 * them must hop to its own thread before touching state.
 */
public final class SwitchSession {
    private static final int BATCH = 2048;
    private final DatapathId dpid;
    private final Channel channel;
    private final OFFactory factory;
    private final List<PortInfo> ports;
    private final Duration baseTimeout;
    private final Object lock = new Object();
    private long nextXid = 16;
    private int nextBundle = 1;
    /** Outstanding requests by their first xid; each covers xids [first, last]. */
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private boolean closed;
    /** Who the peer proved to be (its TLS certificate's identity), or empty on plain TCP. */
    private final Optional<String> identity;
    /** The liveness probe in flight, answered by an ECHO_REPLY with {@link #PROBE_XID}. */
    private volatile CompletableFuture<Boolean> probe;
    static final long PROBE_XID = 6;

    public SwitchSession(DatapathId dpid, Channel channel, OFFactory factory, List<PortInfo> ports, Duration baseTimeout) {
        this(dpid, channel, factory, ports, baseTimeout, Optional.empty());
    }

    public SwitchSession(DatapathId dpid, Channel channel, OFFactory factory, List<PortInfo> ports, Duration baseTimeout,
                         Optional<String> identity) {
        this.dpid = dpid;
        this.channel = channel;
        this.factory = factory;
        this.ports = List.copyOf(ports);
        this.baseTimeout = baseTimeout;
        this.identity = identity;
    }

    /** The identity the peer proved with its TLS certificate; empty on plain TCP. */
    public Optional<String> identity() {
        return identity;
    }

    /**
     * Sends an ECHO_REQUEST and completes with true when the switch answers within {@code timeout},
     * false when it does not (or the connection is gone). Never blocks; completes on the event loop.
     */
    CompletableFuture<Boolean> probe(Duration timeout) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!isConnected()) {
            result.complete(false);
            return result;
        }
        channel.eventLoop().execute(() -> {
            CompletableFuture<Boolean> running = probe;
            if (running != null && !running.isDone()) {
                running.whenComplete((alive, e) -> result.complete(Boolean.TRUE.equals(alive)));
                return;
            }
            probe = result;
            channel.writeAndFlush(factory.buildEchoRequest().setXid(PROBE_XID).setData(new byte[0]).build());
            channel.eventLoop().schedule(() -> result.complete(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
            channel.closeFuture().addListener(f -> result.complete(false));
        });
        return result;
    }

    /** The switch answered the liveness probe. */
    void probeAnswered() {
        CompletableFuture<Boolean> running = probe;
        if (running != null) {
            running.complete(true);
        }
    }

    public DatapathId dpid() {
        return dpid;
    }

    public OFFactory factory() {
        return factory;
    }

    public OFVersion version() {
        return factory.getVersion();
    }

    /** OpenFlow 1.4 bundles make a change atomic on the switch. */
    public boolean supportsBundles() {
        return factory.getVersion().compareTo(OFVersion.OF_14) >= 0;
    }

    public List<PortInfo> ports() {
        return ports;
    }

    public boolean isConnected() {
        return channel.isActive() && !isClosed();
    }

    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    /** Sends the messages, then a barrier; completes when the barrier is answered, or fails with the switch's errors. */
    public CompletableFuture<Void> send(List<OFMessage> messages) {
        return send(messages, XidEncoder.rebuild());
    }

    /**
     * Encodes and sends the items in chunks (so the switch starts on the first while later ones
     * are still being built), then a barrier. Completes when the barrier is answered, or fails
     * with every error the switch sent for these xids. The items are kept, not the messages: a
     * message is rebuilt only to name the cause of an error.
     */
    public <T> CompletableFuture<Void> send(List<T> items, XidEncoder<T> encoder) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long first;
        long barrier;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchRequestException(dpid + " is disconnected"));
            }
            first = nextXid;
            barrier = first + items.size();
            nextXid = barrier + 1;
            long base = first;
            Pending request = new Pending.Barrier(first, barrier,
                    xid -> xid == barrier ? barrierRequest(barrier) : encoder.encode(items.get((int) (xid - base)), xid), done);
            pending.put(first, request);
            scheduleTimeout(first, items.size());
        }
        List<OFMessage> chunk = new ArrayList<>(Math.min(items.size() + 1, BATCH));
        for (int i = 0; i < items.size(); i++) {
            chunk.add(encoder.encode(items.get(i), first + i));
            if (chunk.size() == BATCH) {
                channel.writeAndFlush(new OFBatch(chunk));
                chunk = new ArrayList<>(BATCH);
            }
        }
        chunk.add(barrierRequest(barrier));
        channel.writeAndFlush(new OFBatch(chunk));
        return done;
    }

    private OFMessage barrierRequest(long xid) {
        return factory.buildBarrierRequest().setXid(xid).build();
    }

    /**
     * Applies the messages atomically in an OpenFlow 1.4 bundle: opened, filled, checked with a
     * barrier, then committed only if the switch refused none of them (else discarded).
     */
    public CompletableFuture<Void> sendBundle(List<OFMessage> messages) {
        return sendBundle(messages, XidEncoder.rebuild());
    }

    /** {@link #sendBundle(List)} for items encoded while they are written. */
    public <T> CompletableFuture<Void> sendBundle(List<T> items, XidEncoder<T> encoder) {
        if (!supportsBundles()) {
            return CompletableFuture.failedFuture(new SwitchRequestException(dpid + " speaks " + version() + ": no bundles"));
        }
        BundleId bundle;
        synchronized (lock) {
            bundle = BundleId.of(nextBundle++);
        }
        Set<OFBundleFlags> atomic = Set.of(OFBundleFlags.ATOMIC);
        // Item 0 opens the bundle; items 1..n are BUNDLE_ADDs whose inner xid equals their own (OVS requires it).
        XidEncoder<Integer> fill = (index, xid) -> index == 0
                ? factory.buildBundleCtrlMsg().setXid(xid).setBundleId(bundle)
                        .setBundleCtrlType(OFBundleCtrlType.OPEN_REQUEST).setFlags(atomic).build()
                : factory.buildBundleAddMsg().setXid(xid).setBundleId(bundle).setFlags(atomic)
                        .setData(encoder.encode(items.get(index - 1), xid)).build();
        return send(new IndexList(items.size() + 1), fill).handle((ok, failure) -> {
            if (failure != null) {
                sendQuietly(factory.buildBundleCtrlMsg().setBundleId(bundle)
                        .setBundleCtrlType(OFBundleCtrlType.DISCARD_REQUEST).setFlags(atomic).build());
                return CompletableFuture.<Void>failedFuture(failure);
            }
            return ctrl(factory.buildBundleCtrlMsg().setBundleId(bundle)
                    .setBundleCtrlType(OFBundleCtrlType.COMMIT_REQUEST).setFlags(atomic).build());
        }).thenCompose(f -> f);
    }

    /** 0..size-1 without boxing a whole list up front. */
    private static final class IndexList extends AbstractList<Integer> {
        private final int size;

        IndexList(int size) {
            this.size = size;
        }

        @Override
        public Integer get(int index) {
            return index;
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** Reads flow entries; {@code request} is a FLOW_STATS request (xid is assigned here). */
    public CompletableFuture<List<OFFlowStatsEntry>> flowStats(OFMessage request) {
        CompletableFuture<List<OFFlowStatsEntry>> done = new CompletableFuture<>();
        OFMessage out;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchRequestException(dpid + " is disconnected"));
            }
            long xid = nextXid++;
            out = withXid(request, xid);
            Pending stats = new Pending.Stats(xid, out, done, new ArrayList<>());
            pending.put(xid, stats);
            scheduleTimeout(xid, 10_000);
        }
        channel.writeAndFlush(out);
        return done;
    }

    /** Fire and forget (packet-out, echo). */
    public void sendQuietly(OFMessage message) {
        long xid;
        synchronized (lock) {
            xid = nextXid++;
        }
        channel.writeAndFlush(withXid(message, xid));
    }

    private CompletableFuture<Void> ctrl(OFBundleCtrlMsg msg) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        OFMessage out;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new SwitchRequestException(dpid + " is disconnected"));
            }
            long xid = nextXid++;
            out = withXid(msg, xid);
            Pending reply = new Pending.Ctrl(xid, out, done);
            pending.put(xid, reply);
            scheduleTimeout(xid, 10_000);
        }
        channel.writeAndFlush(out);
        return done;
    }

    /** Called on the event loop for every message after the handshake that answers a request. */
    void handle(OFMessage message) {
        long xid = message.getXid();
        Runnable completion = null;
        synchronized (lock) {
            Map.Entry<Long, Pending> entry = pending.floorEntry(xid);
            if (entry == null || !entry.getValue().covers(xid)) {
                return;
            }
            Pending request = entry.getValue();
            if (message instanceof OFErrorMsg error) {
                if (request.errors().size() > request.last() - request.first()) {
                    return; // one error per xid at most: a peer repeating errors must not grow the list
                }
                OFMessage cause = request.sent(xid);
                request.errors().add(SwitchError.of(error, cause));
                if (request instanceof Pending.Stats || request instanceof Pending.Ctrl) {
                    pending.remove(entry.getKey());
                    completion = () -> request.fail(new SwitchRequestException(dpid + " refused " + cause.getType(),
                            request.errors()));
                }
            } else if (request instanceof Pending.Barrier barrier && message instanceof OFBarrierReply
                    && xid == barrier.barrierXid()) {
                pending.remove(entry.getKey());
                completion = barrier.errors().isEmpty() ? () -> barrier.done().complete(null)
                        : () -> barrier.fail(new SwitchRequestException(dpid + " refused "
                        + barrier.errors().size() + " message(s)", barrier.errors()));
            } else if (request instanceof Pending.Stats stats && message instanceof OFFlowStatsReply reply) {
                // the size of a reply being reassembled is capped in OFFrameDecoder (openflow.maxMultipartBytes)
                stats.entries().addAll(reply.getEntries());
                if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                    pending.remove(entry.getKey());
                    completion = () -> stats.done().complete(List.copyOf(stats.entries()));
                }
            } else if (request instanceof Pending.Ctrl ctrl && message instanceof OFBundleCtrlMsg reply) {
                pending.remove(entry.getKey());
                completion = reply.getBundleCtrlType() == OFBundleCtrlType.COMMIT_REPLY
                        || reply.getBundleCtrlType() == OFBundleCtrlType.DISCARD_REPLY
                        || reply.getBundleCtrlType() == OFBundleCtrlType.OPEN_REPLY
                        || reply.getBundleCtrlType() == OFBundleCtrlType.CLOSE_REPLY
                        ? () -> ctrl.done().complete(null)
                        : () -> ctrl.fail(new SwitchRequestException("unexpected bundle reply " + reply));
            }
        }
        if (completion != null) {
            completion.run();
        }
    }

    /** A reply Loxi could not parse: whatever waited for exactly that xid fails (a barrier batch just records it). */
    void handle(UnparsableMessage message) {
        Pending failed = null;
        synchronized (lock) {
            Map.Entry<Long, Pending> entry = pending.floorEntry(message.xid());
            if (entry != null && entry.getValue().covers(message.xid())
                    && !(entry.getValue() instanceof Pending.Barrier)) {
                failed = pending.remove(entry.getKey());
            }
        }
        if (failed != null) {
            failed.fail(new SwitchRequestException(dpid + " sent a reply microseg cannot parse: " + message.reason()));
        }
    }

    /** The connection is gone: everything outstanding fails. */
    void disconnected() {
        List<Pending> outstanding;
        synchronized (lock) {
            closed = true;
            outstanding = new ArrayList<>(pending.values());
            pending.clear();
        }
        for (Pending request : outstanding) {
            request.fail(new SwitchRequestException(dpid + " disconnected"));
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    public void close() {
        channel.close();
    }

    /** The task holds only the key: a request (and the messages it keeps for error matching) is freed once answered. */
    private void scheduleTimeout(long key, int size) {
        long millis = baseTimeout.toMillis() + size / 2;
        channel.eventLoop().schedule(() -> {
            Pending expired;
            synchronized (lock) {
                expired = pending.remove(key);
            }
            if (expired != null) {
                expired.fail(new SwitchRequestException(dpid + " did not answer within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private static OFMessage withXid(OFMessage message, long xid) {
        return message.createBuilder().setXid(xid).build();
    }
}
