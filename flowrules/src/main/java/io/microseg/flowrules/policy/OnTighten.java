package io.microseg.flowrules.policy;

import java.util.Locale;

/**
 * What a policy change that can take away an allow does to connections it admitted before. {@code CUT} (the
 * default): every established connection is checked again by the current policy on its next packet, in either
 * direction, and dropped if no longer allowed (epochs in ct_mark, flowrules/PIPELINE.md). {@code KEEP}: established
 * connections keep flowing until they end, as in OVN.
 */
public enum OnTighten {
    KEEP, CUT;

    public static OnTighten parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not an onTighten value (keep, cut): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
