package io.microseg.rest.kubernetes;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microseg.rest.dto.Json;
import io.microseg.rest.dto.NamespaceDto;
import io.microseg.rest.dto.NetworkPolicyDto;
import io.microseg.rest.dto.WorkloadDto;
import io.microseg.rest.http.Bodies;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.store.Kind;
import io.microseg.topology.Ipv4Address;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads what {@code kubectl get ns,pods,netpol -A -o json} prints (a {@code List}, or single objects, or several
 * YAML documents) into importable items: Namespace, Pod (labels, IPv4 pod IPs, named container ports) and
 * NetworkPolicy (its spec). Anything else is refused, with the reason.
 */
final class KubernetesItems {

    private KubernetesItems() {
    }

    static List<JsonNode> documents(byte[] body, boolean yaml) {
        ObjectMapper mapper = yaml ? Json.yaml() : Json.json();
        List<JsonNode> items = new ArrayList<>();
        int index = 0;
        try (JsonParser parser = mapper.createParser(body);
                MappingIterator<JsonNode> documents = mapper.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                String where = yaml ? "document " + index : "the body";
                if (!document.isObject() || !document.path("kind").isTextual() || document.path("kind").asText().isEmpty()) {
                    throw notKubernetes(where, "is " + describe(document) + ", not a Kubernetes object or List");
                }
                if (document.path("kind").asText().endsWith("List")) {
                    JsonNode list = document.path("items");
                    if (!list.isArray()) {
                        throw notKubernetes(where, "is a " + document.path("kind").asText() + " without an items array");
                    }
                    for (int i = 0; i < list.size(); i++) {
                        if (!list.get(i).isObject()) {
                            throw notKubernetes(where, "items[" + i + "] is " + describe(list.get(i))
                                    + ", not a Kubernetes object");
                        }
                        items.add(list.get(i));
                    }
                } else {
                    items.add(document);
                }
            }
        } catch (IOException e) {
            throw new Rejection(Rejection.Cause.MALFORMED, "malformed " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (items.isEmpty()) {
            throw notKubernetes("the body", "holds no Kubernetes objects");
        }
        return items;
    }

    /** Parsed fine, but is no Kubernetes object: the whole body is refused (nothing is imported). */
    private static Rejection notKubernetes(String where, String what) {
        return new Rejection(Rejection.Cause.INVALID, where + " " + what,
                List.of(new FieldError("", where.equals("the body") ? "" : where, what)));
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object without a kind";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "a scalar";
    }

    static KubernetesObject item(JsonNode item) {
        String kind = item.path("kind").asText("");
        JsonNode metadata = item.path("metadata");
        String name = metadata.path("name").isTextual() ? metadata.path("name").asText() : null;
        String namespace = metadata.path("namespace").isTextual() ? metadata.path("namespace").asText() : null;
        if (name == null) {
            return KubernetesObject.refused(kind.isEmpty() ? "?" : kind, namespace, "?", "metadata.name", "is required");
        }
        return switch (kind) {
            case "Namespace" -> namespace(name, metadata);
            case "Pod" -> pod(namespace == null ? "default" : namespace, name, metadata, item);
            case "NetworkPolicy" -> networkPolicy(namespace == null ? "default" : namespace, name, item);
            default -> KubernetesObject.refused(kind.isEmpty() ? "?" : kind, namespace, name, "kind",
                    "only Namespace, Pod and NetworkPolicy are imported, not '" + kind + "'");
        };
    }

    private static KubernetesObject namespace(String name, JsonNode metadata) {
        Map<String, String> labels = labels(metadata);
        return KubernetesObject.of("Namespace", null, name, Kind.NAMESPACE, name, new NamespaceDto(name, labels, null));
    }

    private static KubernetesObject pod(String namespace, String name, JsonNode metadata, JsonNode pod) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        if (spec.path("hostNetwork").asBoolean(false)) {
            return KubernetesObject.refused("Pod", namespace, name, "spec.hostNetwork",
                    "a host-network pod shares its node's address; it cannot be segmented on its own");
        }
        String phase = status.path("phase").asText("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return KubernetesObject.refused("Pod", namespace, name, "status.phase",
                    "the pod has terminated (" + phase + "); its address may belong to another pod");
        }
        Set<String> ips = new LinkedHashSet<>();
        if (status.path("podIP").isTextual()) {
            ips.add(status.path("podIP").asText());
        }
        status.path("podIPs").forEach(ip -> {
            if (ip.path("ip").isTextual()) {
                ips.add(ip.path("ip").asText());
            }
        });
        List<String> ipv4 = ips.stream().filter(Ipv4Address::isValid).toList();
        List<WorkloadDto.NamedPortDto> ports = new ArrayList<>();
        for (String containers : List.of("initContainers", "containers")) {
            spec.path(containers).forEach(container -> container.path("ports").forEach(port -> {
                if (port.path("name").isTextual() && port.path("containerPort").canConvertToInt()) {
                    ports.add(new WorkloadDto.NamedPortDto(port.path("name").asText(),
                            port.path("protocol").asText("TCP"), port.path("containerPort").asInt()));
                }
            }));
        }
        WorkloadDto dto = new WorkloadDto(namespace, name, labels(metadata), ipv4, null, ports, null, null);
        return KubernetesObject.of("Pod", namespace, name, Kind.WORKLOAD, Codecs.key(namespace, name), dto);
    }

    private static KubernetesObject networkPolicy(String namespace, String name, JsonNode item) {
        JsonNode spec = item.path("spec");
        if (!spec.isObject()) {
            return KubernetesObject.refused("NetworkPolicy", namespace, name, "spec", "is required");
        }
        ObjectNode withIdentity = ((ObjectNode) spec.deepCopy()).put("namespace", namespace).put("name", name);
        try {
            NetworkPolicyDto dto = Json.json().treeToValue(withIdentity, NetworkPolicyDto.class);
            return KubernetesObject.of("NetworkPolicy", namespace, name, Kind.NETWORK_POLICY,
                    Codecs.key(namespace, name), dto);
        } catch (IOException e) {
            Rejection rejection = Bodies.malformed(e, "JSON");
            String field = rejection.errors().isEmpty() ? "spec" : "spec." + rejection.errors().get(0).field();
            String message = rejection.errors().isEmpty() ? rejection.getMessage() : rejection.errors().get(0).message();
            return KubernetesObject.refused("NetworkPolicy", namespace, name, field, message);
        }
    }

    private static Map<String, String> labels(JsonNode metadata) {
        Map<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : metadata.path("labels").properties()) {
            labels.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        return labels;
    }
}
