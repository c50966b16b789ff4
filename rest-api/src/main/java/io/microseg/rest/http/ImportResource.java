package io.microseg.rest.http;

import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.kubernetes.ImportResponse;
import io.microseg.rest.kubernetes.KubernetesImport;
import io.microseg.rest.model.ModelState;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/**
 * {@code POST /api/v1/import/kubernetes}: upserts the Namespaces, Pods and NetworkPolicies of a Kubernetes
 * {@code List} (JSON, or YAML with several documents) as one revision; answers what it created, updated, and
 * refused and why.
 */
@Path("/api/v1/import/kubernetes")
@Produces(Media.JSON)
public final class ImportResource {

    private final ModelState state;
    private final Bodies bodies;
    private final Writes writes;

    public ImportResource(ModelState state, Bodies bodies, Writes writes) {
        this.state = state;
        this.bodies = bodies;
        this.writes = writes;
    }

    @POST
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response importObjects(@QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        boolean waiting = Writes.waitRequested(wait);
        byte[] bytes = bodies.bytes(body);
        KubernetesImport.ImportOutcome outcome = KubernetesImport.run(state, AccessFeature.caller(security).name(),
                bytes, Bodies.isYaml(headers.getMediaType()));
        ImportResponse response = outcome.response();
        int status = 200;
        if (waiting) {
            WriteResponse.Applied applied = writes.await(outcome.commit());
            response = new ImportResponse(response.revision(), response.created(), response.updated(),
                    response.unchanged(), response.refused(), applied);
            status = applied.confirmed() ? 200 : 202;
        }
        return Response.status(status).entity(response).header("X-Microseg-Revision", response.revision()).build();
    }
}
