package io.microseg.rest.model;

import io.microseg.rest.store.Kind;
import java.time.Instant;
import java.util.Objects;

/**
 * One object of the current model: the DTO as stored (identity included, no version), its model value, its
 * resource version (the revision that last wrote it), when, and the stored JSON.
 */
public record Entry(Kind kind, String key, Object dto, Object domain, long resourceVersion, Instant updatedAt,
        String body) {

    public Entry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dto, "dto");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(body, "body");
    }

    /** The DTO as answered: identity and resource version. */
    public Object view() {
        return Codecs.withIdentity(kind, key, dto, resourceVersion);
    }
}
