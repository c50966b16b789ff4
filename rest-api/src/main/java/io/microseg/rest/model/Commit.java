package io.microseg.rest.model;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The answer to an accepted write: the model revision now in force (unchanged if nothing changed), what each
 * change did, and the future that completes when the controller confirmed the revision on every affected switch.
 */
public record Commit(long revision, List<Outcome> outcomes, CompletableFuture<Void> applied) {

    public Commit {
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(applied, "applied");
    }

    public boolean changed() {
        return outcomes.stream().anyMatch(o -> o.result() != Outcome.Result.UNCHANGED);
    }
}
