package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** {@code explain FROM TO PROTO/PORT}: the verdict, the data-plane action and the deciding reason on each side. */
final class ExplainCommand implements Command {

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("-o", "output", "--output", "output"), Map.of());
    }

    @Override
    public String help() {
        return """
                usage: ./microseg explain FROM TO PROTO[/PORT] [-o json|yaml]

                Whether the model in force allows a connection, which rule or default decided on the egress side
                (FROM) and the ingress side (TO), what the data plane does under each side's enforcement mode,
                and what staged policies would change. FROM and TO are NAMESPACE/NAME of a workload or an IPv4
                address; PROTO is tcp, udp or icmp (tcp and udp need a port).

                Examples:
                  ./microseg explain prod/web1 prod/db1 tcp/3306
                  ./microseg explain prod/web1 192.0.2.7 udp/53
                  ./microseg explain 10.0.0.9 prod/web1 tcp/443 -o json
                """;
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(3, 3, "FROM TO PROTO/PORT (such as prod/web1 prod/db1 tcp/3306)");
        Output output = Output.parse(line);
        ObjectNode query = query(line.positionals().get(0), line.positionals().get(1), line.positionals().get(2));
        ObjectNode request = Output.JSON.createObjectNode();
        request.putArray("queries").add(query);
        JsonNode body = session.require(session.api().post(ApiClient.path("explain"), request));
        if (output.write(body, session.console().out())) {
            return Cli.OK;
        }
        for (JsonNode result : body.path("results")) {
            session.console().out().print(render(result));
        }
        return Cli.OK;
    }

    /** {@code {"from":..,"to":..,"protocol":"TCP","port":3306}} from {@code tcp/3306}. */
    static ObjectNode query(String from, String to, String protocolAndPort) {
        ObjectNode query = Output.JSON.createObjectNode().put("from", from).put("to", to);
        int slash = protocolAndPort.indexOf('/');
        String protocol = (slash < 0 ? protocolAndPort : protocolAndPort.substring(0, slash)).toUpperCase(Locale.ROOT);
        if (protocol.isEmpty()) {
            throw new UsageException("expected PROTO/PORT such as tcp/3306, not '" + protocolAndPort + "'");
        }
        query.put("protocol", protocol);
        if (slash >= 0) {
            String port = protocolAndPort.substring(slash + 1);
            try {
                int number = Integer.parseInt(port);
                if (number < 1 || number > 65535) {
                    throw new NumberFormatException();
                }
                query.put("port", number);
            } catch (NumberFormatException e) {
                throw new UsageException("the port must be 1..65535, not '" + port + "'");
            }
        }
        return query;
    }

    /**
     * <pre>
     * prod/web1 -> prod/db1 TCP/3306: ALLOW (data plane: allow)
     *   egress   at prod/web1 [enforce]: allow   allow by application/web-tier egress[0]
     *   ingress  at prod/db1 [enforce]: allow   allow by NetworkPolicy prod/db ingress[1]
     * </pre>
     */
    static String render(JsonNode result) {
        StringBuilder out = new StringBuilder();
        int number = result.path("port").asInt(0);
        String port = number > 0 ? "/" + number : "";
        out.append(result.path("from").asText("?")).append(" -> ").append(result.path("to").asText("?")).append(' ')
                .append(result.path("protocol").asText("?")).append(port).append(": ")
                .append(result.path("verdict").asText("?").toUpperCase(Locale.ROOT))
                .append(" (data plane: ").append(result.path("action").asText("?")).append(")\n");
        side(out, "egress ", result.path("egress"), result.path("from").asText("?"));
        side(out, "ingress", result.path("ingress"), result.path("to").asText("?"));
        JsonNode staged = result.path("staged");
        if (staged.isObject()) {
            out.append("  staged: with staged policies enforced the verdict would be ")
                    .append(staged.path("verdict").asText("?").toUpperCase(Locale.ROOT)).append('\n');
            for (String direction : new String[] {"egress", "ingress"}) {
                JsonNode side = staged.path(direction);
                if (side.isObject()) {
                    out.append("    ").append(direction).append(": ").append(side.path("reason").asText("?"))
                            .append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void side(StringBuilder out, String direction, JsonNode side, String endpoint) {
        if (!side.isObject()) {
            return;
        }
        String at = side.path("workload").isTextual() ? side.path("workload").asText() : endpoint + " (unmanaged)";
        out.append("  ").append(direction).append(" at ").append(at);
        if (side.path("workload").isTextual() && side.path("mode").isTextual()) {
            out.append(" [").append(side.path("mode").asText()).append(']');
        }
        out.append(": ").append(side.path("verdict").asText("?"));
        String action = side.path("action").asText("");
        if (!action.isEmpty() && !action.equals(side.path("verdict").asText())) {
            out.append(" (data plane ").append(action).append(')');
        }
        out.append(" -- ").append(side.path("reason").asText(side.path("decidedBy").asText("?"))).append('\n');
        JsonNode passedAt = side.path("passedAt");
        if (passedAt.isObject()) {
            out.append("           passed on by ").append(rule(passedAt)).append('\n');
        }
    }

    /** {@code policy web-tier (tier application) ingress[0]}. */
    static String rule(JsonNode rule) {
        return "policy " + rule.path("policy").asText("?") + " (tier " + rule.path("tier").asText("?") + ") "
                + rule.path("direction").asText("?") + "[" + rule.path("index").asText("?") + "]"
                + (rule.path("staged").asBoolean(false) ? " (staged)" : "");
    }
}
