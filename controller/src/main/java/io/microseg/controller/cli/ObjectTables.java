package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The {@code get} table of each kind, with the columns that fit it. */
final class ObjectTables {

    private static final String VERSION = "RESOURCEVERSION";

    private ObjectTables() {
    }

    static Table of(ObjectKind kind, List<JsonNode> items) {
        Table table = header(kind);
        for (JsonNode item : items) {
            table = switch (kind) {
                case NAMESPACE -> table.with(Cells.text(item, "name"), Cells.labels(item.path("labels")),
                        Cells.text(item, "resourceVersion"));
                case WORKLOAD -> table.with(Cells.text(item, "namespace"), Cells.text(item, "name"),
                        Cells.list(item.path("ips")), Cells.text(item, "mac"), location(item.path("location")),
                        Cells.labels(item.path("labels")), Cells.text(item, "resourceVersion"));
                case SEGMENT -> table.with(Cells.text(item, "name"), Cells.selector(item.path("workloadSelector")),
                        Cells.selector(item.path("namespaceSelector")), Cells.ipBlocks(item.path("ipBlocks")),
                        Cells.text(item, "resourceVersion"));
                case POLICY -> table.with(Cells.text(item, "name"), Cells.text(item, "tier"),
                        Cells.text(item, "priority"), Cells.targets(item.path("appliedTo")),
                        Cells.count(item.path("ingress")), Cells.count(item.path("egress")),
                        Boolean.toString(item.path("staged").asBoolean(false)), Cells.text(item, "resourceVersion"));
                case NETWORK_POLICY -> table.with(Cells.text(item, "namespace"), Cells.text(item, "name"),
                        Cells.selector(item.path("podSelector")), Cells.list(item.path("policyTypes")),
                        Cells.count(item.path("ingress")), Cells.count(item.path("egress")),
                        Cells.text(item, "resourceVersion"));
                case ENFORCEMENT -> table.with(Cells.text(item, "name"), Cells.text(item, "mode"),
                        Cells.selector(item.path("workloadSelector")), Cells.selector(item.path("namespaceSelector")),
                        Cells.text(item, "resourceVersion"));
                case SETTINGS -> table.with(Cells.text(item, "defaultPosture"), Cells.text(item, "defaultMode"),
                        Cells.text(item, "onTighten"), Cells.text(item, "learning"), Cells.text(item, "resourceVersion"));
                case TIERS -> tiers(table, item);
            };
        }
        return table;
    }

    private static Table header(ObjectKind kind) {
        return switch (kind) {
            case NAMESPACE -> Table.of("NAME", "LABELS", VERSION);
            case WORKLOAD -> Table.of("NAMESPACE", "NAME", "IPS", "MAC", "LOCATION", "LABELS", VERSION);
            case SEGMENT -> Table.of("NAME", "WORKLOADS", "NAMESPACES", "IPBLOCKS", VERSION);
            case POLICY -> Table.of("NAME", "TIER", "PRIORITY", "APPLIED-TO", "INGRESS", "EGRESS", "STAGED", VERSION);
            case NETWORK_POLICY -> Table.of("NAMESPACE", "NAME", "POD-SELECTOR", "POLICY-TYPES", "INGRESS", "EGRESS",
                    VERSION);
            case ENFORCEMENT -> Table.of("NAME", "MODE", "WORKLOADS", "NAMESPACES", VERSION);
            case SETTINGS -> Table.of("DEFAULT-POSTURE", "DEFAULT-MODE", "ON-TIGHTEN", "LEARNING", VERSION);
            case TIERS -> Table.of("NAME", "ORDER", VERSION);
        };
    }

    /** One row per tier, in the server's order (evaluation order). */
    private static Table tiers(Table table, JsonNode item) {
        String version = Cells.text(item, "resourceVersion");
        for (JsonNode tier : item.path("tiers")) {
            table = table.with(Cells.text(tier, "name"), Cells.text(tier, "order"), version);
        }
        return table;
    }

    private static String location(JsonNode location) {
        if (!location.isObject()) {
            return Cells.NONE;
        }
        return Cells.text(location, "dpid") + " port " + Cells.text(location, "port");
    }
}
