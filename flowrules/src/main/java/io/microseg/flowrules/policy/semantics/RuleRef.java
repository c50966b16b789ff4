package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Direction;
import java.util.Objects;

/** A rule of a native policy: tier, policy, direction and index in that direction's list; whether it is staged. */
public record RuleRef(String tier, String policy, Direction direction, int index, boolean staged) {

    public RuleRef {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(direction, "direction");
    }

    @Override
    public String toString() {
        return tier + "/" + policy + " " + direction + "[" + index + "]" + (staged ? " (staged)" : "");
    }
}
