package io.microseg.rest.http;

import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every error as {@code application/problem+json}: refusals, JAX-RS errors (404, 405, 406, 415), and bugs (500). */
public final class ProblemMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    /** A request refused by validation, versions or access control. */
    public static final class OfRejection implements ExceptionMapper<Rejection> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(Rejection rejection) {
            return Problems.of(rejection, uri == null ? null : "/" + uri.getPath());
        }
    }

    /** An error Jersey raised itself: no such path, method not allowed, unsupported media type... */
    public static final class OfWebApplication implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException exception) {
            Response original = exception.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                LOG.error("request failed", exception);
            }
            Response.StatusType type = original.getStatusInfo();
            Response problem = Problems.of(status, "http-" + status, type.getReasonPhrase(),
                    status >= 500 ? "internal error" : exception.getMessage(),
                    uri == null ? null : "/" + uri.getPath(), List.of());
            Response.ResponseBuilder builder = Response.fromResponse(problem);
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> builder.header(name, value));
                }
            });
            return builder.build();
        }
    }

    /** A bug: logged with its stack, answered without it. */
    public static final class OfAnything implements ExceptionMapper<Throwable> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(Throwable exception) {
            LOG.error("request failed", exception);
            return Problems.of(500, "internal", "Internal Server Error", "internal error; see the controller log",
                    uri == null ? null : "/" + uri.getPath(), List.of());
        }
    }
}
