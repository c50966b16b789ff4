package io.microseg.rest.kubernetes;

import io.microseg.rest.model.FieldError;
import io.microseg.rest.store.Kind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of an import: its Kubernetes kind, namespace and name as given, and either the object it becomes
 * ({@code kind}, {@code key}, DTO) or why it cannot be imported at all.
 */
record KubernetesObject(String kubernetesKind, String namespace, String name, Optional<Kind> kind, String key,
        Object dto, List<FieldError> problems) {

    KubernetesObject {
        Objects.requireNonNull(kubernetesKind, "kubernetesKind");
        Objects.requireNonNull(kind, "kind");
        problems = List.copyOf(problems);
    }

    static KubernetesObject of(String kubernetesKind, String namespace, String name, Kind kind, String key, Object dto) {
        return new KubernetesObject(kubernetesKind, namespace, name, Optional.of(kind), key, dto, List.of());
    }

    static KubernetesObject refused(String kubernetesKind, String namespace, String name, String field, String message) {
        return new KubernetesObject(kubernetesKind, namespace, name, Optional.empty(), null, null,
                List.of(new FieldError(kubernetesKind + "/" + (namespace == null ? "" : namespace + "/") + name, field,
                        message)));
    }
}
