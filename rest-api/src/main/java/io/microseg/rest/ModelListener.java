package io.microseg.rest;

import io.microseg.flowrules.policy.ValidatedModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Told of every committed model change, in revision order, after it is durable, with the model as the writer validated
 * it (validation runs once per write: the compiler takes the {@link ValidatedModel} as it is). The returned stage completes when
 * every affected switch has confirmed the change (barrier or bundle commit), or exceptionally if one could not.
 * Must not block: it is called on the API's writer path.
 */
@FunctionalInterface
public interface ModelListener {

    /** A listener for a server without a controller: every change counts as applied at once. */
    ModelListener NONE = (model, revision) -> CompletableFuture.completedFuture(null);

    CompletionStage<?> modelChanged(ValidatedModel model, long revision);
}
