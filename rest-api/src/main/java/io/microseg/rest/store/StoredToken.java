package io.microseg.rest.store;

import java.time.Instant;
import java.util.Objects;

/** An API token as stored: its name, role and the SHA-256 of the secret (hex); never the secret itself. */
public record StoredToken(String name, String role, String sha256, Instant createdAt) {

    public StoredToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
