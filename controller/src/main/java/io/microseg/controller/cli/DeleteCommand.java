package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** {@code delete KIND NAME}. */
final class DeleteCommand implements Command {

    @Override
    public String name() {
        return "delete";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("-n", "namespace", "--namespace", "namespace"), Map.of("--wait", "wait"));
    }

    @Override
    public String help() {
        return """
                usage: ./microseg delete KIND NAME [-n NAMESPACE] [--wait]

                Deletes one object. KIND: namespaces (ns), workloads (wl), segments (seg), policies (pol),
                networkpolicies (netpol), enforcement. Workloads and network policies are named NAMESPACE/NAME
                (or NAME with -n; default namespace "default"). Settings and tiers are changed with apply.

                Options:
                  -n, --namespace NS   the namespace of a workload or network policy
                  --wait               wait until the switches enforce the change, and print how long it took

                Examples:
                  ./microseg delete policy web-tier
                  ./microseg delete wl prod/web1 --wait
                  ./microseg delete netpol allow-db -n prod
                """;
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(2, 2, "KIND NAME");
        String kindName = line.positionals().get(0);
        ObjectKind kind = ObjectKind.byName(kindName)
                .orElseThrow(() -> new UsageException("unknown kind '" + kindName + "'"));
        if (kind.scope() == ObjectKind.Scope.SINGLETON) {
            throw new UsageException(kind.plural() + " cannot be deleted; apply new ones instead");
        }
        ObjectName name = ObjectName.parse(kind, line.positionals().get(1), line.value("namespace"));
        String query = line.has("wait") ? "?wait=true" : "";
        JsonNode body = session.require(session.api().delete(name.path(kind) + query));
        JsonNode applied = body.path("applied");
        String suffix = "";
        int code = Cli.OK;
        if (applied.isObject()) {
            if (applied.path("confirmed").asBoolean(false)) {
                suffix = " (enforced in " + applied.path("millis").asLong(0) + " ms)";
            } else {
                suffix = " (committed but not enforced: " + applied.path("error").asText("no confirmation") + ")";
                code = Cli.FAILED;
            }
        }
        session.console().out().println(name.display(kind) + " deleted" + suffix);
        return code;
    }
}
