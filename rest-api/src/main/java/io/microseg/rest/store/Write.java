package io.microseg.rest.store;

import java.util.Objects;
import java.util.Optional;

/**
 * One object change inside a committed revision: {@code after} empty is a delete. {@code before} is what the
 * audit log records as the previous body.
 */
public record Write(Kind kind, String key, Optional<String> before, Optional<String> after) {

    public Write {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public String action() {
        if (after.isEmpty()) {
            return "delete";
        }
        return before.isEmpty() ? "create" : "update";
    }
}
