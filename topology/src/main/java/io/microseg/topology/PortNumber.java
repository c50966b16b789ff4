package io.microseg.topology;

import java.util.Locale;

/** An OpenFlow port number (unsigned 32 bits). Reserved ports have names. */
public record PortNumber(long value) implements Comparable<PortNumber> {
    public static final PortNumber MAX = new PortNumber(0xffffff00L);
    public static final PortNumber IN_PORT = new PortNumber(0xfffffff8L);
    public static final PortNumber TABLE = new PortNumber(0xfffffff9L);
    public static final PortNumber NORMAL = new PortNumber(0xfffffffaL);
    public static final PortNumber FLOOD = new PortNumber(0xfffffffbL);
    public static final PortNumber ALL = new PortNumber(0xfffffffcL);
    public static final PortNumber CONTROLLER = new PortNumber(0xfffffffdL);
    public static final PortNumber LOCAL = new PortNumber(0xfffffffeL);
    public static final PortNumber ANY = new PortNumber(0xffffffffL);

    public PortNumber {
        if (value < 0 || value > 0xffffffffL) {
            throw new IllegalArgumentException("port number out of range 0..2^32-1: " + value);
        }
    }

    public static PortNumber of(long value) {
        return new PortNumber(value);
    }

    /** Parses what {@link #toString()} prints: a decimal number or LOCAL, CONTROLLER, ANY. */
    public static PortNumber parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("port number is empty");
        }
        String trimmed = text.strip();
        switch (trimmed.toUpperCase(Locale.ROOT)) {
            case "LOCAL":
                return LOCAL;
            case "CONTROLLER":
                return CONTROLLER;
            case "ANY":
                return ANY;
            default:
                break;
        }
        if (trimmed.length() > 10 || !trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a port number: " + text);
        }
        return new PortNumber(Long.parseLong(trimmed));
    }

    /** From a signed 32-bit wire value (as Loxi returns it). */
    public static PortNumber ofWire(int raw) {
        return new PortNumber(Integer.toUnsignedLong(raw));
    }

    /** True for a physical or logical port a switch numbers itself (not a reserved one). */
    public boolean isPhysical() {
        return value > 0 && value <= MAX.value;
    }

    @Override
    public int compareTo(PortNumber other) {
        return Long.compare(value, other.value);
    }

    @Override
    public String toString() {
        if (value == LOCAL.value) {
            return "LOCAL";
        }
        if (value == CONTROLLER.value) {
            return "CONTROLLER";
        }
        if (value == ANY.value) {
            return "ANY";
        }
        return Long.toString(value);
    }
}
