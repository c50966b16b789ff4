package io.microseg.flowrules.policy.semantics;

import java.util.Objects;

/** The verdict as if staged policies were enforced; reported only, it never changes the data plane. */
public record StagedVerdict(Verdict verdict, SideDecision egress, SideDecision ingress) {

    public StagedVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(ingress, "ingress");
    }
}
