package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Table cells from JSON, tolerant of absent or oddly shaped fields: {@code <none>} for what is not there. */
final class Cells {

    static final String NONE = "<none>";

    private Cells() {
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return NONE;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** {@code app=web,env=prod}. */
    static String labels(JsonNode labels) {
        if (!labels.isObject() || labels.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> label : labels.properties()) {
            parts.add(label.getKey() + "=" + label.getValue().asText());
        }
        return String.join(",", parts);
    }

    /** {@code a,b} from a list of scalars (or of anything, as JSON). */
    static String list(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        list.forEach(item -> parts.add(item.isValueNode() ? item.asText() : item.toString()));
        return String.join(",", parts);
    }

    static String count(JsonNode list) {
        return list.isArray() ? Integer.toString(list.size()) : "0";
    }

    /**
     * A label selector the way kubectl prints one: {@code app=web,tier in (a,b),!legacy}; {@code <all>} for the
     * empty selector, which selects everything.
     */
    static String selector(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        JsonNode matchLabels = selector.path("matchLabels");
        if (matchLabels.isObject() && !matchLabels.isEmpty()) {
            parts.add(labels(matchLabels));
        }
        for (JsonNode requirement : selector.path("matchExpressions")) {
            String key = requirement.path("key").asText("?");
            String values = "(" + list(requirement.path("values")).replace(NONE, "") + ")";
            String operator = requirement.path("operator").asText("");
            parts.add(switch (operator) {
                case "In" -> key + " in " + values;
                case "NotIn" -> key + " notin " + values;
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + operator + " " + values;
            });
        }
        return parts.isEmpty() ? "<all>" : String.join(",", parts);
    }

    /** {@code 10.0.0.0/8 except 10.1.0.0/16}, several joined by {@code ;}. */
    static String ipBlocks(JsonNode blocks) {
        if (!blocks.isArray() || blocks.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode block : blocks) {
            String except = list(block.path("except"));
            parts.add(block.path("cidr").asText("?") + (except.equals(NONE) ? "" : " except " + except));
        }
        return String.join(";", parts);
    }

    /** A policy's targets: {@code segment/web}, or selectors as {@code {app=web} in ns {env=prod}}. */
    static String targets(JsonNode appliedTo) {
        if (appliedTo.isObject()) {
            return target(appliedTo);
        }
        if (!appliedTo.isArray() || appliedTo.isEmpty()) {
            return NONE;
        }
        List<String> parts = new ArrayList<>();
        appliedTo.forEach(target -> parts.add(target(target)));
        return String.join(";", parts);
    }

    private static String target(JsonNode target) {
        if (target.path("segment").isTextual()) {
            return "segment/" + target.path("segment").asText();
        }
        String workloads = target.has("workloadSelector") ? "{" + selector(target.path("workloadSelector")) + "}" : "";
        String namespaces = target.has("namespaceSelector")
                ? "ns {" + selector(target.path("namespaceSelector")) + "}" : "";
        String both = (workloads + (workloads.isEmpty() || namespaces.isEmpty() ? "" : " in ") + namespaces).strip();
        return both.isEmpty() ? target.toString() : both;
    }
}
