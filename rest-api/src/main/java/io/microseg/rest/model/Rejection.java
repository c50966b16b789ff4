package io.microseg.rest.model;

import java.util.List;
import java.util.Objects;

/**
 * A request refused before anything changed: why (which maps to an HTTP status), a one-line detail, and every
 * field problem found. The store and the model are unchanged.
 */
public final class Rejection extends RuntimeException {

    /** Why a request was refused. */
    public enum Cause {
        MALFORMED(400, "Malformed request"),
        UNAUTHENTICATED(401, "Missing or unknown token"),
        FORBIDDEN(403, "Role not allowed"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        TOO_LARGE(413, "Request body too large"),
        UNSUPPORTED_MEDIA(415, "Unsupported media type"),
        INVALID(422, "Invalid object"),
        UNAVAILABLE(503, "Service unavailable");

        private final int status;
        private final String title;

        Cause(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }

    private final Cause cause;
    private final transient List<FieldError> errors;

    public Rejection(Cause cause, String detail, List<FieldError> errors) {
        super(detail);
        this.cause = Objects.requireNonNull(cause, "cause");
        this.errors = List.copyOf(errors);
    }

    public Rejection(Cause cause, String detail) {
        this(cause, detail, List.of());
    }

    public Cause reason() {
        return cause;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
