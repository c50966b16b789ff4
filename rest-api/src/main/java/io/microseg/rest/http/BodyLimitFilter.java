package io.microseg.rest.http;

import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/** Refuses with 413, before any work, a body whose declared length exceeds the limit; {@link Bodies} catches the rest. */
@PreMatching
public final class BodyLimitFilter implements ContainerRequestFilter {

    private final int limit;

    public BodyLimitFilter(int limit) {
        this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > limit) {
            request.abortWith(Problems.of(new Rejection(Rejection.Cause.TOO_LARGE, "the body has " + request.getLength()
                    + " bytes; the limit is " + limit), "/" + request.getUriInfo().getPath()));
        }
    }
}
