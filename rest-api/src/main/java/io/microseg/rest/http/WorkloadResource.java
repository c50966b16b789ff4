package io.microseg.rest.http;

import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Workload;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.Rejection;
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
import java.util.List;

/** {@code /api/v1/workloads}: managed workloads, by namespace and name; listed by label selector. */
@Path("/api/v1/workloads")
@Produces(Media.JSON)
public final class WorkloadResource {

    private final ObjectEndpoints objects;

    public WorkloadResource(ObjectEndpoints objects) {
        this.objects = objects;
    }

    /** {@code ?selector=app=web,env!=prod} (equality, inequality, existence) and {@code ?namespace=}. */
    @GET
    @Requires(Role.VIEWER)
    public Response list(@QueryParam("selector") String selector, @QueryParam("namespace") String namespace) {
        LabelSelector parsed = parseSelector(selector);
        return objects.list(Kind.WORKLOAD, entry -> {
            Workload workload = (Workload) entry.domain();
            return (namespace == null || namespace.equals(workload.namespace())) && parsed.matches(workload.labels());
        });
    }

    @GET
    @Path("{namespace}")
    @Requires(Role.VIEWER)
    public Response listNamespace(@PathParam("namespace") String namespace, @QueryParam("selector") String selector) {
        LabelSelector parsed = parseSelector(selector);
        return objects.listInNamespace(Kind.WORKLOAD, namespace, entry -> {
            Workload workload = (Workload) entry.domain();
            return namespace.equals(workload.namespace()) && parsed.matches(workload.labels());
        });
    }

    @GET
    @Path("{namespace}/{name}")
    @Requires(Role.VIEWER)
    public Response get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return objects.get(Kind.WORKLOAD, Codecs.key(namespace, name));
    }

    @PUT
    @Path("{namespace}/{name}")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response put(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        return objects.put(Kind.WORKLOAD, namespace, name, body, headers.getMediaType(), AccessFeature.caller(security),
                wait);
    }

    @DELETE
    @Path("{namespace}/{name}")
    @Requires(Role.OPERATOR)
    public Response delete(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("resourceVersion") String resourceVersion, @QueryParam("wait") String wait,
            @Context SecurityContext security) {
        return objects.delete(Kind.WORKLOAD, Codecs.key(namespace, name), resourceVersion,
                AccessFeature.caller(security), wait);
    }

    static LabelSelector parseSelector(String text) {
        try {
            return SelectorSyntax.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Rejection(Rejection.Cause.MALFORMED, e.getMessage(),
                    List.of(new FieldError("", "?selector", e.getMessage())));
        }
    }
}
