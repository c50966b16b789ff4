package io.microseg.flowrules.policy;

import java.util.Objects;

/** A port in a rule: a number, or a name resolved on the destination workload. */
public sealed interface TransportPort {

    static TransportPort number(int port) {
        return new Number(port);
    }

    static TransportPort named(String name) {
        return new Named(name);
    }

    /** {@code "8080"} is a number, anything else a name. */
    static TransportPort parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.isEmpty() && text.length() <= 6 && text.chars().allMatch(Character::isDigit)) {
            return new Number(Integer.parseInt(text));
        }
        return new Named(text);
    }

    /** A port number; validation, not construction, rejects 0 and values above 65535. */
    record Number(int value) implements TransportPort {
        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    /** A named port such as {@code https}. */
    record Named(String name) implements TransportPort {
        public Named {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
