package io.microseg.rest.http;

import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.explain.ExplainRequest;
import io.microseg.rest.explain.Explainer;
import io.microseg.rest.model.ModelState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/** {@code POST /api/v1/explain}: the verdict and reasons for many connections at once, on the model in force. */
@Path("/api/v1/explain")
@Produces(Media.JSON)
public final class ExplainResource {

    private final ModelState state;
    private final Bodies bodies;

    public ExplainResource(ModelState state, Bodies bodies) {
        this.state = state;
        this.bodies = bodies;
    }

    @POST
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response explain(InputStream body, @Context HttpHeaders headers) {
        ExplainRequest request = bodies.read(body, headers.getMediaType(), ExplainRequest.class);
        return Response.ok(Explainer.explain(state.snapshot(), request)).build();
    }
}
