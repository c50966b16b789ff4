package io.microseg.controller.runtime;

import io.microseg.flowrules.flow.FlowEntry;
import java.time.Instant;
import java.util.List;

/** What happens to a switch, as {@link SwitchSync#on} sees it; everything it needs (readiness, time) is in it. */
public sealed interface SyncEvent {

    /**
     * The switch (re)connected.
     *
     * @param ready whether its desired flows are known (else it is held until {@code holdUntilNanos})
     * @param baseline its flows if nobody has set any
     */
    record SwitchConnected(boolean ready, List<FlowEntry> baseline, long holdUntilNanos) implements SyncEvent {
        public SwitchConnected {
            baseline = List.copyOf(baseline);
        }
    }

    /** Its connection closed. */
    record SwitchDisconnected() implements SyncEvent {
    }

    /** Someone set the flows it should have. */
    record DesiredChanged(List<FlowEntry> flows) implements SyncEvent {
        public DesiredChanged {
            flows = List.copyOf(flows);
        }
    }

    /** Time to look again whether a held switch is ready. */
    record HoldCheck(long connection, boolean ready, List<FlowEntry> baseline, long nowNanos) implements SyncEvent {
        public HoldCheck {
            baseline = List.copyOf(baseline);
        }
    }

    /** The switch confirmed the push of {@code connection} ({@code changes} flow changes, {@code strays} removed). */
    record PushSucceeded(long connection, int changes, int strays, long nanos, Instant at) implements SyncEvent {
    }

    /** The push of {@code connection} failed. */
    record PushFailed(long connection, String error, long nanos) implements SyncEvent {
    }

    /** Time to retry after a failed push. */
    record RetryDue(long connection) implements SyncEvent {
    }

    /** Time to re-read an idle switch and repair what differs. */
    record AuditDue() implements SyncEvent {
    }
}
