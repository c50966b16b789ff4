package io.microseg.rest.model;

import io.microseg.rest.store.Kind;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What one change did: created, updated, deleted or left unchanged; the object as it now is (absent if deleted). */
public record Outcome(Kind kind, String key, Result result, Optional<Entry> entry) {

    /** The effect of a change. */
    public enum Result {
        CREATED, UPDATED, DELETED, UNCHANGED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(entry, "entry");
    }
}
