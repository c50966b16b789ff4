package io.microseg.rest.http;

import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.model.Codecs;
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
 * {@code /api/v1/networkpolicies}: Kubernetes NetworkPolicies (usually imported), by namespace and name. The body
 * is the NetworkPolicy {@code spec} ({@code podSelector}, {@code ingress}, {@code egress}, {@code policyTypes}).
 */
@Path("/api/v1/networkpolicies")
@Produces(Media.JSON)
public final class NetworkPolicyResource {

    private final ObjectEndpoints objects;

    public NetworkPolicyResource(ObjectEndpoints objects) {
        this.objects = objects;
    }

    @GET
    @Requires(Role.VIEWER)
    public Response list() {
        return objects.list(Kind.NETWORK_POLICY, entry -> true);
    }

    @GET
    @Path("{namespace}")
    @Requires(Role.VIEWER)
    public Response listNamespace(@PathParam("namespace") String namespace) {
        return objects.listInNamespace(Kind.NETWORK_POLICY, namespace,
                entry -> ((KubernetesNetworkPolicy) entry.domain()).namespace().equals(namespace));
    }

    @GET
    @Path("{namespace}/{name}")
    @Requires(Role.VIEWER)
    public Response get(@PathParam("namespace") String namespace, @PathParam("name") String name) {
        return objects.get(Kind.NETWORK_POLICY, Codecs.key(namespace, name));
    }

    @PUT
    @Path("{namespace}/{name}")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response put(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        return objects.put(Kind.NETWORK_POLICY, namespace, name, body, headers.getMediaType(),
                AccessFeature.caller(security), wait);
    }

    @DELETE
    @Path("{namespace}/{name}")
    @Requires(Role.OPERATOR)
    public Response delete(@PathParam("namespace") String namespace, @PathParam("name") String name,
            @QueryParam("resourceVersion") String resourceVersion, @QueryParam("wait") String wait,
            @Context SecurityContext security) {
        return objects.delete(Kind.NETWORK_POLICY, Codecs.key(namespace, name), resourceVersion,
                AccessFeature.caller(security), wait);
    }
}
