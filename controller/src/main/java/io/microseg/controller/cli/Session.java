package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The console and the API client of one run, and the shared handling of refused requests. */
record Session(Console console, ApiClient api) {

    /** The reply's JSON if it succeeded; otherwise a {@link CliFailure} with the server's reasons. */
    JsonNode require(ApiReply reply) {
        if (!reply.ok()) {
            throw new CliFailure(errorLines(reply));
        }
        return reply.json();
    }

    /** {@code error: <headline>} and the indented details of a refused reply. */
    List<String> errorLines(ApiReply reply) {
        List<String> described = ServerErrors.describe(reply, api.connection());
        List<String> lines = new ArrayList<>();
        lines.add("error: " + described.get(0));
        lines.addAll(described.subList(1, described.size()));
        return lines;
    }
}
