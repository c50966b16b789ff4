package io.microseg.flowrules.policy;

import java.util.Locale;

/**
 * How a workload registered without a location gets bound to a switch port. {@code CONFIRM} (the default): the first
 * port seen sending its MAC and address becomes a pending sighting that grants nothing until an operator confirms it.
 * {@code FIRST_SEEN}: the first port seen is bound at once (whoever speaks first becomes the workload).
 * {@code OFF}: only registered locations count; nothing is learned. In every mode a bound workload never moves while
 * its bound port is up.
 */
public enum Learning {
    CONFIRM, FIRST_SEEN, OFF;

    public static Learning parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a learning value (confirm, first-seen, off): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
