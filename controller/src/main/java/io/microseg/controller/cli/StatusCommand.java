package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** {@code status}: the model revision, and per switch connected, in sync and the revision it enforces. */
final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("-o", "output", "--output", "output"), Map.of());
    }

    @Override
    public String help() {
        return """
                usage: ./microseg status [-o json|yaml]

                The model revision in force and, for every switch: connected, whether its flows match the desired
                ones, the model revision they implement, and when its last barrier was confirmed.

                Examples:
                  ./microseg status
                  ./microseg status -o json
                  ./microseg status --server http://10.0.0.5:8181
                """;
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(0, 0, "no arguments");
        Output output = Output.parse(line);
        JsonNode body = session.require(session.api().get(ApiClient.path("status")));
        if (!output.write(body, session.console().out())) {
            session.console().out().print(NetworkTables.status(body));
        }
        return Cli.OK;
    }
}
