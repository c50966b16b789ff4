package io.microseg.controller.runtime;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.PortInfo;
import io.microseg.controller.openflow.SwitchListener;
import io.microseg.controller.openflow.SwitchRequestException;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.topology.DatapathId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns controller state. Switch events and API calls are queued onto it;
 * it keeps, per switch, the desired flows and what is known to be installed, and drives each
 * switch to its desired state: read-back and reconciliation on (re)connect, incremental diffs
 * afterwards, one push in flight per switch, retry after a failure.
 */
public final class ControllerRuntime implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "microseg-runtime");
        thread.setDaemon(true);
        return thread;
    });
    private final Function<DatapathId, List<FlowEntry>> baseline;
    private final List<Meters.Spec> meters;
    private final Clock clock;
    private volatile Map<DatapathId, SwitchStatus> published = Map.of();
    private volatile java.util.function.Consumer<DatapathId> onReconciled = dpid -> { };
    private volatile PushObserver pushObserver = (dpid, ok, nanos, operations) -> { };
    private volatile java.util.function.Predicate<DatapathId> readyToReconcile = dpid -> true;
    private volatile Duration maxHold = Duration.ofSeconds(5);

    /** Told of every finished push (for metrics); called on the runtime thread, must not block. */
    @FunctionalInterface
    public interface PushObserver {
        void pushed(DatapathId dpid, boolean ok, long nanos, int operations);
    }

    public void onPush(PushObserver observer) {
        this.pushObserver = observer;
    }
    private final Map<DatapathId, SwitchState> switches = new HashMap<>();

    /** Per-switch bookkeeping; touched only on the runtime thread. */
    private static final class SwitchState {
        final DatapathId dpid;
        SwitchSession session;
        long connection;
        List<FlowEntry> desired;
        long desiredRevision;
        long inForceRevision;
        Map<FlowKey, FlowEntry> installed;
        /** The meters the switch was given since it was last reconciled (ids); what the next push need not add. */
        Set<Long> meters = Set.of();
        boolean busy;
        boolean dirty;
        boolean reconciledOnce;
        boolean holding;
        java.time.Instant lastConfirmed;
        String lastError;
        final TreeMap<Long, List<Waiter>> waiters = new TreeMap<>();

        SwitchState(DatapathId dpid) {
            this.dpid = dpid;
        }
    }

    /** Someone waiting for a revision; {@code whileConnected} waiters fail if the switch disconnects first. */
    private record Waiter(CompletableFuture<Void> done, boolean whileConnected) {
    }

    /**
     * {@code baseline} gives the flows of a switch nobody has set flows for yet; {@code meters} are installed on
     * every switch before its flows.
     */
    public ControllerRuntime(Function<DatapathId, List<FlowEntry>> baseline, List<Meters.Spec> meters, Clock clock) {
        this.baseline = baseline;
        this.meters = List.copyOf(meters);
        this.clock = clock;
    }

    public ControllerRuntime(Function<DatapathId, List<FlowEntry>> baseline, Clock clock) {
        this(baseline, List.of(), clock);
    }

    /**
     * Re-reads every idle connected switch every {@code interval} and repairs what differs (a flow
     * added or deleted by hand, a switch that lost state): the same read-back and diff as on connect.
     */
    public void auditEvery(Duration interval) {
        loop.scheduleWithFixedDelay(() -> {
            for (SwitchState state : switches.values()) {
                if (state.session != null && !state.busy && state.installed != null) {
                    state.installed = null;
                    sync(state);
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- switch events (Netty threads): enqueue only ----

    @Override
    public void switchConnected(SwitchSession session) {
        loop.execute(() -> onConnected(session));
    }

    @Override
    public void switchDisconnected(SwitchSession session) {
        loop.execute(() -> onDisconnected(session));
    }

    @Override
    public void portChanged(SwitchSession session, PortInfo port, boolean deleted) {
        loop.execute(() -> LOG.info("switch {} port {} ({}) {}", session.dpid(), port.number(), port.name(),
                deleted ? "deleted" : port.up() ? "up" : "down"));
    }

    @Override
    public void packetIn(SwitchSession session, PacketIn packet) {
        // Topology and visibility consume packet-ins; the foundation only counts on them being delivered.
    }

    // ---- API (any thread) ----

    /** Sets the flows a switch should have; the future gives the revision that {@link #awaitInForce} waits for. */
    public CompletableFuture<Long> setDesired(DatapathId dpid, List<FlowEntry> flows) {
        List<FlowEntry> copy = List.copyOf(flows);
        return CompletableFuture.supplyAsync(() -> {
            SwitchState state = switches.computeIfAbsent(dpid, SwitchState::new);
            state.desired = copy;
            state.desiredRevision++;
            sync(state);
            publish();
            return state.desiredRevision;
        }, loop);
    }

    /** Completes once the switch has confirmed (barrier or bundle commit) revision {@code revision} or a later one. */
    public CompletableFuture<Void> awaitInForce(DatapathId dpid, long revision) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            SwitchState state = switches.computeIfAbsent(dpid, SwitchState::new);
            if (state.inForceRevision >= revision) {
                done.complete(null);
            } else {
                state.waiters.computeIfAbsent(revision, r -> new ArrayList<>()).add(new Waiter(done, false));
            }
        });
        return done;
    }

    /**
     * Sets the desired flows of several switches at once. The future completes when every one of them that is
     * connected now has confirmed its flows, and fails if one of those disconnects first; a switch that is not
     * connected gets its flows when it (re)connects.
     */
    public CompletableFuture<Void> apply(Map<DatapathId, List<FlowEntry>> desired) {
        Map<DatapathId, List<FlowEntry>> copy = new LinkedHashMap<>();
        desired.forEach((dpid, flows) -> copy.put(dpid, List.copyOf(flows)));
        return CompletableFuture.supplyAsync(() -> {
            List<CompletableFuture<Void>> confirmations = new ArrayList<>();
            copy.forEach((dpid, flows) -> {
                SwitchState state = switches.computeIfAbsent(dpid, SwitchState::new);
                state.desired = flows;
                state.desiredRevision++;
                if (state.session != null) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    state.waiters.computeIfAbsent(state.desiredRevision, r -> new ArrayList<>()).add(new Waiter(done, true));
                    confirmations.add(done);
                }
                sync(state);
            });
            publish();
            return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
        }, loop).thenCompose(all -> all);
    }

    /**
     * A (re)connected switch keeps the flows it has (fail-secure) and is reconciled only once {@code ready} says
     * its desired flows are known (the policy engine has compiled it and the topology is quiet), or after
     * {@code maxWait}. Reconciling earlier against a partial picture would delete flows and add them back a moment
     * later. {@code ready} is called on the runtime thread and must not block.
     */
    public void reconcileWhen(java.util.function.Predicate<DatapathId> ready, Duration maxWait) {
        this.readyToReconcile = ready;
        this.maxHold = maxWait;
    }

    /** Told (on the runtime thread; must not block) when a switch has been reconciled after it connected. */
    public void onReconciled(java.util.function.Consumer<DatapathId> listener) {
        this.onReconciled = listener;
    }

    /** Per switch, its state as of the last change; for readers on other threads (REST), never blocks. */
    public Map<DatapathId, SwitchStatus> published() {
        return published;
    }

    /** The flows the runtime believes installed on a switch (empty if unknown), as of now; runs on the loop. */
    public CompletableFuture<List<FlowEntry>> installed(DatapathId dpid) {
        return CompletableFuture.supplyAsync(() -> {
            SwitchState state = switches.get(dpid);
            return state == null || state.installed == null ? List.<FlowEntry>of() : List.copyOf(state.installed.values());
        }, loop);
    }

    /** The desired flows of a switch; runs on the loop. */
    public CompletableFuture<List<FlowEntry>> desired(DatapathId dpid) {
        return CompletableFuture.supplyAsync(() -> {
            SwitchState state = switches.get(dpid);
            return state == null || state.desired == null ? List.<FlowEntry>of() : state.desired;
        }, loop);
    }

    /** The session of a connected switch (for live reads such as flow counters). */
    public java.util.Optional<SwitchSession> session(DatapathId dpid) {
        return java.util.Optional.ofNullable(sessions.get(dpid)).filter(SwitchSession::isConnected);
    }

    private final Map<DatapathId, SwitchSession> sessions = new java.util.concurrent.ConcurrentHashMap<>();

    private void publish() {
        Map<DatapathId, SwitchStatus> out = new java.util.TreeMap<>();
        for (SwitchState state : switches.values()) {
            out.put(state.dpid, statusOf(state));
        }
        published = java.util.Collections.unmodifiableMap(out);
    }

    public CompletableFuture<List<SwitchStatus>> status() {
        return CompletableFuture.supplyAsync(() -> switches.values().stream().map(this::statusOf)
                .sorted((a, b) -> a.dpid().compareTo(b.dpid())).toList(), loop);
    }

    private SwitchStatus statusOf(SwitchState s) {
        boolean connected = s.session != null && s.session.isConnected();
        return new SwitchStatus(s.dpid, connected, connected ? s.session.version().toString() : null,
                s.desiredRevision, s.inForceRevision, s.desired == null ? 0 : s.desired.size(), s.lastConfirmed, s.lastError);
    }

    // ---- runtime thread ----

    private void onConnected(SwitchSession session) {
        SwitchState state = switches.computeIfAbsent(session.dpid(), SwitchState::new);
        state.session = session;
        state.connection++;
        state.installed = null;
        state.busy = false;
        state.dirty = false;
        state.reconciledOnce = false;
        sessions.put(session.dpid(), session);
        if (!readyToReconcile.test(session.dpid())) {
            state.holding = true;
            LOG.info("switch {}: keeping its flows until its policy is compiled and the topology is quiet", session.dpid());
            hold(state, state.connection, System.nanoTime() + maxHold.toNanos());
            publish();
            return;
        }
        if (state.desired == null) {
            state.desired = List.copyOf(baseline.apply(session.dpid()));
            state.desiredRevision++;
        }
        LOG.info("switch {}: reconciling {} desired flow(s)", session.dpid(), state.desired.size());
        sync(state);
        publish();
    }

    private void hold(SwitchState state, long connection, long deadline) {
        loop.schedule(() -> {
            if (state.connection != connection || !state.holding) {
                return;
            }
            boolean ready = readyToReconcile.test(state.dpid);
            if (!ready && System.nanoTime() < deadline) {
                hold(state, connection, deadline);
                return;
            }
            if (!ready) {
                LOG.warn("switch {}: policy not ready within {}; reconciling with what is known", state.dpid, maxHold);
            }
            state.holding = false;
            if (state.desired == null) {
                state.desired = List.copyOf(baseline.apply(state.dpid));
                state.desiredRevision++;
            }
            LOG.info("switch {}: reconciling {} desired flow(s)", state.dpid, state.desired.size());
            sync(state);
            publish();
        }, 100, TimeUnit.MILLISECONDS);
    }

    private void onDisconnected(SwitchSession session) {
        SwitchState state = switches.get(session.dpid());
        if (state != null && state.session == session) {
            state.session = null;
            state.installed = null;
            state.meters = Set.of();
            state.busy = false;
            sessions.remove(session.dpid(), session);
            for (List<Waiter> list : state.waiters.values()) {
                list.removeIf(waiter -> {
                    if (waiter.whileConnected()) {
                        waiter.done().completeExceptionally(new SwitchRequestException(
                                state.dpid + " disconnected before confirming its flows; they are applied when it reconnects"));
                    }
                    return waiter.whileConnected();
                });
            }
            publish();
        }
    }

    private void sync(SwitchState state) {
        if (state.session == null || state.desired == null || state.holding) {
            return;
        }
        if (state.busy) {
            state.dirty = true;
            return;
        }
        state.busy = true;
        state.dirty = false;
        SwitchSession session = state.session;
        long connection = state.connection;
        long revision = state.desiredRevision;
        List<FlowEntry> want = state.desired;
        long started = System.nanoTime();
        CompletableFuture<int[]> push;
        boolean reconciling = state.installed == null;
        boolean firstAfterConnect = !state.reconciledOnce;
        // meters before the flows that name them (per-port meters come and go with the ports' flows)
        List<Meters.Spec> needed = Meters.required(meters, want);
        Set<Long> had = reconciling ? Set.of() : state.meters;
        List<Meters.Spec> stale = new ArrayList<>(Meters.unused(state.meters, List.of(), needed));
        CompletableFuture<Void> metered = FlowProgrammer.installMeters(session,
                needed.stream().filter(spec -> !had.contains(spec.id())).toList());
        if (reconciling) {
            push = metered
                    .thenCompose(ok -> FlowProgrammer.readInstalled(session, loop)).thenComposeAsync(installed -> {
                // per-port meters named by flows a previous run left (for ports gone since) go after those flows
                stale.clear();
                stale.addAll(Meters.unused(state.meters, installed.ours(), needed));
                FlowDiff diff = FlowDiff.between(want, installed.ours());
                LOG.info("switch {}: has {} microseg flow(s) and {} other(s); applying {} change(s) {}",
                        session.dpid(), installed.ours().size(), installed.strayDeletes().size(), diff.size(),
                        session.supportsBundles() ? "in one bundle" : "fail-closed with barriers");
                return FlowProgrammer.apply(session, diff, installed.strayDeletes())
                        .thenApply(ok -> new int[] {diff.size(), installed.strayDeletes().size()});
            }, loop);
        } else {
            FlowDiff diff = FlowDiff.between(want, state.installed.values());
            push = metered.thenCompose(ok -> FlowProgrammer.apply(session, diff, List.of()))
                    .thenApply(ok -> new int[] {diff.size(), 0});
        }
        push.whenCompleteAsync((counts, failure) -> {
            if (state.connection != connection) {
                return;
            }
            state.busy = false;
            pushObserver.pushed(state.dpid, failure == null, System.nanoTime() - started,
                    counts == null ? 0 : counts[0] + counts[1]);
            if (failure != null) {
                state.installed = null;
                state.lastError = String.valueOf(failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                publish();
                LOG.warn("switch {}: push of revision {} failed: {}; re-reading the switch in {}", state.dpid, revision,
                        state.lastError, RETRY);
                loop.schedule(() -> {
                    if (state.connection == connection) {
                        sync(state);
                    }
                }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            Map<FlowKey, FlowEntry> installed = new LinkedHashMap<>(want.size() * 2);
            for (FlowEntry entry : want) {
                installed.put(entry.key(), entry);
            }
            state.installed = installed;
            state.meters = needed.stream().map(Meters.Spec::id).collect(Collectors.toUnmodifiableSet());
            FlowProgrammer.deleteMeters(session, stale).whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.warn("switch {}: could not delete unused meter(s) {}", state.dpid, stale, error);
                }
            });
            state.inForceRevision = revision;
            state.lastConfirmed = clock.instant();
            state.lastError = null;
            boolean connectReconcile = reconciling && firstAfterConnect;
            if (connectReconcile) {
                state.reconciledOnce = true;
                onReconciled.accept(state.dpid);
            }
            if (counts[0] + counts[1] > 0 || connectReconcile) {
                LOG.info("switch {}: revision {} in force ({} change(s), {} stray(s) removed) in {} ms", state.dpid, revision,
                        counts[0], counts[1], (System.nanoTime() - started) / 1_000_000);
            }
            var done = state.waiters.headMap(revision, true);
            done.values().forEach(list -> list.forEach(waiter -> waiter.done().complete(null)));
            done.clear();
            publish();
            if (state.dirty || state.desiredRevision != revision) {
                sync(state);
            }
        }, loop);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
