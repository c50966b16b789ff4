package io.microseg.rest.http;

import io.microseg.rest.model.Commit;
import io.microseg.rest.model.Outcome;
import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers a committed write: 201 when it created the object, 200 otherwise; with {@code wait=true} only once the
 * controller confirmed the revision, or 202 if it failed to or did not within the wait timeout (the change is
 * committed either way).
 */
public final class Writes {

    private final Duration waitTimeout;

    public Writes(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    /** Parses the {@code wait} query parameter. */
    public static boolean waitRequested(String wait) {
        if (wait == null || wait.isEmpty()) {
            return false;
        }
        return switch (wait.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new Rejection(Rejection.Cause.MALFORMED, "wait must be true or false: " + wait,
                    List.of(new io.microseg.rest.model.FieldError("", "?wait", "must be true or false")));
        };
    }

    public Response single(Commit commit, boolean wait) {
        Outcome outcome = commit.outcomes().get(0);
        Object object = outcome.entry().map(e -> e.view()).orElse(null);
        WriteResponse.Applied applied = wait ? await(commit) : null;
        WriteResponse body = new WriteResponse(commit.revision(), outcome.result().toString(), object, null, applied);
        int status = applied != null && !applied.confirmed() ? 202
                : outcome.result() == Outcome.Result.CREATED ? 201 : 200;
        return Response.status(status).entity(body).header("X-Microseg-Revision", commit.revision()).build();
    }

    /**
     * The answer to a batch: 200 with what happened to each object (in the order of the request), or with
     * {@code wait=true} 202 if the switches did not confirm in time.
     */
    public Response batch(Commit commit, boolean wait) {
        List<WriteResponse.Item> items = commit.outcomes().stream().map(outcome -> new WriteResponse.Item(
                outcome.kind().plural() + "/" + outcome.key(), outcome.result().toString(),
                outcome.entry().map(e -> e.resourceVersion()).orElse(null))).toList();
        WriteResponse.Applied applied = wait ? await(commit) : null;
        WriteResponse body = new WriteResponse(commit.revision(), null, null, items, applied);
        int status = applied != null && !applied.confirmed() ? 202 : 200;
        return Response.status(status).entity(body).header("X-Microseg-Revision", commit.revision()).build();
    }

    public WriteResponse.Applied await(Commit commit) {
        long start = System.nanoTime();
        try {
            commit.applied().get(waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new WriteResponse.Applied(true, elapsedMillis(start), null);
        } catch (TimeoutException e) {
            return new WriteResponse.Applied(false, elapsedMillis(start),
                    "not confirmed within " + waitTimeout.toSeconds() + " s; the change is committed");
        } catch (ExecutionException e) {
            return new WriteResponse.Applied(false, elapsedMillis(start), "the controller could not apply revision "
                    + commit.revision() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteResponse.Applied(false, elapsedMillis(start), "interrupted while waiting");
        }
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
