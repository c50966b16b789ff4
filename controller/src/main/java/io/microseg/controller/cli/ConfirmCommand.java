package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code confirm NAMESPACE/NAME [--dpid DPID --port N]}: an operator confirms which pending sighting of a workload
 * without a location is the real one ({@code learning: confirm}); the workload is bound there. Without
 * {@code --dpid/--port} the workload must have exactly one pending sighting.
 */
final class ConfirmCommand implements Command {

    @Override
    public String name() {
        return "confirm";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("--dpid", "dpid", "--port", "port", "-o", "output", "--output", "output"),
                Map.of());
    }

    @Override
    public String help() {
        return """
                usage: ./microseg confirm NAMESPACE/NAME [--dpid DPID --port N] [-o json|yaml]

                With settings learning: confirm (the default), the first port seen sending the MAC and address of a
                workload registered without a location is only a pending sighting: it grants nothing. This confirms
                one: the workload is bound to that switch port (stored; a restart keeps it), and a bound workload
                never moves while its port is up. ./microseg get sightings lists the pending ones. Without --dpid
                and --port the workload must have exactly one pending sighting. Needs an operator token.

                Options:
                  --dpid DPID   the switch of the sighting (as get sightings prints it, or 0x1)
                  --port N      its port number

                Examples:
                  ./microseg get sightings
                  ./microseg confirm prod/web1 --dpid 00:00:00:00:00:00:00:01 --port 3
                  ./microseg confirm prod/web1
                """;
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(1, 1, "NAMESPACE/NAME");
        String workload = line.positionals().get(0);
        String[] parts = workload.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new UsageException("give the workload as NAMESPACE/NAME, not '" + workload + "'");
        }
        Output output = Output.parse(line);
        var dpid = line.value("dpid");
        var port = line.value("port");
        if (dpid.isPresent() != port.isPresent()) {
            throw new UsageException("give both --dpid and --port, or neither");
        }
        ObjectNode request = Output.JSON.createObjectNode();
        if (dpid.isPresent()) {
            request.put("dpid", dpid.get());
            request.put("port", parsePort(port.get()));
        } else {
            JsonNode only = onlySighting(workload, session.require(session.api().get(ApiClient.path("sightings"))));
            request.put("dpid", only.path("dpid").asText());
            request.put("port", only.path("port").asLong());
        }
        JsonNode body = session.require(session.api().post(ApiClient.path("sightings", parts[0], parts[1], "confirm"),
                request));
        if (!output.write(body, session.console().out())) {
            session.console().out().println("workload " + workload + " confirmed at " + body.path("dpid").asText()
                    + " port " + body.path("port").asText());
        }
        return Cli.OK;
    }

    static long parsePort(String text) {
        try {
            long port = Long.parseLong(text.strip());
            if (port >= 1 && port <= 0xffffff00L) {
                return port;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new UsageException("--port must be a port number 1..4294967040, not '" + text + "'");
    }

    /** The workload's single pending sighting in a {@code GET /sightings} answer. */
    static JsonNode onlySighting(String workload, JsonNode answer) {
        List<JsonNode> mine = new ArrayList<>();
        answer.path("sightings").forEach(s -> {
            if (s.path("workload").asText().equals(workload)) {
                mine.add(s);
            }
        });
        if (mine.size() != 1) {
            throw new UsageException(mine.isEmpty() ? "no pending sighting of " + workload
                    : workload + " was sighted at " + mine.size() + " ports: give --dpid and --port"
                    + " (./microseg get sightings)");
        }
        return mine.get(0);
    }
}
