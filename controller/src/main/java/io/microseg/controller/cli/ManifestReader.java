package io.microseg.controller.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads manifests: YAML with several documents, or JSON (one or more values). A document is one of our objects
 * ({@code apiVersion: microseg.io/v1}, {@code kind}, {@code metadata.name}, {@code spec}), a Kubernetes Namespace,
 * Pod or NetworkPolicy, or a {@code List} of those. Every problem is collected, named by file and document number
 * (counting from 1), so that one run shows them all.
 */
final class ManifestReader {

    static final String API_VERSION = "microseg.io/v1";
    static final Set<String> KUBERNETES_API_VERSIONS = Set.of("v1", "networking.k8s.io/v1");
    static final Set<String> KUBERNETES_KINDS = Set.of("Namespace", "Pod", "NetworkPolicy");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** A manifest's name ({@code web.yaml}, {@code <stdin>}) and text. */
    record Source(String name, String text) {
    }

    private final List<ManifestObject> objects = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> seen = new HashMap<>();

    private ManifestReader() {
    }

    /**
     * Every object of the sources, in order.
     *
     * @throws ManifestException listing every problem, if there is any
     */
    static List<ManifestObject> read(List<Source> sources) {
        ManifestReader reader = new ManifestReader();
        for (Source source : sources) {
            reader.readSource(source);
        }
        if (!reader.problems.isEmpty()) {
            throw new ManifestException(reader.problems);
        }
        if (reader.objects.isEmpty()) {
            throw new ManifestException(List.of("no objects in " + String.join(", ",
                    sources.stream().map(Source::name).toList())));
        }
        return List.copyOf(reader.objects);
    }

    static List<ManifestObject> read(String name, String text) {
        return read(List.of(new Source(name, text)));
    }

