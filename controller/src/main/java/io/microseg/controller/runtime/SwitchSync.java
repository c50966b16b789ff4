package io.microseg.controller.runtime;

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
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.topology.DatapathId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one switch's flows stand, and the pure step that moves it on: {@link #on} takes an event and returns the
 * next state and the commands for the shell ({@link ControllerRuntime}) to execute. No I/O and no clock: time
 * comes in the events.
 *
 * <p>A switch is {@link Disconnected}; on connect it is {@link Holding} (keeps the flows it has, fail-secure)
 * until its policy is ready or the hold expires, then {@link Pushing} a reconciliation (read back, diff, apply);
 * {@link Idle} once its flows are in force and known; {@link Pushing} an incremental diff when the desired flows
 * change. One push is in flight per switch: a change during a push is "dirty" (the desired revision moved past the
 * push's) and is pushed when the push ends. A failed push leaves the switch {@link Retrying}: what it has is
 * unknown, and the next push re-reads it. An audit re-reads an idle switch.
 *
 * @param connection counts connections; results and timers of an earlier connection are ignored
 * @param desired the flows the switch should have, once anyone (or the baseline at reconciliation) has set them
 * @param reconciledOnce whether this connection has been reconciled (told once, to probe its links)
 */
public record SwitchSync(DatapathId dpid, Phase phase, long connection, Optional<List<FlowEntry>> desired,
                         long desiredRevision, long inForceRevision, boolean reconciledOnce,
                         Optional<Instant> lastConfirmed, Optional<String> lastError) {

    /** Where the switch is in its sync cycle. */
    public sealed interface Phase permits Disconnected, Holding, Idle, Pushing, Retrying {
    }

    /** Not connected: nothing is pushed; what it has is read back when it connects. */
    public record Disconnected() implements Phase {
    }

    /** Connected, keeping its flows until its policy is ready or {@code deadlineNanos} passes. */
    public record Holding(long deadlineNanos) implements Phase {
    }

    /** Connected, nothing in flight; its flows are known to be {@code installed}. */
    public record Idle(Installed.Known installed) implements Phase {
    }

    /** Connected, pushing revision {@code revision} ({@code want}) against {@code basis}. */
    public record Pushing(long revision, List<FlowEntry> want, Installed basis) implements Phase {
        public Pushing {
            want = List.copyOf(want);
        }
    }

    /** Connected, the last push failed: what it has is unknown; a retry (or a change) re-reads it. */
    public record Retrying() implements Phase {
    }

    /** What a push starts from: flows known to be in force (push the diff), or unknown (read the switch back). */
    public sealed interface Installed permits Installed.Known, Installed.Unknown {
        /** Flows by key, in the order they were pushed. */
        record Known(Map<FlowKey, FlowEntry> flows) implements Installed {
            public Known {
                flows = Collections.unmodifiableMap(new LinkedHashMap<>(flows));
            }

            /** The flows in force after {@code flows} were pushed (a later flow with the same key wins). */
            public static Known of(List<FlowEntry> flows) {
                Map<FlowKey, FlowEntry> byKey = new LinkedHashMap<>(flows.size() * 2);
                for (FlowEntry entry : flows) {
                    byKey.put(entry.key(), entry);
                }
                return new Known(byKey);
            }
        }

        /** Must be read back from the switch. */
        record Unknown() implements Installed {
        }
    }

    /** The next state and what the shell must do. */
    public record Step(SwitchSync next, List<SyncCommand> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    public SwitchSync {
        desired = desired.map(List::copyOf);
    }

    /** A switch nothing is known of: disconnected, no desired flows. */
    public static SwitchSync initial(DatapathId dpid) {
        return new SwitchSync(dpid, new Disconnected(), 0, Optional.empty(), 0, 0, false, Optional.empty(),
                Optional.empty());
    }

    public boolean connected() {
        return !(phase instanceof Disconnected);
    }

    /** The flows known to be on the switch (empty while unknown). */
    public List<FlowEntry> installed() {
        Installed known = phase instanceof Idle idle ? idle.installed()
                : phase instanceof Pushing pushing ? pushing.basis() : new Installed.Unknown();
        return known instanceof Installed.Known k ? List.copyOf(k.flows().values()) : List.of();
    }

    /** The pure step. */
    public Step on(SyncEvent event) {
        if (event instanceof SwitchConnected e) {
            return connected(e);
        } else if (event instanceof SwitchDisconnected) {
            return connected() ? new Step(withPhase(new Disconnected()), List.of(new FailConnectedWaiters())) : same();
        } else if (event instanceof DesiredChanged e) {
            return desiredChanged(e);
        } else if (event instanceof HoldCheck e) {
            return holdCheck(e);
        } else if (event instanceof PushSucceeded e) {
            return pushSucceeded(e);
        } else if (event instanceof PushFailed e) {
            return pushFailed(e);
        } else if (event instanceof RetryDue e) {
            return e.connection() == connection && phase instanceof Retrying ? reconcile(this, Why.RETRY) : same();
        } else if (event instanceof AuditDue) {
            return phase instanceof Idle ? reconcile(this, Why.AUDIT) : same();
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    private Step connected(SwitchConnected e) {
        SwitchSync fresh = new SwitchSync(dpid, phase, connection + 1, desired, desiredRevision, inForceRevision, false,
                lastConfirmed, lastError);
        if (!e.ready()) {
            return new Step(fresh.withPhase(new Holding(e.holdUntilNanos())), List.of(new CheckHoldLater(fresh.connection)));
        }
        return reconcile(fresh.withDesiredOr(e.baseline()), Why.CONNECTED);
    }

    private Step desiredChanged(DesiredChanged e) {
        SwitchSync changed = new SwitchSync(dpid, phase, connection, Optional.of(e.flows()), desiredRevision + 1,
                inForceRevision, reconciledOnce, lastConfirmed, lastError);
        if (phase instanceof Idle idle) {
            return changed.push(idle.installed(), Why.DESIRED_CHANGED);
        }
        if (phase instanceof Retrying) {
            return reconcile(changed, Why.DESIRED_CHANGED);
        }
        return new Step(changed, List.of()); // disconnected or holding: pushed later; pushing: dirty, pushed after
    }

    private Step holdCheck(HoldCheck e) {
        if (e.connection() != connection || !(phase instanceof Holding holding)) {
            return same();
        }
        if (e.ready()) {
            return reconcile(withDesiredOr(e.baseline()), Why.HOLD_ENDED);
        }
        if (e.nowNanos() < holding.deadlineNanos()) {
            return new Step(this, List.of(new CheckHoldLater(connection)));
        }
        return reconcile(withDesiredOr(e.baseline()), Why.HOLD_EXPIRED);
    }

    private Step pushSucceeded(PushSucceeded e) {
        if (e.connection() != connection) {
            return same();
        }
        ReportPush report = new ReportPush(true, e.nanos(), e.changes() + e.strays());
        if (!(phase instanceof Pushing pushing)) {
            return new Step(this, List.of(report)); // finished after a disconnect: re-read when it connects
        }
        boolean connectReconcile = pushing.basis() instanceof Installed.Unknown && !reconciledOnce;
        Installed.Known installed = Installed.Known.of(pushing.want());
        SwitchSync inForce = new SwitchSync(dpid, new Idle(installed), connection, desired, desiredRevision,
                pushing.revision(), reconciledOnce || connectReconcile, Optional.of(e.at()), Optional.empty());
        List<SyncCommand> commands = new ArrayList<>(List.of(report,
                new Confirm(pushing.revision(), e.changes(), e.strays(), e.nanos())));
        if (connectReconcile) {
            commands.add(new Reconciled());
        }
        if (desiredRevision != pushing.revision()) { // dirty: the desired flows changed during the push
            Step next = inForce.push(installed, Why.DESIRED_CHANGED);
            commands.addAll(next.commands());
            return new Step(next.next(), commands);
        }
        return new Step(inForce, commands);
    }

    private Step pushFailed(PushFailed e) {
        if (e.connection() != connection) {
            return same();
        }
        SwitchSync failed = new SwitchSync(dpid, phase, connection, desired, desiredRevision, inForceRevision,
                reconciledOnce, lastConfirmed, Optional.of(e.error()));
        ReportPush report = new ReportPush(false, e.nanos(), 0);
        if (!(phase instanceof Pushing)) {
            return new Step(failed, List.of(report)); // failed because it disconnected: re-read when it connects
        }
        return new Step(failed.withPhase(new Retrying()), List.of(report, new RetryLater(connection)));
    }

    /** Reads the switch back and applies the diff. */
    private static Step reconcile(SwitchSync from, Why why) {
        return from.push(new Installed.Unknown(), why);
    }

    private Step push(Installed basis, Why why) {
        List<FlowEntry> want = desired.orElseThrow();
        Pushing pushing = new Pushing(desiredRevision, want, basis);
        return new Step(withPhase(pushing), List.of(new Push(connection, desiredRevision, want, basis, why)));
    }

    private SwitchSync withDesiredOr(List<FlowEntry> baseline) {
        return desired.isPresent() ? this : new SwitchSync(dpid, phase, connection, Optional.of(baseline),
                desiredRevision + 1, inForceRevision, reconciledOnce, lastConfirmed, lastError);
    }

    private SwitchSync withPhase(Phase next) {
        return new SwitchSync(dpid, next, connection, desired, desiredRevision, inForceRevision, reconciledOnce,
                lastConfirmed, lastError);
    }

    private Step same() {
        return new Step(this, List.of());
    }
}
