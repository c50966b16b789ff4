package io.microseg.rest.http;

import io.microseg.rest.store.Kind;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code /api/v1/policies}: tiered native policies. */
@Path("/api/v1/policies")
@Produces(Media.JSON)
public final class PolicyResource extends NamedObjectResource {

    public PolicyResource(ObjectEndpoints objects) {
        super(Kind.POLICY, objects);
    }
}
