package io.microseg.rest.http;

import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.store.Kind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/** {@code /api/v1/segments}: named groups of workloads and IP blocks. */
@Path("/api/v1/segments")
@Produces(Media.JSON)
public final class SegmentResource {

    private final ObjectEndpoints objects;

    public SegmentResource(ObjectEndpoints objects) {
        this.objects = objects;
    }

    @GET
    @Requires(Role.VIEWER)
    public Response list() {
        return objects.list(Kind.SEGMENT, entry -> true);
    }

    @GET
    @Path("{name}")
    @Requires(Role.VIEWER)
    public Response get(@PathParam("name") String name) {
        return objects.get(Kind.SEGMENT, name);
    }

    @PUT
    @Path("{name}")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response put(@PathParam("name") String name, @QueryParam("wait") String wait, InputStream body,
            @Context HttpHeaders headers, @Context SecurityContext security) {
        return objects.put(Kind.SEGMENT, null, name, body, headers.getMediaType(), AccessFeature.caller(security), wait);
    }

    @DELETE
    @Path("{name}")
    @Requires(Role.OPERATOR)
    public Response delete(@PathParam("name") String name, @QueryParam("resourceVersion") String resourceVersion,
            @QueryParam("wait") String wait, @Context SecurityContext security) {
        return objects.delete(Kind.SEGMENT, name, resourceVersion, AccessFeature.caller(security), wait);
    }
}
