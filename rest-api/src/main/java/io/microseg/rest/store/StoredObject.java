package io.microseg.rest.store;

import java.time.Instant;
import java.util.Objects;

/** One stored object: its kind and key ({@code name} or {@code namespace/name}), version, last change and JSON body. */
public record StoredObject(Kind kind, String key, long resourceVersion, Instant updatedAt, String body) {

    public StoredObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(body, "body");
    }
}
