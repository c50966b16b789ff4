package io.microseg.rest.http;

import io.microseg.rest.NetworkStatusSource;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.status.ReportView;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.topology.DatapathId;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only views of the network, fed by the controller: topology, flows per switch, sync status. */
@Path("/api/v1")
@Produces(Media.JSON)
public final class NetworkResource {

    private final NetworkStatusSource network;
    private final ModelState state;

    public NetworkResource(NetworkStatusSource network, ModelState state) {
        this.network = network;
        this.state = state;
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
