package io.microseg.rest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microseg.rest.NetworkStatusSource;
import io.microseg.rest.auth.Public;
import io.microseg.rest.store.SqliteStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code /healthz} (the process answers), {@code /readyz} (store and controller ready), {@code /metrics} (Prometheus). */
@Path("/")
@Public
public final class HealthResource {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final SqliteStore store;
    private final NetworkStatusSource network;
    private final PrometheusMeterRegistry registry;

    public HealthResource(SqliteStore store, NetworkStatusSource network, PrometheusMeterRegistry registry) {
        this.store = store;
        this.network = network;
        this.registry = registry;
    }

    @GET
    @Path("healthz")
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        return Response.ok(Map.of("status", "ok")).build();
    }

    @GET
    @Path("readyz")
    @Produces(MediaType.APPLICATION_JSON)
    public Response ready() {
        boolean storeOk = store.healthy();
        boolean controllerOk = network.ready();
        Map<String, Object> body = Map.of("status", storeOk && controllerOk ? "ready" : "not ready",
                "store", storeOk, "controller", controllerOk);
        return Response.status(storeOk && controllerOk ? 200 : 503).entity(body).build();
    }

    @GET
    @Path("metrics")
    @Produces(MediaType.TEXT_PLAIN)
    public Response metrics() {
        return Response.ok(registry.scrape()).type(PROMETHEUS_TEXT).build();
    }
}
