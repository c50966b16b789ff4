package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.WorkloadId;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision of one side: the egress side of the source or the ingress side of the destination. Records the
 * workload (absent for a bare address), its enforcement mode ({@code ENFORCE} for a bare address, which never
 * denies), the reason, and the {@code pass} rule the decision went through, if any.
 */
public record SideDecision(Direction direction, Optional<WorkloadId> workload, EnforcementMode mode, Reason reason,
        Optional<RuleRef> passedAt) {

    public SideDecision {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(passedAt, "passedAt");
    }

    static SideDecision notManaged(Direction direction) {
        return new SideDecision(direction, Optional.empty(), EnforcementMode.ENFORCE, new Reason.NotManaged(),
                Optional.empty());
    }

    public Verdict verdict() {
        return reason.verdict();
    }

    /** What the data plane does on this side: the verdict under the workload's enforcement mode. */
    public DataPlaneAction action() {
        return DataPlaneAction.of(verdict(), mode);
    }

    @Override
    public String toString() {
        return direction + " of " + workload.map(WorkloadId::toString).orElse("(not managed)") + ": " + reason
                + passedAt.map(rule -> " (passed at " + rule + ")").orElse("")
                + (verdict().allows() ? "" : " [" + mode + "]");
    }
}
