package io.microseg.rest.model;

import java.util.Objects;

/**
 * One problem of a request, for the {@code errors} list of a problem response: the object it concerns
 * ({@code policies/web}; empty for the request itself), the field inside it ({@code ingress[0].ports[1].port}) and
 * what is wrong.
 */
public record FieldError(String object, String field, String message) {

    public FieldError {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
