package io.microseg.flowrules.policy.semantics;

import java.util.Locale;

/** What the policy says about a connection or one side of it, whatever the enforcement mode. */
public enum Verdict {
    ALLOW, DENY;

    public boolean allows() {
        return this == ALLOW;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
