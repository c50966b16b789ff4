package io.microseg.topology;

/** A 48-bit Ethernet address. */
public record MacAddress(long value) implements Comparable<MacAddress> {
    public static final MacAddress BROADCAST = new MacAddress(0xffffffffffffL);

    public MacAddress {
        if ((value & ~0xffffffffffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(value));
        }
    }

    public static MacAddress of(long value) {
        return new MacAddress(value);
    }

    public static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address (six hex pairs): " + text);
        }
        long value = 0;
        for (String part : parts) {
            if (part.length() < 1 || part.length() > 2 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("not a MAC address (six hex pairs): " + text);
            }
            value = (value << 8) | Integer.parseInt(part, 16);
        }
        return new MacAddress(value);
    }

    public static MacAddress fromBytes(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 6; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xff);
        }
        return new MacAddress(value);
    }

    public byte[] toBytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (value >>> (40 - 8 * i));
        }
        return out;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(value, other.value);
    }

    public boolean isMulticast() {
        return (value & 0x010000000000L) != 0;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.append(String.format("%02x", (value >>> (40 - 8 * i)) & 0xff));
        }
        return out.toString();
    }
}
