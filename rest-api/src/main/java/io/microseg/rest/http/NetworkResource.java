package io.microseg.rest.http;

import io.microseg.rest.NetworkStatusSource;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.dto.ConfirmSightingDto;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.status.ReportView;
import io.microseg.rest.status.SightingView;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.topology.DatapathId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Views of the network, fed by the controller: topology, flows per switch, sync status, pending sightings; and the one
 * network write, an operator's confirmation of a sighting.
 */
@Path("/api/v1")
@Produces(Media.JSON)
public final class NetworkResource {
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final NetworkStatusSource network;
    private final ModelState state;

    private final Bodies bodies;

    public NetworkResource(NetworkStatusSource network, ModelState state, Bodies bodies) {
        this.network = network;
        this.state = state;
        this.bodies = bodies;
    }

    @GET
    @Path("sightings")
    @Requires(Role.VIEWER)
    public Response sightings() {
        List<SightingView> sightings = network.sightings();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", sightings.size());
        body.put("sightings", sightings);
        return Response.ok(body).build();
    }

    @POST
    @Path("sightings/{namespace}/{name}/confirm")
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response confirm(@PathParam("namespace") String namespace, @PathParam("name") String name, InputStream body,
            @Context HttpHeaders headers) {
        ConfirmSightingDto request = bodies.read(body, headers.getMediaType(), ConfirmSightingDto.class);
        List<FieldError> errors = new ArrayList<>();
        String dpid = null;
        if (request == null || request.dpid() == null) {
            errors.add(new FieldError("", "dpid", "required: the datapath id of the sighting to confirm"));
        } else {
            try {
                dpid = DatapathId.parse(request.dpid()).toString();
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("", "dpid", e.getMessage()));
            }
        }
        if (request == null || request.port() == null || request.port() < 1 || request.port() > 0xffffff00L) {
            errors.add(new FieldError("", "port", "required: the port number (1..4294967040) of the sighting to confirm"));
        }
        if (!errors.isEmpty()) {
            throw new Rejection(Rejection.Cause.INVALID, "not a sighting to confirm", errors);
        }
        String workload = namespace + "/" + name;
        NetworkStatusSource.Confirmation outcome = network.confirmSighting(workload, dpid, request.port(),
                CONFIRM_TIMEOUT);
        if (outcome != NetworkStatusSource.Confirmation.CONFIRMED) {
            throw new Rejection(Rejection.Cause.NOT_FOUND, "no pending sighting of " + workload + " at " + dpid
                    + " port " + request.port() + " (GET /api/v1/sightings lists them)");
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("workload", workload);
        reply.put("dpid", dpid);
        reply.put("port", request.port());
        reply.put("confirmed", true);
        return Response.ok(reply).build();
    }

    @GET
    @Path("topology")
    @Requires(Role.VIEWER)
    public Response topology() {
        return Response.ok(network.topology()).build();
    }

    @GET
    @Path("switches/{dpid}/flows")
    @Requires(Role.VIEWER)
    public Response flows(@PathParam("dpid") String dpid) {
        String canonical;
        try {
            canonical = DatapathId.parse(dpid).toString();
        } catch (IllegalArgumentException e) {
            throw new Rejection(Rejection.Cause.MALFORMED, e.getMessage(), List.of(new FieldError("", "dpid", e.getMessage())));
        }
        return network.flows(canonical).map(flows -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("dpid", flows.dpid());
            body.put("counts", Map.of("desired", flows.desired().size(), "installed", flows.installed().size(),
                    "missing", flows.missing().size(), "unexpected", flows.unexpected().size()));
            body.put("inSync", flows.missing().isEmpty() && flows.unexpected().isEmpty());
            body.put("desired", flows.desired());
            body.put("installed", flows.installed());
            body.put("missing", flows.missing());
            body.put("unexpected", flows.unexpected());
            return Response.ok(body).build();
        }).orElseThrow(() -> new Rejection(Rejection.Cause.NOT_FOUND, "no such switch: " + canonical));
    }

    @GET
    @Path("reports")
    @Requires(Role.VIEWER)
    public Response reports(@QueryParam("limit") @DefaultValue("100") String limitText) {
        int limit;
        try {
            limit = Integer.parseInt(limitText);
            if (limit < 1 || limit > 10_000) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            String message = "expected a whole number 1..10000, got '" + limitText + "'";
            throw new Rejection(Rejection.Cause.MALFORMED, message, List.of(new FieldError("", "limit", message)));
        }
        List<ReportView> reports = network.reports(limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", reports.size());
        body.put("reports", reports);
        return Response.ok(body).build();
    }

    @GET
    @Path("status")
    @Requires(Role.VIEWER)
    public Response status() {
        List<SwitchStatus> switches = network.switches();
        long revision = state.snapshot().revision();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("modelRevision", revision);
        body.put("allInSync", switches.stream().allMatch(s -> s.connected() && s.inSync() && s.appliedRevision() == revision));
        body.put("switches", switches);
        return Response.ok(body).build();
    }
}
