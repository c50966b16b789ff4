package io.microseg.flowrules.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy model, at a field path such as {@code policies[2].ingress[0].ports[1].endPort}.
 * Validation returns every problem at once so that REST can show them together.
 */
public record Problem(String path, String message) {

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public static Problem at(String path, String message) {
        return new Problem(path, message);
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
