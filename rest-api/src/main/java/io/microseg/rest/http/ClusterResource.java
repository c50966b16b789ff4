package io.microseg.rest.http;

import io.microseg.flowrules.policy.GlobalSettings;
import io.microseg.flowrules.policy.Tier;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.dto.SettingsDto;
import io.microseg.rest.dto.TiersDto;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.store.Kind;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/**
 * {@code /api/v1/tiers} and {@code /api/v1/settings}: the cluster-wide singletons. Until first written they read as
 * the defaults with {@code resourceVersion} 0.
 */
@Path("/api/v1")
@Produces(Media.JSON)
public final class ClusterResource {

    private final ObjectEndpoints objects;

    public ClusterResource(ObjectEndpoints objects) {
        this.objects = objects;
    }

    @GET
    @Path("tiers")
    @Requires(Role.VIEWER)
    public Response tiers() {
        return objects.state().snapshot().get(Kind.TIERS, Codecs.SINGLETON).map(entry -> Response.ok(entry.view()))
                .orElseGet(() -> Response.ok(new TiersDto(Tier.DEFAULTS.stream()
                        .map(tier -> new TiersDto.TierDto(tier.name(), tier.order())).toList(), 0L))).build();
    }

    @PUT
    @Path("tiers")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.ADMIN)
    public Response putTiers(@QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        return objects.put(Kind.TIERS, null, Codecs.SINGLETON, body, headers.getMediaType(),
                AccessFeature.caller(security), wait);
    }

    @GET
    @Path("settings")
    @Requires(Role.VIEWER)
    public Response settings() {
        GlobalSettings defaults = GlobalSettings.DEFAULTS;
        return objects.state().snapshot().get(Kind.SETTINGS, Codecs.SINGLETON).map(entry -> Response.ok(entry.view()))
                .orElseGet(() -> Response.ok(new SettingsDto(defaults.posture().toString(),
                        defaults.defaultMode().toString(), defaults.onTighten().toString(), defaults.learning().toString(), 0L))).build();
    }

    @PUT
    @Path("settings")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.ADMIN)
    public Response putSettings(@QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        return objects.put(Kind.SETTINGS, null, Codecs.SINGLETON, body, headers.getMediaType(),
                AccessFeature.caller(security), wait);
    }
}