    private void readSource(Source source) {
        String trimmed = source.text().stripLeading();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
        ObjectMapper mapper = json ? JSON : YAML;
        int index = 0;
        try (JsonParser parser = mapper.createParser(source.text());
                MappingIterator<JsonNode> documents = mapper.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                index++;
                JsonNode document = documents.nextValue();
                String origin = source.name() + " document " + index;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (json && document.isArray()) {
                    int item = 0;
                    for (JsonNode element : document) {
                        document(element, origin + " item " + ++item);
                    }
                } else {
                    document(document, origin);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            problems.add(source.name() + " document " + Math.max(index, 1) + ": malformed " + (json ? "JSON" : "YAML")
                    + ": " + reason(e.getOriginalMessage())
                    + (where == null || where.getLineNr() < 1 ? "" : " (line " + where.getLineNr() + ")"));
        } catch (IOException e) {
            problems.add(source.name() + ": cannot read: " + e.getMessage());
        }
    }

    private void document(JsonNode document, String origin) {
        if (!document.isObject()) {
            problems.add(origin + ": not an object (a mapping with apiVersion, kind and metadata)");
            return;
        }
        String apiVersion = text(document, "apiVersion");
        String kind = text(document, "kind");
        if (kind == null) {
            problems.add(origin + ": kind is required");
            return;
        }
        if (kind.equals("List") || kind.endsWith("List") && document.has("items")) {
            if (!document.path("items").isArray()) {
                problems.add(origin + ": a " + kind + " needs an items list");
                return;
            }
            int item = 0;
            for (JsonNode element : document.path("items")) {
                document(element, origin + " item " + ++item);
            }
            return;
        }
        if (apiVersion == null) {
            problems.add(origin + ": apiVersion is required (" + API_VERSION + " for our objects, v1 or "
                    + "networking.k8s.io/v1 for Kubernetes ones)");
        } else if (apiVersion.equals(API_VERSION)) {
            ours(document, kind, origin);
        } else if (KUBERNETES_API_VERSIONS.contains(apiVersion)) {
            kubernetes(document, kind, origin);
        } else {
            problems.add(origin + ": unknown apiVersion '" + apiVersion + "' (" + API_VERSION + ", v1 or "
                    + "networking.k8s.io/v1)");
        }
    }

    private void ours(JsonNode document, String kindName, String origin) {
        ObjectKind kind = ObjectKind.byManifestKind(kindName).orElse(null);
        if (kind == null) {
            problems.add(origin + ": unknown kind '" + kindName + "' for " + API_VERSION + " (one of "
                    + String.join(", ", ObjectKind.manifestKinds()) + ")");
            return;
        }
        int before = problems.size();
        unknownFields(document, TOP_LEVEL, "", origin);
        JsonNode metadata = document.path("metadata");
        if (!metadata.isMissingNode() && !metadata.isObject()) {
            problems.add(origin + ": metadata must be a mapping");
            return;
        }
        unknownFields(metadata, METADATA, "metadata.", origin);
        String name = text(metadata, "name");
        String namespace = text(metadata, "namespace");
        if (kind.scope() == ObjectKind.Scope.SINGLETON) {
            if (name != null) {
                problems.add(origin + ": " + kindName + " is a singleton and takes no metadata.name");
            }
        } else if (name == null || name.isBlank()) {
            problems.add(origin + ": metadata.name is required");
        }
        if (kind.scope() == ObjectKind.Scope.NAMESPACED) {
            namespace = namespace == null ? "default" : namespace;
        } else if (namespace != null) {
            problems.add(origin + ": metadata.namespace is only for Workload, not " + kindName);
        }
        ObjectNode body = spec(document.get("spec"), kind, origin);
        if (body != null && metadata.has("labels")) {
            labels(metadata.get("labels"), kind, body, origin);
        }
        if (problems.size() > before || body == null) {
            return;
        }
        ManifestObject.Native object = new ManifestObject.Native(kind, namespace, name, body, origin);
        remember(object.display(), origin);
        objects.add(object);
    }

    private ObjectNode spec(JsonNode spec, ObjectKind kind, String origin) {
        if (spec == null || spec.isNull()) {
            return JSON.createObjectNode();
        }
        if (kind == ObjectKind.TIERS && spec.isArray()) {
            ObjectNode body = JSON.createObjectNode();
            body.set("tiers", spec);
            return body;
        }
        if (!spec.isObject()) {
            problems.add(origin + ": spec must be a mapping (the REST body of " + kind.plural() + ")");
            return null;
        }
        return ((ObjectNode) spec).deepCopy();
    }

    /** Merges {@code metadata.labels} into the body's labels; the same key with two values is a problem. */
    private void labels(JsonNode labels, ObjectKind kind, ObjectNode body, String origin) {
        if (!kind.hasLabels()) {
            problems.add(origin + ": metadata.labels is only for Namespace and Workload; use spec for "
                    + kind.plural());
            return;
        }
        if (!labels.isObject()) {
            problems.add(origin + ": metadata.labels must be a mapping of strings");
            return;
        }
        JsonNode existing = body.path("labels");
        if (!existing.isMissingNode() && !existing.isObject()) {
            problems.add(origin + ": spec.labels must be a mapping of strings");
            return;
        }
        ObjectNode merged = existing.isObject() ? (ObjectNode) existing : body.putObject("labels");
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            if (!label.getValue().isTextual()) {
                problems.add(origin + ": metadata.labels." + label.getKey() + " must be a string (quote it)");
                continue;
            }
            JsonNode other = merged.get(label.getKey());
            if (other != null && !other.equals(label.getValue())) {
                problems.add(origin + ": label " + label.getKey() + " is '" + label.getValue().asText()
                        + "' in metadata.labels but " + other + " in spec.labels");
                continue;
            }
            merged.set(label.getKey(), label.getValue());
        }
    }

    private void kubernetes(JsonNode document, String kind, String origin) {
        if (!KUBERNETES_KINDS.contains(kind)) {
            problems.add(origin + ": Kubernetes kind '" + kind + "' is not imported (Namespace, Pod, NetworkPolicy)");
            return;
        }
        JsonNode metadata = document.path("metadata");
        String name = text(metadata, "name");
        if (name == null || name.isBlank()) {
            problems.add(origin + ": metadata.name is required");
            return;
        }
        String namespace = kind.equals("Namespace") ? null
                : text(metadata, "namespace") == null ? "default" : text(metadata, "namespace");
        ManifestObject.Kubernetes object = new ManifestObject.Kubernetes(kind, namespace, name, document, origin);
        remember(object.display(), origin);
        objects.add(object);
    }

    private void remember(String display, String origin) {
        String earlier = seen.putIfAbsent(display, origin);
        if (earlier != null) {
            problems.add(origin + ": " + display + " is also in " + earlier);
        }
    }

    private void unknownFields(JsonNode node, Set<String> known, String prefix, String origin) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!known.contains(field)) {
                problems.add(origin + ": unknown field " + prefix + field);
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    /** SnakeYAML's multi-line message without its excerpt lines: {@code while parsing X; expected Y}. */
    private static String reason(String message) {
        if (message == null) {
            return "";
        }
        return String.join("; ", message.lines().filter(line -> !line.isBlank() && !line.startsWith(" ")
                && !line.startsWith("\t")).toList());
    }
}
