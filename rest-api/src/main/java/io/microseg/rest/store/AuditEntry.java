package io.microseg.rest.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Who changed which object, when, at which model revision, with the JSON bodies before and after. */
public record AuditEntry(long id, Instant at, String actor, String action, Kind kind, String key, long revision,
        Optional<String> before, Optional<String> after) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }
}
