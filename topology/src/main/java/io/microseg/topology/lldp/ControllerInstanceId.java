package io.microseg.topology.lldp;

import java.util.Locale;

/**
 * Identifies one running controller in its LLDP probes, so a probe that leaked in from another
 * controller (or from a previous run of this one) is not taken for a link. Printed as 16 hex digits.
 */
public record ControllerInstanceId(long value) {

    public static ControllerInstanceId of(long value) {
        return new ControllerInstanceId(value);
    }

    /** Accepts 1 to 16 hex digits, optionally after {@code 0x}. */
    public static ControllerInstanceId parse(String text) {
        String hex = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a controller instance id (16 hex digits): " + text);
        }
        return new ControllerInstanceId(Long.parseUnsignedLong(hex, 16));
    }

    @Override
    public String toString() {
        return String.format("%016x", value);
    }
}
