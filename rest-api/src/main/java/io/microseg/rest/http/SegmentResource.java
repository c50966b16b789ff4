package io.microseg.rest.http;

import io.microseg.rest.store.Kind;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code /api/v1/segments}: named groups of workloads and IP blocks. */
@Path("/api/v1/segments")
@Produces(Media.JSON)
public final class SegmentResource extends NamedObjectResource {

    public SegmentResource(ObjectEndpoints objects) {
        super(Kind.SEGMENT, objects);
    }
}
