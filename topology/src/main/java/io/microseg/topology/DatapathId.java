package io.microseg.topology;

import java.util.Locale;

/** An OpenFlow datapath id: 64 bits, printed as 16 hex digits in colon-separated pairs. */
public record DatapathId(long value) implements Comparable<DatapathId> {

    public static DatapathId of(long value) {
        return new DatapathId(value);
    }

    /** Accepts {@code 00:00:00:00:00:00:00:01}, {@code 0000000000000001} or {@code 0x1}. */
    public static DatapathId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("datapath id is empty");
        }
        String hex = text.strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("0x")) {
            hex = hex.substring(2);
        }
        hex = hex.replace(":", "");
        if (hex.isEmpty() || hex.length() > 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a datapath id (16 hex digits): " + text);
        }
        return new DatapathId(Long.parseUnsignedLong(hex, 16));
    }

    @Override
    public int compareTo(DatapathId other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        String hex = String.format("%016x", value);
        StringBuilder out = new StringBuilder(23);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return out.toString();
    }
}
