package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.EnforcementMode;
import java.util.Locale;

/**
 * What the data plane does with a connection. A deny on a side in {@code monitor} mode becomes
 * {@code ALLOW_AND_LOG}, in {@code alert} mode {@code ALLOW_AND_ALERT}. Declared from mildest to strictest:
 * the connection gets the strictest action of its two sides.
 */
public enum DataPlaneAction {
    ALLOW, ALLOW_AND_LOG, ALLOW_AND_ALERT, DENY;

    /** The action for one side's verdict under that side's enforcement mode. */
    public static DataPlaneAction of(Verdict verdict, EnforcementMode mode) {
        if (verdict.allows()) {
            return ALLOW;
        }
        return switch (mode) {
            case MONITOR -> ALLOW_AND_LOG;
            case ALERT -> ALLOW_AND_ALERT;
            case ENFORCE -> DENY;
        };
    }

    /** The stricter of two actions. */
    public DataPlaneAction strictest(DataPlaneAction other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public boolean forwards() {
        return this != DENY;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
