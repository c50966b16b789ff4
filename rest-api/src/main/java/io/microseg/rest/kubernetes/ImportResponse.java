package io.microseg.rest.kubernetes;

import io.microseg.rest.http.WriteResponse;
import io.microseg.rest.model.FieldError;
import java.util.List;

/**
 * The answer to an import: the revision in force, how many objects of each kind were created, updated or already
 * so, every refused object with its problems, and the confirmation with {@code ?wait=true}.
 */
public record ImportResponse(long revision, Counts created, Counts updated, Counts unchanged, List<Refused> refused,
        WriteResponse.Applied applied) {

    /** Counts by kind. */
    public record Counts(int namespaces, int pods, int networkPolicies) {
    }

    /** An object that was not imported, and why. */
    public record Refused(String kind, String namespace, String name, List<FieldError> problems) {
    }
}
