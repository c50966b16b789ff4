package io.microseg.controller.runtime;

import io.microseg.controller.runtime.SwitchSync.Installed;
import io.microseg.flowrules.flow.FlowEntry;
import java.util.List;

/** What {@link SwitchSync#on} asks the shell to do for a switch. */
public sealed interface SyncCommand {

    /** Why a push starts (for the log). */
    enum Why { CONNECTED, HOLD_ENDED, HOLD_EXPIRED, DESIRED_CHANGED, RETRY, AUDIT }

    /**
     * Make the switch have {@code want}: push the diff against {@code basis}, or, when it is unknown, install the
     * meters, read the switch back and apply the diff (removing strays). Answer with PushSucceeded or PushFailed.
     */
    record Push(long connection, long revision, List<FlowEntry> want, Installed basis, Why why) implements SyncCommand {
        public Push {
            want = List.copyOf(want);
        }
    }

    /** Send a HoldCheck for this connection a moment from now. */
    record CheckHoldLater(long connection) implements SyncCommand {
    }

    /** Send a RetryDue for this connection after the retry delay. */
    record RetryLater(long connection) implements SyncCommand {
    }

    /** Revision {@code revision} is in force: complete whoever waits for it or an earlier one. */
    record Confirm(long revision, int changes, int strays, long nanos) implements SyncCommand {
    }

    /** The switch disconnected: fail whoever waits for its confirmation while connected. */
    record FailConnectedWaiters() implements SyncCommand {
    }

    /** The switch was reconciled for the first time since it connected (its links can be probed now). */
    record Reconciled() implements SyncCommand {
    }

    /** A push finished (for metrics). */
    record ReportPush(boolean ok, long nanos, int operations) implements SyncCommand {
    }
}
