package io.microseg.flowrules.policy;

import java.util.Locale;

/** Which side of a connection a rule guards: traffic into the workload, or out of it. */
public enum Direction {
    INGRESS, EGRESS;

    public static Direction parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a direction (Ingress, Egress): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
