package io.microseg.rest.http;

import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;

/**
 * Refuses with 415 a body declared in a charset other than UTF-8 ({@code application/json; charset=utf-16}): bodies
 * are read as UTF-8, and reading them so under another label would silently change what they say. A Content-Type
 * that is no media type at all is a 415 too (not a 500).
 */
@PreMatching
public final class CharsetFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type;
        try {
            type = request.getMediaType();
        } catch (RuntimeException e) {
            request.abortWith(Problems.of(new Rejection(Rejection.Cause.UNSUPPORTED_MEDIA, "Content-Type cannot be read: "
                    + request.getHeaderString("Content-Type")), "/" + request.getUriInfo().getPath()));
            return;
        }
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            request.abortWith(Problems.of(new Rejection(Rejection.Cause.UNSUPPORTED_MEDIA, "charset " + charset
                    + " is not supported; send UTF-8"), "/" + request.getUriInfo().getPath()));
        }
    }
}
