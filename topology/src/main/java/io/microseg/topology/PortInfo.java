package io.microseg.topology;

import java.util.Objects;
import java.util.OptionalLong;

/** What a switch told us about one of its ports; speed is absent when the switch reports 0 (unknown). */
public record PortInfo(PortNumber number, String name, boolean up, OptionalLong speedKbps) {

    public PortInfo {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(speedKbps, "speedKbps");
        if (speedKbps.isPresent() && speedKbps.getAsLong() <= 0) {
            throw new IllegalArgumentException("port speed must be positive when known: " + speedKbps);
        }
    }

    public static PortInfo up(PortNumber number, String name) {
        return new PortInfo(number, name, true, OptionalLong.empty());
    }

    public static PortInfo up(long number, String name) {
        return up(PortNumber.of(number), name);
    }

    public static PortInfo down(PortNumber number, String name) {
        return new PortInfo(number, name, false, OptionalLong.empty());
    }

    public PortInfo withUp(boolean state) {
        return new PortInfo(number, name, state, speedKbps);
    }
}
