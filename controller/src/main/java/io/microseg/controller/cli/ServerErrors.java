package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A refused request in words: the problem document's title and detail and every field error, one a line; what a
 * 401 or 403 means for this token; the status and the start of the body for anything else.
 */
final class ServerErrors {

    private ServerErrors() {
    }

    /** Lines describing a non-2xx reply, the first a headline, the rest indented. */
    static List<String> describe(ApiReply reply, Connection connection) {
        List<String> lines = new ArrayList<>();
        JsonNode problem = reply.json();
        String detail = text(problem, "detail");
        String title = text(problem, "title");
        if (reply.status() == 401) {
            lines.add("the server did not accept the token (401 Unauthorized)" + suffix(detail));
            lines.add(connection.token().isEmpty()
                    ? "  no token was sent: pass --token, set $" + Connection.TOKEN_VARIABLE
                            + ", use --data-dir DIR, or run where data/admin.token is (the controller writes it)"
                    : "  the token from " + connection.tokenSource() + " is unknown, expired or revoked");
            return lines;
        }
        if (reply.status() == 403) {
            lines.add("forbidden (403): the token's role may not do this" + suffix(detail));
            lines.add("  viewers read; operators also write namespaces, workloads, segments, policies and imports;"
                    + " admins also tiers, settings, enforcement and tokens");
            return lines;
        }
        if (problem.isObject() && (title != null || detail != null)) {
            String head = title == null ? "HTTP " + reply.status() : title + " (" + reply.status() + ")";
            lines.add(head + suffix(detail));
            for (JsonNode error : problem.path("errors")) {
                lines.add("  " + fieldError(error));
            }
            return lines;
        }
        String body = reply.body() == null ? "" : reply.body().strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        lines.add("HTTP " + reply.status() + " from " + reply.request() + (body.isEmpty() ? "" : ": " + body));
        return lines;
    }

    /** {@code policies/web: ingress[0].ports[1].port: must be 1..65535}, leaving out empty parts. */
    static String fieldError(JsonNode error) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("object", "field")) {
            String value = text(error, name);
            if (value != null && !value.isEmpty()) {
                parts.add(value);
            }
        }
        String message = text(error, "message");
        parts.add(message == null ? error.toString() : message);
        return String.join(": ", parts);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String suffix(String detail) {
        return detail == null || detail.isEmpty() ? "" : ": " + detail;
    }
}
