package io.microseg.rest.model;

import io.microseg.rest.store.Kind;
import java.util.Objects;
import java.util.Optional;

/**
 * One requested change: put a converted object (DTO and model value) or delete one, optionally only if its
 * resource version is still {@code expectedVersion}.
 */
public record Change(Kind kind, String key, Optional<Object> dto, Optional<Object> domain, Optional<Long> expectedVersion) {

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(dto, "dto");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        if (dto.isPresent() != domain.isPresent()) {
            throw new IllegalArgumentException("a put has a DTO and a model value, a delete neither");
        }
    }

    public static Change put(Kind kind, String key, Object dto, Object domain, Long expectedVersion) {
        return new Change(kind, key, Optional.of(dto), Optional.of(domain), Optional.ofNullable(expectedVersion));
    }

    public static Change delete(Kind kind, String key, Long expectedVersion) {
        return new Change(kind, key, Optional.empty(), Optional.empty(), Optional.ofNullable(expectedVersion));
    }

    public boolean isDelete() {
        return dto.isEmpty();
    }
}
