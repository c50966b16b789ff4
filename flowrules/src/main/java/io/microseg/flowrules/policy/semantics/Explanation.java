package io.microseg.flowrules.policy.semantics;

import java.util.Objects;
import java.util.Optional;

/**
 * The reference answer for a connection: the verdict (both sides must allow), what the data plane does, each
 * side's decision, and the staged verdict when staged policies would decide a side differently.
 */
public record Explanation(Connection connection, Verdict verdict, DataPlaneAction action, SideDecision egress,
        SideDecision ingress, Optional<StagedVerdict> staged) {

    public Explanation {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(staged, "staged");
    }

    /** The verdict with staged policies enforced: the staged verdict where it differs, else this verdict. */
    public Verdict stagedVerdict() {
        return staged.map(StagedVerdict::verdict).orElse(verdict);
    }

    @Override
    public String toString() {
        return connection + ": " + verdict + ", data plane " + action
                + "\n  " + egress
                + "\n  " + ingress
                + staged.map(s -> "\n  staged: " + s.verdict() + "\n    " + s.egress() + "\n    " + s.ingress()).orElse("");
    }
}
