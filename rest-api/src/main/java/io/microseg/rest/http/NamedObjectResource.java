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

/**
 * The four endpoints of a cluster-scoped object kind edited by operators (namespaces, segments, policies): list, get,
 * put, delete. Subclasses give the path and the kind; JAX-RS takes the methods and their annotations from here.
 */
public abstract class NamedObjectResource {

    private final Kind kind;
    private final ObjectEndpoints objects;

    protected NamedObjectResource(Kind kind, ObjectEndpoints objects) {
        this.kind = kind;
        this.objects = objects;
    }

    @GET
    @Requires(Role.VIEWER)
    public Response list() {
        return objects.list(kind, entry -> true);
    }

    @GET
    @Path("{name}")
    @Requires(Role.VIEWER)
    public Response get(@PathParam("name") String name) {
        return objects.get(kind, name);
    }

    @PUT
    @Path("{name}")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response put(@PathParam("name") String name, @QueryParam("wait") String wait, InputStream body,
            @Context HttpHeaders headers, @Context SecurityContext security) {
        return objects.put(kind, null, name, body, headers.getMediaType(), AccessFeature.caller(security), wait);
    }

    @DELETE
    @Path("{name}")
    @Requires(Role.OPERATOR)
    public Response delete(@PathParam("name") String name, @QueryParam("resourceVersion") String resourceVersion,
            @QueryParam("wait") String wait, @Context SecurityContext security) {
        return objects.delete(kind, name, resourceVersion, AccessFeature.caller(security), wait);
    }
}
