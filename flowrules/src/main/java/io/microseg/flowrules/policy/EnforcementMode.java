package io.microseg.flowrules.policy;

import java.util.Locale;

/**
 * How a workload's side treats a deny: {@code MONITOR} lets it through and logs a would-deny, {@code ALERT}
 * also raises an alert, {@code ENFORCE} drops it. The staged rollout goes monitor, alert, partial, full.
 */
public enum EnforcementMode {
    MONITOR, ALERT, ENFORCE;

    public static EnforcementMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an enforcement mode (monitor, alert, enforce): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
