package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code get KIND [NAME]}: a table of the objects (or one), the status or the topology; raw with {@code -o}. */
final class GetCommand implements Command {

    static final String KINDS = "namespaces (ns), workloads (wl), segments (seg), policies (pol), "
            + "networkpolicies (netpol), enforcement, tiers, settings, status, topology, sightings";

    @Override
    public String name() {
        return "get";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("-o", "output", "--output", "output", "-n", "namespace",
                "--namespace", "namespace", "-l", "selector", "--selector", "selector"), Map.of());
    }

    @Override
    public String help() {
        return """
                usage: ./microseg get KIND [NAME] [-o json|yaml] [-n NAMESPACE] [-l SELECTOR]

                Lists the objects of a kind, or shows one, as a table; -o json or -o yaml prints the server's answer.
                KIND: %s.
                Workloads and network policies are listed across all namespaces unless -n is given; one of them is
                named NAMESPACE/NAME (or NAME with -n, default namespace "default").

                Options:
                  -o, --output json|yaml   raw output instead of the table
                  -n, --namespace NS       workloads and network policies of one namespace
                  -l, --selector SELECTOR  workloads whose labels match: app=web,env!=prod,tier

                Examples:
                  ./microseg get workloads -l app=web,env=prod
                  ./microseg get wl prod/web1 -o yaml
                  ./microseg get policies
                  ./microseg get netpol -n prod
                  ./microseg get tiers
                  ./microseg get topology
                  ./microseg get sightings
                """.formatted(KINDS);
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(1, 2, "KIND [NAME] (" + KINDS + ")");
        String kindName = line.positionals().get(0);
        Optional<String> name = line.positionals().stream().skip(1).findFirst();
        Output output = Output.parse(line);
        if (kindName.equals("status") || kindName.equals("topology") || kindName.equals("sightings")) {
            if (name.isPresent() || line.value("namespace").isPresent() || line.value("selector").isPresent()) {
                throw new UsageException("get " + kindName + " takes no name, -n or -l");
            }
            JsonNode body = session.require(session.api().get(ApiClient.path(kindName)));
            if (!output.write(body, session.console().out())) {
                session.console().out().print(switch (kindName) {
                    case "status" -> NetworkTables.status(body);
                    case "sightings" -> NetworkTables.sightings(body);
                    default -> NetworkTables.topology(body);
                });
            }
            return Cli.OK;
        }
        ObjectKind kind = ObjectKind.byName(kindName)
                .orElseThrow(() -> new UsageException("unknown kind '" + kindName + "' (" + KINDS + ")"));
        Optional<String> namespace = line.value("namespace");
        Optional<String> selector = line.value("selector");
        if (selector.isPresent() && kind != ObjectKind.WORKLOAD) {
            throw new UsageException("-l selects workloads only");
        }
        if (namespace.isPresent() && kind.scope() != ObjectKind.Scope.NAMESPACED) {
            throw new UsageException(kind.plural() + " have no namespace; drop -n");
        }
        String path;
        boolean list;
        if (kind.scope() == ObjectKind.Scope.SINGLETON) {
            if (name.isPresent()) {
                throw new UsageException(kind.plural() + " is a single object; it takes no name");
            }
            path = kind.path(null, null);
            list = false;
        } else if (name.isPresent()) {
            if (selector.isPresent()) {
                throw new UsageException("give a NAME or -l SELECTOR, not both");
            }
            path = ObjectName.parse(kind, name.get(), namespace).path(kind);
            list = false;
        } else {
            path = listPath(kind, namespace, selector);
            list = true;
        }
        JsonNode body = session.require(session.api().get(path));
        if (output.write(body, session.console().out())) {
            return Cli.OK;
        }
        List<JsonNode> items = list ? items(body) : List.of(body);
        Table table = ObjectTables.of(kind, items);
        if (table.isEmpty()) {
            session.console().err().println("No " + kind.plural() + " found"
                    + namespace.map(ns -> " in namespace " + ns).orElse("")
                    + selector.map(s -> " matching " + s).orElse("") + ".");
        } else {
            session.console().out().print(table.render());
        }
        return Cli.OK;
    }

    private static String listPath(ObjectKind kind, Optional<String> namespace, Optional<String> selector) {
        String path = ApiClient.path(kind.plural());
        List<String> query = new ArrayList<>();
        if (kind == ObjectKind.WORKLOAD) {
            namespace.ifPresent(ns -> query.add("namespace=" + ApiClient.encode(ns)));
            selector.ifPresent(s -> query.add("selector=" + ApiClient.encode(s)));
        } else if (namespace.isPresent()) {
            path = ApiClient.path(kind.plural(), namespace.get());
        }
        return query.isEmpty() ? path : path + "?" + String.join("&", query);
    }

    /** The objects of a list answer: its {@code items} (or the answer itself if it is an array). */
    static List<JsonNode> items(JsonNode body) {
        JsonNode items = body.isArray() ? body : body.path("items");
        List<JsonNode> result = new ArrayList<>();
        items.forEach(result::add);
        return result;
    }
}
