package io.microseg.controller.runtime;

import io.microseg.controller.openflow.PacketIn;
import io.microseg.controller.openflow.PortInfo;
import io.microseg.controller.openflow.SwitchListener;
import io.microseg.controller.openflow.SwitchRequestException;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.controller.runtime.SwitchSync.Holding;
import io.microseg.controller.runtime.SwitchSync.Installed;
import io.microseg.controller.runtime.SyncCommand.CheckHoldLater;
import io.microseg.controller.runtime.SyncCommand.Confirm;
import io.microseg.controller.runtime.SyncCommand.FailConnectedWaiters;
import io.microseg.controller.runtime.SyncCommand.Push;
import io.microseg.controller.runtime.SyncCommand.Reconciled;
import io.microseg.controller.runtime.SyncCommand.ReportPush;
import io.microseg.controller.runtime.SyncCommand.RetryLater;
import io.microseg.controller.runtime.SyncEvent.AuditDue;
import io.microseg.controller.runtime.SyncEvent.DesiredChanged;
import io.microseg.controller.runtime.SyncEvent.HoldCheck;
import io.microseg.controller.runtime.SyncEvent.PushFailed;
import io.microseg.controller.runtime.SyncEvent.PushSucceeded;
import io.microseg.controller.runtime.SyncEvent.RetryDue;
import io.microseg.controller.runtime.SyncEvent.SwitchConnected;
import io.microseg.controller.runtime.SyncEvent.SwitchDisconnected;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.topology.DatapathId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns the switches' sync state ({@code microseg-runtime}). Netty threads and API callers only
 * enqueue onto it; it feeds each event to the pure {@link SwitchSync#on} step and executes the commands that come
 * back: pushes through {@link FlowProgrammer} (read-back and reconciliation, or an incremental diff), timers for
 * holds, retries and audits, and the futures of callers waiting for a revision to be in force.
 */
public final class ControllerRuntime implements SwitchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration HOLD_CHECK = Duration.ofMillis(100);

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "microseg-runtime");
        thread.setDaemon(true);
        return thread;
    });
    private final Function<DatapathId, List<FlowEntry>> baseline;
    private final List<Meters.Spec> meters;
    private final Clock clock;
    private final Map<DatapathId, SwitchSync> switches = new HashMap<>();
    private final Map<DatapathId, TreeMap<Long, List<Waiter>>> waiters = new HashMap<>();
    /** Per switch, the meters (ids) it was given on this connection: what the next push need not add. */
    private final Map<DatapathId, Set<Long>> metersGiven = new HashMap<>();
    /** Per switch, the meters of the push in flight: given once it is confirmed, and the unused ones to delete. */
    private final Map<DatapathId, MeterPlan> meterPlans = new HashMap<>();
    /** Written on the loop, read by any thread (live reads such as flow counters). */
    private final Map<DatapathId, SwitchSession> sessions = new ConcurrentHashMap<>();
    private volatile Map<DatapathId, SwitchStatus> published = Map.of();
    private volatile Consumer<DatapathId> onReconciled = dpid -> { };
    private volatile PushObserver pushObserver = (dpid, ok, nanos, operations) -> { };
    private volatile Predicate<DatapathId> readyToReconcile = dpid -> true;
    private volatile Duration maxHold = Duration.ofSeconds(5);

    /** Told of every finished push (for metrics); called on the runtime thread, must not block. */
    @FunctionalInterface
    public interface PushObserver {
        void pushed(DatapathId dpid, boolean ok, long nanos, int operations);
    }

    /** The meters a push needs (installed before its flows) and those it leaves unused (deleted after them). */
    private record MeterPlan(List<Meters.Spec> needed, List<Meters.Spec> stale) {
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

    public void onPush(PushObserver observer) {
        this.pushObserver = observer;
    }

    /**
     * Re-reads every idle connected switch every {@code interval} and repairs what differs (a flow
     * added or deleted by hand, a switch that lost state): the same read-back and diff as on connect.
     */
    public void auditEvery(Duration interval) {
        loop.scheduleWithFixedDelay(() -> List.copyOf(switches.keySet()).forEach(dpid -> handle(dpid, new AuditDue())),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A (re)connected switch keeps the flows it has (fail-secure) and is reconciled only once {@code ready} says
     * its desired flows are known (the policy engine has compiled it and the topology is quiet), or after
     * {@code maxWait}. Reconciling earlier against a partial picture would delete flows and add them back a moment
     * later. {@code ready} is called on the runtime thread and must not block.
     */
    public void reconcileWhen(Predicate<DatapathId> ready, Duration maxWait) {
        this.readyToReconcile = ready;
        this.maxHold = maxWait;
    }

    /** Told (on the runtime thread; must not block) when a switch has been reconciled after it connected. */
    public void onReconciled(Consumer<DatapathId> listener) {
        this.onReconciled = listener;
    }

    // ---- switch events (Netty threads): enqueue only ----

    @Override
    public void switchConnected(SwitchSession session) {
        loop.execute(() -> {
            DatapathId dpid = session.dpid();
            sessions.put(dpid, session);
            SwitchSync next = handle(dpid, new SwitchConnected(readyToReconcile.test(dpid), baseline.apply(dpid),
                    System.nanoTime() + maxHold.toNanos()));
            if (next.phase() instanceof Holding) {
                LOG.info("switch {}: keeping its flows until its policy is compiled and the topology is quiet", dpid);
            }
        });
    }

    @Override
    public void switchDisconnected(SwitchSession session) {
        loop.execute(() -> {
            if (sessions.remove(session.dpid(), session)) {
                handle(session.dpid(), new SwitchDisconnected());
            }
        });
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
        return CompletableFuture.supplyAsync(() -> handle(dpid, new DesiredChanged(copy)).desiredRevision(), loop);
    }

    /** Completes once the switch has confirmed (barrier or bundle commit) revision {@code revision} or a later one. */
    public CompletableFuture<Void> awaitInForce(DatapathId dpid, long revision) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            if (state(dpid).inForceRevision() >= revision) {
                done.complete(null);
            } else {
                await(dpid, revision, new Waiter(done, false));
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
                SwitchSync next = handle(dpid, new DesiredChanged(flows));
                if (next.connected()) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    await(dpid, next.desiredRevision(), new Waiter(done, true));
                    confirmations.add(done);
                }
            });
            return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
        }, loop).thenCompose(all -> all);
    }

    /** Per switch, its state as of the last change; for readers on other threads (REST), never blocks. */
    public Map<DatapathId, SwitchStatus> published() {
        return published;
    }

    /** The flows the runtime believes installed on a switch (empty if unknown), as of now; runs on the loop. */
    public CompletableFuture<List<FlowEntry>> installed(DatapathId dpid) {
        return CompletableFuture.supplyAsync(() -> state(dpid).installed(), loop);
    }

    /** The desired flows of a switch; runs on the loop. */
    public CompletableFuture<List<FlowEntry>> desired(DatapathId dpid) {
        return CompletableFuture.supplyAsync(() -> state(dpid).desired().orElse(List.of()), loop);
    }

    /** The session of a connected switch (for live reads such as flow counters). */
    public Optional<SwitchSession> session(DatapathId dpid) {
        return Optional.ofNullable(sessions.get(dpid)).filter(SwitchSession::isConnected);
    }

    public CompletableFuture<List<SwitchStatus>> status() {
        return CompletableFuture.supplyAsync(() -> switches.values().stream().map(this::statusOf)
                .sorted((a, b) -> a.dpid().compareTo(b.dpid())).toList(), loop);
    }

    // ---- runtime thread ----

    private SwitchSync state(DatapathId dpid) {
        return switches.computeIfAbsent(dpid, SwitchSync::initial);
    }

    /** Steps the switch's state machine and executes what it asks for. */
    private SwitchSync handle(DatapathId dpid, SyncEvent event) {
        SwitchSync.Step step = state(dpid).on(event);
        switches.put(dpid, step.next());
        boolean reconciled = step.commands().contains(new Reconciled());
        step.commands().forEach(command -> execute(dpid, command, reconciled));
        publish();
        return step.next();
    }

    /** @param reconciled whether the step also reports the first reconciliation since the switch connected */
    private void execute(DatapathId dpid, SyncCommand command, boolean reconciled) {
        if (command instanceof Push push) {
            push(dpid, push);
        } else if (command instanceof CheckHoldLater check) {
            loop.schedule(() -> handle(dpid, new HoldCheck(check.connection(), readyToReconcile.test(dpid),
                    baseline.apply(dpid), System.nanoTime())), HOLD_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } else if (command instanceof RetryLater retry) {
            LOG.warn("switch {}: push failed: {}; re-reading the switch in {}", dpid,
                    switches.get(dpid).lastError().orElse(""), RETRY);
            loop.schedule(() -> handle(dpid, new RetryDue(retry.connection())), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } else if (command instanceof Confirm confirm) {
            if (confirm.changes() + confirm.strays() > 0 || reconciled) {
                LOG.info("switch {}: revision {} in force ({} change(s), {} stray(s) removed) in {} ms", dpid,
                        confirm.revision(), confirm.changes(), confirm.strays(), confirm.nanos() / 1_000_000);
            }
            var done = waiters.getOrDefault(dpid, new TreeMap<>()).headMap(confirm.revision(), true);
            done.values().forEach(list -> list.forEach(waiter -> waiter.done().complete(null)));
            done.clear();
            metersConfirmed(dpid);
        } else if (command instanceof FailConnectedWaiters) {
            metersGiven.remove(dpid);
            failConnectedWaiters(dpid);
        } else if (command instanceof Reconciled) {
            onReconciled.accept(dpid);
        } else if (command instanceof ReportPush report) {
            pushObserver.pushed(dpid, report.ok(), report.nanos(), report.operations());
        }
    }

    private void push(DatapathId dpid, Push push) {
        SwitchSession session = sessions.get(dpid);
        switch (push.why()) {
            case HOLD_EXPIRED -> LOG.warn("switch {}: policy not ready within {}; reconciling {} desired flow(s) with"
                    + " what is known", dpid, maxHold, push.want().size());
            case CONNECTED, HOLD_ENDED -> LOG.info("switch {}: reconciling {} desired flow(s)", dpid, push.want().size());
            default -> { }
        }
        long started = System.nanoTime();
        // meters before the flows that name them (per-port meters come and go with the ports' flows)
        Set<Long> given = metersGiven.getOrDefault(dpid, Set.of());
        List<Meters.Spec> needed = Meters.required(meters, push.want());
        Set<Long> had = push.basis() instanceof Installed.Known ? given : Set.of();
        List<Meters.Spec> stale = new ArrayList<>(Meters.unused(given, List.of(), needed));
        meterPlans.put(dpid, new MeterPlan(needed, stale));
        CompletableFuture<Void> metered = FlowProgrammer.installMeters(session,
                needed.stream().filter(spec -> !had.contains(spec.id())).toList());
        CompletableFuture<int[]> pushed;
        if (push.basis() instanceof Installed.Known known) {
            FlowDiff diff = FlowDiff.between(push.want(), known.flows().values());
            pushed = metered.thenCompose(ok -> FlowProgrammer.apply(session, diff, List.of()))
                    .thenApply(ok -> new int[] {diff.size(), 0});
        } else {
            pushed = metered.thenCompose(ok -> FlowProgrammer.readInstalled(session, loop)).thenComposeAsync(installed -> {
                // per-port meters named by flows a previous run left (for ports gone since) go after those flows
                stale.clear();
                stale.addAll(Meters.unused(given, installed.ours(), needed));
                FlowDiff diff = FlowDiff.between(push.want(), installed.ours());
                LOG.info("switch {}: has {} microseg flow(s) and {} other(s); applying {} change(s) {}", dpid,
                        installed.ours().size(), installed.strayDeletes().size(), diff.size(),
                        session.supportsBundles() ? "in one bundle" : "fail-closed with barriers");
                return FlowProgrammer.apply(session, diff, installed.strayDeletes())
                        .thenApply(ok -> new int[] {diff.size(), installed.strayDeletes().size()});
            }, loop);
        }
        pushed.whenCompleteAsync((counts, failure) -> {
            long nanos = System.nanoTime() - started;
            handle(dpid, failure == null
                    ? new PushSucceeded(push.connection(), counts[0], counts[1], nanos, clock.instant())
                    : new PushFailed(push.connection(), String.valueOf(
                            failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage()), nanos));
        }, loop);
    }

    /** The confirmed push's meters are the switch's now; those its flows no longer name go. */
    private void metersConfirmed(DatapathId dpid) {
        MeterPlan plan = meterPlans.remove(dpid);
        SwitchSession session = sessions.get(dpid);
        if (plan == null || session == null) {
            return;
        }
        metersGiven.put(dpid, plan.needed().stream().map(Meters.Spec::id).collect(Collectors.toUnmodifiableSet()));
        FlowProgrammer.deleteMeters(session, plan.stale()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("switch {}: could not delete unused meter(s) {}", dpid, plan.stale(), error);
            }
        });
    }

    private void await(DatapathId dpid, long revision, Waiter waiter) {
        waiters.computeIfAbsent(dpid, d -> new TreeMap<>()).computeIfAbsent(revision, r -> new ArrayList<>()).add(waiter);
    }

    private void failConnectedWaiters(DatapathId dpid) {
        for (List<Waiter> list : waiters.getOrDefault(dpid, new TreeMap<>()).values()) {
            list.removeIf(waiter -> {
                if (waiter.whileConnected()) {
                    waiter.done().completeExceptionally(new SwitchRequestException(
                            dpid + " disconnected before confirming its flows; they are applied when it reconnects"));
                }
                return waiter.whileConnected();
            });
        }
    }

    private void publish() {
        Map<DatapathId, SwitchStatus> out = new TreeMap<>();
        switches.values().forEach(state -> out.put(state.dpid(), statusOf(state)));
        published = Collections.unmodifiableMap(out);
    }

    private SwitchStatus statusOf(SwitchSync s) {
        SwitchSession session = sessions.get(s.dpid());
        boolean connected = s.connected() && session != null && session.isConnected();
        return new SwitchStatus(s.dpid(), connected, connected ? session.version().toString() : null,
                s.desiredRevision(), s.inForceRevision(), s.desired().map(List::size).orElse(0),
                s.lastConfirmed().orElse(null), s.lastError().orElse(null));
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
