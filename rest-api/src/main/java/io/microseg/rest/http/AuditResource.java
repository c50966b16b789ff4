package io.microseg.rest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.rest.auth.Requires;
import io.microseg.rest.auth.Role;
import io.microseg.rest.dto.Json;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.store.AuditEntry;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.SqliteStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/audit}: who changed what, when, at which revision, with the object before and after; newest
 * first. {@code ?kind=policies&name=web} narrows it to one object, {@code ?limit=} (at most 1000), {@code ?after=}
 * an entry id for paging forward.
 */
@Path("/api/v1/audit")
@Produces(Media.JSON)
public final class AuditResource {

    private final SqliteStore store;

    public AuditResource(SqliteStore store) {
        this.store = store;
    }

    /** One audit entry as answered. */
    public record EntryView(long id, Instant at, String actor, String action, String kind, String name, long revision,
            JsonNode before, JsonNode after) {
    }

    @GET
    @Requires(Role.VIEWER)
    public Response audit(@QueryParam("kind") String kind, @QueryParam("name") String name,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        Optional<Kind> parsedKind;
        try {
            parsedKind = Optional.ofNullable(kind).map(Kind::ofPlural);
        } catch (IllegalArgumentException e) {
            throw bad("?kind", e.getMessage());
        }
        int max = parseInt("?limit", limit, 100);
        if (max < 1 || max > 1000) {
            throw bad("?limit", "must be 1..1000");
        }
        long afterId = parseInt("?after", after, 0);
        List<EntryView> entries = store.audit(parsedKind, Optional.ofNullable(name), afterId, max).stream()
                .map(AuditResource::view).toList();
        return Response.ok(Map.of("entries", entries)).build();
    }

    private static EntryView view(AuditEntry entry) {
        return new EntryView(entry.id(), entry.at(), entry.actor(), entry.action(), entry.kind().plural(), entry.key(),
                entry.revision(), entry.before().map(AuditResource::tree).orElse(null),
                entry.after().map(AuditResource::tree).orElse(null));
    }

    private static JsonNode tree(String body) {
        try {
            return Json.json().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit body is not JSON", e);
        }
    }

    private static int parseInt(String field, String text, int fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(field, "must be a number");
        }
    }

    private static Rejection bad(String field, String message) {
        return new Rejection(Rejection.Cause.MALFORMED, field + " " + message, List.of(new FieldError("", field, message)));
    }
}
