package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;

/** One object read from a manifest, with where it came from ({@code web.yaml document 3}). */
sealed interface ManifestObject {

    String origin();

    /** What {@code apply} prints for it: {@code workload/prod/web1}, {@code pod/prod/web1}. */
    String display();

    /** Our own object ({@code apiVersion: microseg.io/v1}): the REST body for its URL. */
    record Native(ObjectKind kind, String namespace, String name, ObjectNode body, String origin)
            implements ManifestObject {

        public Native {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(origin, "origin");
        }

        String path() {
            return kind.path(namespace, name);
        }

        @Override
        public String display() {
            return kind.display(namespace, name);
        }
    }

    /** A Kubernetes Namespace, Pod or NetworkPolicy, sent as is to the import endpoint. */
    record Kubernetes(String kind, String namespace, String name, JsonNode document, String origin)
            implements ManifestObject {

        public Kubernetes {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(origin, "origin");
        }

        @Override
        public String display() {
            String lower = kind.toLowerCase(Locale.ROOT);
            return namespace == null ? lower + "/" + name : lower + "/" + namespace + "/" + name;
        }
    }
}
