package io.microseg.rest.http;

import io.microseg.rest.auth.Caller;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.dto.ApplyDto;
import io.microseg.rest.model.Commit;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.model.Rejection;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/apply}: creates, updates and deletes objects of any of our kinds together, all or nothing. Every
 * item is read and checked, and the model they leave is validated as a whole; any problem refuses the whole request
 * with every problem listed (400 if an item cannot be read, 409 if a stated version is stale, 404 if a deleted object
 * is missing, 422 otherwise). Accepted, they are one revision: one commit, one compilation, one push per switch.
 */
@Path("/api/v1/apply")
@Produces(Media.JSON)
public final class ApplyResource {

    private final ModelState state;
    private final Bodies bodies;
    private final Writes writes;

    public ApplyResource(ModelState state, Bodies bodies, Writes writes) {
        this.state = state;
        this.bodies = bodies;
        this.writes = writes;
    }

    @POST
    @Consumes({Media.JSON, Media.YAML, Media.X_YAML, Media.TEXT_YAML, Media.TEXT_X_YAML})
    @Requires(Role.OPERATOR)
    public Response apply(@QueryParam("wait") String wait, InputStream body, @Context HttpHeaders headers,
            @Context SecurityContext security) {
        boolean waiting = Writes.waitRequested(wait);
        ApplyDto request = bodies.read(body, headers.getMediaType(), ApplyDto.class);
        Caller caller = AccessFeature.caller(security);
        ApplyBatch batch = ApplyBatch.of(request);
        if (!caller.role().includes(batch.required())) {
            throw new Rejection(Rejection.Cause.FORBIDDEN, "role " + caller.role() + " may not write enforcement, "
                    + "tiers or settings; it needs " + batch.required());
        }
        if (!batch.problems().isEmpty()) {
            List<FieldError> all = allProblems(batch);
            throw new Rejection(batch.malformed() ? Rejection.Cause.MALFORMED : Rejection.Cause.INVALID,
                    all.size() + " problem(s) in " + request.items().size() + " item(s); nothing was applied", all);
        }
        Commit commit;
        try {
            commit = state.apply(caller.name(), batch.changes());
        } catch (Rejection rejection) {
            throw batch.locate(rejection);
        }
        return writes.batch(commit, waiting);
    }

    /**
     * The items' own problems and, so that all are reported at once, those of what could be read: stale versions,
     * missing objects, and the model's problems that do not follow from a problem already listed.
     */
    private List<FieldError> allProblems(ApplyBatch batch) {
        List<FieldError> all = new ArrayList<>(batch.problems());
        for (FieldError error : state.check(batch.changes())) {
            if (!batch.follows(error)) {
                all.add(batch.locate(error));
            }
        }
        return all;
    }
}
