package io.microseg.rest.http;

import io.microseg.rest.model.FieldError;
import java.util.List;

/** An RFC 9457 problem document, with {@code errors} naming every bad field. */
public record ProblemBody(String type, String title, int status, String detail, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ProblemBody {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
