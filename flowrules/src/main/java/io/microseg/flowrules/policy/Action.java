package io.microseg.flowrules.policy;

import java.util.Locale;

/** What a tiered rule does to a connection it matches; {@code PASS} hands it to the Kubernetes layer. */
public enum Action {
    ALLOW, DENY, PASS;

    public static Action parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an action (allow, deny, pass): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
