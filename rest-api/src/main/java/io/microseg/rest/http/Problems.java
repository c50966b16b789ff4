package io.microseg.rest.http;

import io.microseg.rest.dto.Json;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** Builds {@code application/problem+json} responses. */
public final class Problems {

    private static final String TYPE_BASE = "https://microseg.io/problems/";

    private Problems() {
    }

    public static Response of(Rejection rejection, String instance) {
        Rejection.Cause cause = rejection.reason();
        return of(cause.status(), slug(cause), cause.title(), rejection.getMessage(), instance, rejection.errors());
    }

    public static Response of(int status, String slug, String title, String detail, String instance,
            List<FieldError> errors) {
        ProblemBody body = new ProblemBody(TYPE_BASE + slug, title, status, detail, instance, errors);
        return Response.status(status).type(ProblemBody.MEDIA_TYPE).entity(Json.write(body)).build();
    }

    private static String slug(Rejection.Cause cause) {
        return cause.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
