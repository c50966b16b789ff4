package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The status and topology answers as text: a headline and tables. */
final class NetworkTables {

    private NetworkTables() {
    }

    /** {@code model revision 12: all switches in sync}, then one row per switch. */
    static String status(JsonNode body) {
        long revision = body.path("modelRevision").asLong(-1);
        JsonNode switches = body.path("switches");
        StringBuilder out = new StringBuilder("model revision ").append(revision);
        if (!switches.isArray() || switches.isEmpty()) {
            return out.append(": no switches connected yet\n").toString();
        }
        out.append(body.path("allInSync").asBoolean(false)
                ? ": all switches in sync\n" : ": NOT all switches in sync\n");
        Table table = Table.of("SWITCH", "CONNECTED", "IN-SYNC", "REVISION", "LAST-BARRIER");
        for (JsonNode sw : switches) {
            long applied = sw.path("appliedRevision").asLong(-1);
            String behind = applied < revision ? " (behind)" : "";
            table = table.with(Cells.text(sw, "dpid"), yesNo(sw.path("connected")), yesNo(sw.path("inSync")),
                    applied + behind, Cells.text(sw, "lastBarrier"));
        }
        return out.append(table.render()).toString();
    }

    /** Switches, links, workload attachments and unmanaged endpoints, each a table when not empty. */
    static String topology(JsonNode body) {
        StringBuilder out = new StringBuilder();
        Table switches = Table.of("SWITCH", "PORTS");
        for (JsonNode sw : body.path("switches")) {
            StringBuilder ports = new StringBuilder();
            for (JsonNode port : sw.path("ports")) {
                if (!ports.isEmpty()) {
                    ports.append(',');
                }
                ports.append(port.path("number").asText("?"));
                if (port.path("name").isTextual()) {
                    ports.append('(').append(port.path("name").asText()).append(')');
                }
                if (port.has("up") && !port.path("up").asBoolean(true)) {
                    ports.append(":down");
                }
            }
            switches = switches.with(Cells.text(sw, "dpid"), ports.isEmpty() ? Cells.NONE : ports.toString());
        }
        Table links = Table.of("FROM", "TO");
        for (JsonNode link : body.path("links")) {
            links = links.with(Cells.text(link, "srcDpid") + " port " + Cells.text(link, "srcPort"),
                    Cells.text(link, "dstDpid") + " port " + Cells.text(link, "dstPort"));
        }
        Table attachments = Table.of("WORKLOAD", "SWITCH", "PORT", "MAC", "IPS");
        for (JsonNode a : body.path("attachments")) {
            attachments = attachments.with(Cells.text(a, "workload"), Cells.text(a, "dpid"), Cells.text(a, "port"),
                    Cells.text(a, "mac"), Cells.list(a.path("ips")));
        }
        Table endpoints = Table.of("MAC", "IPS", "SWITCH", "PORT", "LAST-SEEN");
        for (JsonNode e : body.path("unmanagedEndpoints")) {
            endpoints = endpoints.with(Cells.text(e, "mac"), Cells.list(e.path("ips")), Cells.text(e, "dpid"),
                    Cells.text(e, "port"), Cells.text(e, "lastSeen"));
        }
        section(out, "Switches", switches);
        section(out, "Links", links);
        section(out, "Workloads", attachments);
        section(out, "Unmanaged endpoints", endpoints);
        return out.isEmpty() ? "no switches connected yet\n" : out.toString();
    }

    /** Pending sightings (learning: confirm), one row each, or a line saying there are none. */
    static String sightings(JsonNode body) {
        Table table = Table.of("WORKLOAD", "SWITCH", "PORT", "MAC", "IPS", "FIRST-SEEN");
        for (JsonNode s : body.path("sightings")) {
            table = table.with(Cells.text(s, "workload"), Cells.text(s, "dpid"), Cells.text(s, "port"),
                    Cells.text(s, "mac"), Cells.list(s.path("ips")), Cells.text(s, "firstSeen"));
        }
        return table.isEmpty() ? "no pending sightings\n" : table.render();
    }

    private static void section(StringBuilder out, String title, Table table) {
        if (table.isEmpty()) {
            return;
        }
        if (!out.isEmpty()) {
            out.append('\n');
        }
        out.append(title).append(":\n").append(table.render());
    }

    private static String yesNo(JsonNode flag) {
        return flag.isBoolean() ? (flag.asBoolean() ? "yes" : "no") : Cells.NONE;
    }
}
