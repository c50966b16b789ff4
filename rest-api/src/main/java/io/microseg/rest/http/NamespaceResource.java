package io.microseg.rest.http;

import io.microseg.rest.store.Kind;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** {@code /api/v1/namespaces}: namespaces and their labels. */
@Path("/api/v1/namespaces")
@Produces(Media.JSON)
public final class NamespaceResource extends NamedObjectResource {

    public NamespaceResource(ObjectEndpoints objects) {
        super(Kind.NAMESPACE, objects);
    }
}
