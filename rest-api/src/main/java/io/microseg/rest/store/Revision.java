package io.microseg.rest.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** One model revision to commit: its number, when and by whom it was made, and the object writes it consists of. */
public record Revision(long revision, Instant at, String actor, List<Write> writes) {

    public Revision {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        writes = List.copyOf(writes);
    }
}
