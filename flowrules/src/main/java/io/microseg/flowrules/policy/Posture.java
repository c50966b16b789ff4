package io.microseg.flowrules.policy;

import java.util.Locale;

/**
 * What happens on a side no rule decided. {@code DENY} (the product default): every managed workload is isolated
 * both ways unless allowed. {@code ALLOW} (Kubernetes compatibility): only what a NetworkPolicy selects is isolated.
 */
public enum Posture {
    DENY, ALLOW;

    public static Posture parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a posture (deny, allow): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
