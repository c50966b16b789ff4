package io.microseg.controller.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microseg.controller.runtime.SwitchSync.Disconnected;
import io.microseg.controller.runtime.SwitchSync.Holding;
import io.microseg.controller.runtime.SwitchSync.Idle;
import io.microseg.controller.runtime.SwitchSync.Installed.Known;
import io.microseg.controller.runtime.SwitchSync.Installed.Unknown;
import io.microseg.controller.runtime.SwitchSync.Phase;
import io.microseg.controller.runtime.SwitchSync.Pushing;
import io.microseg.controller.runtime.SwitchSync.Retrying;
import io.microseg.controller.runtime.SwitchSync.Step;
import io.microseg.controller.runtime.SyncCommand.CheckHoldLater;
import io.microseg.controller.runtime.SyncCommand.Confirm;
import io.microseg.controller.runtime.SyncCommand.FailConnectedWaiters;
import io.microseg.controller.runtime.SyncCommand.Push;
import io.microseg.controller.runtime.SyncCommand.Reconciled;
import io.microseg.controller.runtime.SyncCommand.ReportPush;
import io.microseg.controller.runtime.SyncCommand.RetryLater;
import io.microseg.controller.runtime.SyncCommand.Why;
import io.microseg.controller.runtime.SyncEvent.AuditDue;
import io.microseg.controller.runtime.SyncEvent.DesiredChanged;
import io.microseg.controller.runtime.SyncEvent.HoldCheck;
import io.microseg.controller.runtime.SyncEvent.PushFailed;
import io.microseg.controller.runtime.SyncEvent.PushSucceeded;
import io.microseg.controller.runtime.SyncEvent.RetryDue;
import io.microseg.controller.runtime.SyncEvent.SwitchConnected;
import io.microseg.controller.runtime.SyncEvent.SwitchDisconnected;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.topology.DatapathId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-switch sync state machine: every event in every state (the table below names the expected next state and
 * commands of each pair; {@link #theTableCoversEveryPair} keeps it complete), then whole scenarios.
 */
class SwitchSyncTest {
    private static final DatapathId DPID = DatapathId.of(1);
    private static final List<FlowEntry> A = List.of(flow(10));
    private static final List<FlowEntry> B = List.of(flow(10), flow(20));
    private static final List<FlowEntry> BASE = List.of(flow(0));
    private static final Known KA = Known.of(A);
    private static final Known KB = Known.of(B);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:01:00Z");
    private static final long DEADLINE = 5_000;
    private static final long NOW = 1_000;
    /** Every fixture is on its third connection; events of the second are stale. */
    private static final long CONN = 3;

    // ---- states ----
    private static final Map<String, SwitchSync> STATES = new LinkedHashMap<>();
    static {
        STATES.put("fresh", sync(new Disconnected(), Optional.empty(), 0, 0, false, Optional.empty(), Optional.empty()));
        STATES.put("offline", sync(new Disconnected(), Optional.of(A), 2, 1, true, Optional.of(T0), Optional.empty()));
        STATES.put("heldEmpty", sync(new Holding(DEADLINE), Optional.empty(), 0, 0, false, Optional.empty(), Optional.empty()));
        STATES.put("held", sync(new Holding(DEADLINE), Optional.of(A), 2, 1, false, Optional.of(T0), Optional.empty()));
        STATES.put("idle", sync(new Idle(KA), Optional.of(A), 2, 2, true, Optional.of(T0), Optional.empty()));
        STATES.put("reconciling", sync(new Pushing(2, A, new Unknown()), Optional.of(A), 2, 1, false, Optional.of(T0),
                Optional.empty()));
        STATES.put("auditing", sync(new Pushing(2, A, new Unknown()), Optional.of(A), 2, 2, true, Optional.of(T0),
                Optional.empty()));
        STATES.put("updating", sync(new Pushing(3, B, KA), Optional.of(B), 3, 2, true, Optional.of(T0), Optional.empty()));
        STATES.put("dirty", sync(new Pushing(3, B, KA), Optional.of(A), 4, 2, true, Optional.of(T0), Optional.empty()));
        STATES.put("retrying", sync(new Retrying(), Optional.of(A), 2, 1, false, Optional.of(T0), Optional.of("boom")));
    }

    // ---- events ----
    private static final Map<String, SyncEvent> EVENTS = new LinkedHashMap<>();
    static {
        EVENTS.put("connect", new SwitchConnected(true, BASE, DEADLINE));
        EVENTS.put("connectNotReady", new SwitchConnected(false, BASE, DEADLINE));
        EVENTS.put("disconnect", new SwitchDisconnected());
        EVENTS.put("setB", new DesiredChanged(B));
        EVENTS.put("holdReady", new HoldCheck(CONN, true, BASE, NOW));
        EVENTS.put("holdWait", new HoldCheck(CONN, false, BASE, NOW));
        EVENTS.put("holdExpired", new HoldCheck(CONN, false, BASE, DEADLINE));
        EVENTS.put("holdStale", new HoldCheck(CONN - 1, true, BASE, NOW));
        EVENTS.put("pushOk", new PushSucceeded(CONN, 5, 1, 700, T1));
        EVENTS.put("pushOkStale", new PushSucceeded(CONN - 1, 5, 1, 700, T1));
        EVENTS.put("pushFailed", new PushFailed(CONN, "refused", 700));
        EVENTS.put("pushFailedStale", new PushFailed(CONN - 1, "refused", 700));
        EVENTS.put("retry", new RetryDue(CONN));
        EVENTS.put("retryStale", new RetryDue(CONN - 1));
        EVENTS.put("audit", new AuditDue());
    }

    // ---- the table: (state, event) -> next state and commands ----
    private static final Map<String, Step> TABLE = new LinkedHashMap<>();
    static {
        // connect (ready): a new connection, reconciled at once against what it has (read back); baseline if nothing set
        expect("fresh", "connect", s("fresh").connection(4).desired(BASE, 1).phase(new Pushing(1, BASE, new Unknown())),
                new Push(4, 1, BASE, new Unknown(), Why.CONNECTED));
        expect("heldEmpty", "connect", s("heldEmpty").connection(4).desired(BASE, 1)
                .phase(new Pushing(1, BASE, new Unknown())), new Push(4, 1, BASE, new Unknown(), Why.CONNECTED));
        for (String state : List.of("offline", "held", "idle", "reconciling", "auditing", "retrying")) {
            expect(state, "connect", s(state).connection(4).reconciledOnce(false).phase(new Pushing(2, A, new Unknown())),
                    new Push(4, 2, A, new Unknown(), Why.CONNECTED));
        }
        expect("updating", "connect", s("updating").connection(4).reconciledOnce(false)
                .phase(new Pushing(3, B, new Unknown())), new Push(4, 3, B, new Unknown(), Why.CONNECTED));
        expect("dirty", "connect", s("dirty").connection(4).reconciledOnce(false).phase(new Pushing(4, A, new Unknown())),
                new Push(4, 4, A, new Unknown(), Why.CONNECTED));
        // connect (not ready): a new connection, held (keeps its flows) with a check scheduled
        for (String state : STATES.keySet()) {
            expect(state, "connectNotReady", s(state).connection(4).reconciledOnce(false).phase(new Holding(DEADLINE)),
                    new CheckHoldLater(4));
        }
        // disconnect: waiters that wanted a connected confirmation fail; nothing is pushed
        ignores("fresh", "disconnect");
        ignores("offline", "disconnect");
        for (String state : List.of("heldEmpty", "held", "idle", "reconciling", "auditing", "updating", "dirty", "retrying")) {
            expect(state, "disconnect", s(state).phase(new Disconnected()), new FailConnectedWaiters());
        }
        // setB: a new desired revision; pushed at once only from idle (diff) or retrying (re-read); else later
        expect("fresh", "setB", s("fresh").desired(B, 1));
        expect("offline", "setB", s("offline").desired(B, 3));
        expect("heldEmpty", "setB", s("heldEmpty").desired(B, 1));
        expect("held", "setB", s("held").desired(B, 3));
        expect("idle", "setB", s("idle").desired(B, 3).phase(new Pushing(3, B, KA)),
                new Push(CONN, 3, B, KA, Why.DESIRED_CHANGED));
        expect("reconciling", "setB", s("reconciling").desired(B, 3));
        expect("auditing", "setB", s("auditing").desired(B, 3));
        expect("updating", "setB", s("updating").desired(B, 4));
        expect("dirty", "setB", s("dirty").desired(B, 5));
        expect("retrying", "setB", s("retrying").desired(B, 3).phase(new Pushing(3, B, new Unknown())),
                new Push(CONN, 3, B, new Unknown(), Why.DESIRED_CHANGED));
        // hold checks: only a held switch of this connection cares
        holdEnds("holdReady", Why.HOLD_ENDED);
        holdEnds("holdExpired", Why.HOLD_EXPIRED);
        expect("heldEmpty", "holdWait", s("heldEmpty"), new CheckHoldLater(CONN));
        expect("held", "holdWait", s("held"), new CheckHoldLater(CONN));
        for (String state : List.of("fresh", "offline", "idle", "reconciling", "auditing", "updating", "dirty", "retrying")) {
            ignores(state, "holdReady", "holdWait", "holdExpired");
        }
        for (String state : STATES.keySet()) {
            ignores(state, "holdStale", "pushOkStale", "pushFailedStale", "retryStale");
        }
        // push succeeded: in force and known; the first reconciliation of a connection is announced; dirty re-pushes
        ReportPush ok = new ReportPush(true, 700, 6);
        for (String state : List.of("fresh", "offline", "heldEmpty", "held", "idle", "retrying")) {
            expect(state, "pushOk", s(state), ok); // no push of this connection in flight: counted, nothing else
        }
        expect("reconciling", "pushOk", s("reconciling").phase(new Idle(KA)).inForce(2).reconciledOnce(true)
                .confirmed(T1), ok, new Confirm(2, 5, 1, 700), new Reconciled());
        expect("auditing", "pushOk", s("auditing").phase(new Idle(KA)).confirmed(T1), ok, new Confirm(2, 5, 1, 700));
        expect("updating", "pushOk", s("updating").phase(new Idle(KB)).inForce(3).confirmed(T1), ok,
                new Confirm(3, 5, 1, 700));
        expect("dirty", "pushOk", s("dirty").phase(new Pushing(4, A, KB)).inForce(3).confirmed(T1), ok,
                new Confirm(3, 5, 1, 700), new Push(CONN, 4, A, KB, Why.DESIRED_CHANGED));
        // push failed: what the switch has is unknown; retry later by re-reading it
        ReportPush failed = new ReportPush(false, 700, 0);
        for (String state : List.of("fresh", "offline", "heldEmpty", "held", "idle", "retrying")) {
            expect(state, "pushFailed", s(state).error("refused"), failed);
        }
        for (String state : List.of("reconciling", "auditing", "updating", "dirty")) {
            expect(state, "pushFailed", s(state).phase(new Retrying()).error("refused"), failed, new RetryLater(CONN));
        }
        // retry: only a retrying switch re-reads and pushes; the error stays until a push succeeds
        expect("retrying", "retry", s("retrying").phase(new Pushing(2, A, new Unknown())),
                new Push(CONN, 2, A, new Unknown(), Why.RETRY));
        // audit: only an idle switch is re-read
        expect("idle", "audit", s("idle").phase(new Pushing(2, A, new Unknown())),
                new Push(CONN, 2, A, new Unknown(), Why.AUDIT));
        for (String state : STATES.keySet()) {
            if (!state.equals("retrying")) {
                ignores(state, "retry");
            }
            if (!state.equals("idle")) {
                ignores(state, "audit");
            }
        }
    }

    private static void holdEnds(String event, Why why) {
        expect("heldEmpty", event, s("heldEmpty").desired(BASE, 1).phase(new Pushing(1, BASE, new Unknown())),
                new Push(CONN, 1, BASE, new Unknown(), why));
        expect("held", event, s("held").phase(new Pushing(2, A, new Unknown())), new Push(CONN, 2, A, new Unknown(), why));
    }

    static Stream<Arguments> everyEventInEveryState() {
        List<Arguments> out = new ArrayList<>();
        STATES.keySet().forEach(state -> EVENTS.keySet().forEach(event -> out.add(Arguments.of(state, event))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("everyEventInEveryState")
    void stepsAsTheTableSays(String state, String event) {
        Step expected = TABLE.get(state + " + " + event);
        assertTrue(expected != null, "the table has no row for " + state + " + " + event);
        Step actual = STATES.get(state).on(EVENTS.get(event));
        assertEquals(expected.commands(), actual.commands(), "commands");
        assertEquals(expected.next(), actual.next(), "next state");
    }

    @Test
    void theTableCoversEveryPair() {
        assertEquals(STATES.size() * EVENTS.size(), TABLE.size());
    }

    // ---- scenarios ----

    @Test
    void connectHoldUntilReadyThenPushAndRePushWhatChangedWhileBusy() {
        SwitchSync s = SwitchSync.initial(DPID);
        Step step = s.on(new SwitchConnected(false, BASE, DEADLINE));
        assertEquals(List.of(new CheckHoldLater(1)), step.commands());
        step = step.next().on(new DesiredChanged(A)); // compiled while held: nothing pushed yet
        assertEquals(List.of(), step.commands());
        step = step.next().on(new HoldCheck(1, false, BASE, NOW));
        assertEquals(List.of(new CheckHoldLater(1)), step.commands());
        step = step.next().on(new HoldCheck(1, true, BASE, NOW + 100));
        assertEquals(List.of(new Push(1, 1, A, new Unknown(), Why.HOLD_ENDED)), step.commands());
        step = step.next().on(new DesiredChanged(B)); // busy: only marked
        assertEquals(List.of(), step.commands());
        assertEquals(2, step.next().desiredRevision());
        step = step.next().on(new PushSucceeded(1, 3, 0, 10, T1));
        assertEquals(List.of(new ReportPush(true, 10, 3), new Confirm(1, 3, 0, 10), new Reconciled(),
                new Push(1, 2, B, KA, Why.DESIRED_CHANGED)), step.commands());
        step = step.next().on(new PushSucceeded(1, 1, 0, 10, T1));
        assertEquals(List.of(new ReportPush(true, 10, 1), new Confirm(2, 1, 0, 10)), step.commands());
        assertEquals(new Idle(KB), step.next().phase());
        assertEquals(2, step.next().inForceRevision());
        assertEquals(B, step.next().installed());
    }

    @Test
    void aFailedPushIsRetriedAfterTheBackoffByReReadingTheSwitch() {
        SwitchSync idle = STATES.get("idle");
        Step step = idle.on(new DesiredChanged(B));
        step = step.next().on(new PushFailed(CONN, "table full", 5));
        assertEquals(List.of(new ReportPush(false, 5, 0), new RetryLater(CONN)), step.commands());
        assertEquals(List.of(), step.next().installed(), "what the switch has is unknown after a failure");
        assertEquals(Optional.of("table full"), step.next().lastError());
        assertEquals(List.of(), step.next().on(new AuditDue()).commands(), "no audit while a retry is pending");
        step = step.next().on(new RetryDue(CONN));
        assertEquals(List.of(new Push(CONN, 3, B, new Unknown(), Why.RETRY)), step.commands());
        step = step.next().on(new PushSucceeded(CONN, 1, 0, 5, T1));
        assertEquals(new Idle(KB), step.next().phase());
        assertEquals(Optional.empty(), step.next().lastError());
        assertEquals(List.of(new ReportPush(true, 5, 1), new Confirm(3, 1, 0, 5)), step.commands(),
                "a retry is not a first reconciliation when the connection was reconciled before");
    }

    @Test
    void aRetryOfAnEarlierConnectionIsIgnoredAfterAReconnect() {
        Step failed = STATES.get("updating").on(new PushFailed(CONN, "gone", 1));
        Step reconnected = failed.next().on(new SwitchDisconnected()).next().on(new SwitchConnected(true, BASE, DEADLINE));
        assertEquals(List.of(new Push(CONN + 1, 3, B, new Unknown(), Why.CONNECTED)), reconnected.commands());
        Step retry = reconnected.next().on(new RetryDue(CONN));
        assertEquals(reconnected.next(), retry.next());
        assertEquals(List.of(), retry.commands());
    }

    @Test
    void anAuditReReadsAnIdleSwitchAndRepairsTheDrift() {
        SwitchSync idle = STATES.get("idle");
        Step audit = idle.on(new AuditDue());
        assertEquals(List.of(new Push(CONN, 2, A, new Unknown(), Why.AUDIT)), audit.commands());
        assertEquals(List.of(), audit.next().on(new AuditDue()).commands(), "one read-back at a time");
        Step repaired = audit.next().on(new PushSucceeded(CONN, 1, 2, 9, T1)); // one flow re-added, two strays removed
        assertEquals(List.of(new ReportPush(true, 9, 3), new Confirm(2, 1, 2, 9)), repaired.commands(),
                "no second 'reconciled' (and no link probe) for an audit");
        assertEquals(new Idle(KA), repaired.next().phase());
        assertEquals(Optional.of(T1), repaired.next().lastConfirmed());
    }

    @Test
    void aSwitchThatReconnectsWhileHeldIsReconciledOnceReady() {
        Step held = SwitchSync.initial(DPID).on(new SwitchConnected(false, BASE, DEADLINE));
        Step again = held.next().on(new SwitchDisconnected()).next().on(new SwitchConnected(true, BASE, DEADLINE));
        assertEquals(List.of(new Push(2, 1, BASE, new Unknown(), Why.CONNECTED)), again.commands());
        assertEquals(List.of(), again.next().on(new HoldCheck(1, true, BASE, NOW)).commands(),
                "the first connection's hold check is stale");
    }

    @Test
    void aHoldThatExpiresReconcilesWithTheBaseline() {
        Step held = SwitchSync.initial(DPID).on(new SwitchConnected(false, BASE, DEADLINE));
        Step waiting = held.next().on(new HoldCheck(1, false, BASE, DEADLINE - 1));
        assertEquals(List.of(new CheckHoldLater(1)), waiting.commands());
        Step expired = waiting.next().on(new HoldCheck(1, false, BASE, DEADLINE));
        assertEquals(List.of(new Push(1, 1, BASE, new Unknown(), Why.HOLD_EXPIRED)), expired.commands());
        assertEquals(Optional.of(BASE), expired.next().desired());
    }

    // ---- helpers ----

    private static FlowEntry flow(int priority) {
        return FlowEntry.of(0, priority, FlowMatch.any(), new Cookie(0x6d01_0000_0000_0000L + priority));
    }

    private static SwitchSync sync(Phase phase, Optional<List<FlowEntry>> desired, long revision, long inForce,
            boolean reconciledOnce, Optional<Instant> confirmed, Optional<String> error) {
        return new SwitchSync(DPID, phase, CONN, desired, revision, inForce, reconciledOnce, confirmed, error);
    }

    private static void expect(String state, String event, Expect next, SyncCommand... commands) {
        Step previous = TABLE.put(state + " + " + event, new Step(next.build(), List.of(commands)));
        if (previous != null) {
            throw new IllegalStateException("two rows for " + state + " + " + event);
        }
    }

    private static void ignores(String state, String... events) {
        for (String event : events) {
            expect(state, event, s(state));
        }
    }

    private static Expect s(String state) {
        return new Expect(STATES.get(state));
    }

    /** A fixture with some fields changed. */
    private static final class Expect {
        private Phase phase;
        private long connection;
        private Optional<List<FlowEntry>> desired;
        private long revision;
        private long inForce;
        private boolean reconciledOnce;
        private Optional<Instant> confirmed;
        private Optional<String> error;

        Expect(SwitchSync from) {
            phase = from.phase();
            connection = from.connection();
            desired = from.desired();
            revision = from.desiredRevision();
            inForce = from.inForceRevision();
            reconciledOnce = from.reconciledOnce();
            confirmed = from.lastConfirmed();
            error = from.lastError();
        }

        Expect phase(Phase value) {
            phase = value;
            return this;
        }

        Expect connection(long value) {
            connection = value;
            return this;
        }

        Expect desired(List<FlowEntry> flows, long rev) {
            desired = Optional.of(flows);
            revision = rev;
            return this;
        }

        Expect inForce(long value) {
            inForce = value;
            return this;
        }

        Expect reconciledOnce(boolean value) {
            reconciledOnce = value;
            return this;
        }

        Expect confirmed(Instant at) {
            confirmed = Optional.of(at);
            error = Optional.empty();
            return this;
        }

        Expect error(String message) {
            error = Optional.of(message);
            return this;
        }

        SwitchSync build() {
            return new SwitchSync(DPID, phase, connection, desired, revision, inForce, reconciledOnce, confirmed, error);
        }
    }
}
