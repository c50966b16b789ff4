package io.microseg.rest.http;

import io.microseg.flowrules.policy.KubernetesSyntax;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.auth.Tokens;
import io.microseg.rest.model.FieldProblems;
import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;

/** {@code /api/v1/tokens}: API tokens (admin only). A new token's secret is answered once and never again. */
@Path("/api/v1/tokens")
@Produces(Media.JSON)
@Requires(Role.ADMIN)
public final class TokenResource {

    private final Tokens tokens;
    private final Bodies bodies;

    public TokenResource(Tokens tokens, Bodies bodies) {
        this.tokens = tokens;
        this.bodies = bodies;
    }

    /** {@code {"name":"ci","role":"operator"}}. */
    public record TokenRequest(String name, String role) {
    }

    /** A token without its secret. */
    public record TokenView(String name, String role, Instant createdAt) {
    }

    @GET
    public Response list() {
        return Response.ok(Map.of("items", tokens.list().stream()
                .map(token -> new TokenView(token.name(), token.role(), token.createdAt())).toList())).build();
    }

    @POST
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    public Response create(InputStream body, @Context HttpHeaders headers) {
        TokenRequest request = bodies.read(body, headers.getMediaType(), TokenRequest.class);
        FieldProblems problems = new FieldProblems();
        if (problems.require("name", request.name())) {
            KubernetesSyntax.objectNameProblems("name", request.name()).forEach(p -> problems.add(p.path(), p.message()));
            if (request.name().equals(Tokens.ENVIRONMENT_TOKEN_NAME)) {
                problems.add("name", "'" + Tokens.ENVIRONMENT_TOKEN_NAME + "' is reserved for " + Tokens.ENVIRONMENT_VARIABLE);
            }
        }
        Role role = problems.parse("role", request.role(), Role::parse).orElse(Role.VIEWER);
        problems.throwIfAny("tokens/" + request.name());
        String secret = tokens.create(request.name(), role).orElseThrow(() -> new Rejection(Rejection.Cause.CONFLICT,
                "a token named " + request.name() + " exists"));
        return Response.status(201).entity(Map.of("name", request.name(), "role", role.toString(), "token", secret))
                .build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        if (!tokens.remove(name)) {
            throw new Rejection(Rejection.Cause.NOT_FOUND, "no such token: " + name);
        }
        return Response.noContent().build();
    }
}
