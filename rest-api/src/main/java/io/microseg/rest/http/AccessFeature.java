package io.microseg.rest.http;

import io.microseg.rest.auth.Caller;
import io.microseg.rest.auth.Public;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.auth.Tokens;
import io.microseg.rest.model.Rejection;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;

/**
 * Puts an access filter on every resource method: {@link Public} methods need nothing; others need a bearer token
 * (401 without one or with an unknown one) whose role includes the method's {@link Requires} role (403 otherwise),
 * {@link Role#ADMIN} when the method states none.
 */
public final class AccessFeature implements DynamicFeature {

    private final Tokens tokens;

    public AccessFeature(Tokens tokens) {
        this.tokens = tokens;
    }

    /** The role a resource method requires; empty if it is public. */
    public static Optional<Role> required(Method method) {
        if (method.isAnnotationPresent(Public.class) || method.getDeclaringClass().isAnnotationPresent(Public.class)) {
            return Optional.empty();
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires == null) {
            requires = method.getDeclaringClass().getAnnotation(Requires.class);
        }
        return Optional.of(requires == null ? Role.ADMIN : requires.value());
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        required(resource.getResourceMethod()).ifPresent(role -> context.register(new Filter(tokens, role)));
    }

    /** Checks one method's role. */
    @Priority(Priorities.AUTHENTICATION)
    private static final class Filter implements ContainerRequestFilter {
        private final Tokens tokens;
        private final Role required;

        Filter(Tokens tokens, Role required) {
            this.tokens = tokens;
            this.required = required;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
                abort(request, new Rejection(Rejection.Cause.UNAUTHENTICATED, "a bearer token is required"));
                return;
            }
            Optional<Caller> caller = tokens.authenticate(header.substring(7).strip());
            if (caller.isEmpty()) {
                abort(request, new Rejection(Rejection.Cause.UNAUTHENTICATED, "unknown token"));
                return;
            }
            if (!caller.get().role().includes(required)) {
                request.abortWith(Problems.of(new Rejection(Rejection.Cause.FORBIDDEN, "role " + caller.get().role()
                        + " may not do this; it needs " + required), "/" + request.getUriInfo().getPath()));
                return;
            }
            SecurityContext original = request.getSecurityContext();
            request.setSecurityContext(new CallerContext(caller.get(), original.isSecure()));
        }

        private static void abort(ContainerRequestContext request, Rejection rejection) {
            Response problem = Problems.of(rejection, "/" + request.getUriInfo().getPath());
            request.abortWith(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }

    /** The security context of an authenticated request. */
    private record CallerContext(Caller caller, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().includes(Role.parse(role));
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "Bearer";
        }
    }

    /** The caller of a request that passed the filter. */
    public static Caller caller(SecurityContext context) {
        return context.getUserPrincipal() instanceof Caller caller ? caller : Caller.ANONYMOUS;
    }
}
