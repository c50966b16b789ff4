package io.microseg.controller.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./microseg apply|get|delete|explain|status|confirm}: a kubectl-like client of the controller's REST API. Exit
 * codes: 0 done, 1 the server refused (or could not be reached), 2 the command line or a manifest is wrong.
 */
public final class Cli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final Map<String, Command> COMMANDS = commands(new ApplyCommand(), new GetCommand(),
            new DeleteCommand(), new ExplainCommand(), new StatusCommand(), new ConfirmCommand());

    static final String USAGE_TEXT = """
            usage: ./microseg COMMAND [ARGS] [--server URL] [--token TOKEN] [--data-dir DIR]

            Commands for a running controller (its REST API):
              apply -f FILE [--wait]           create or update objects from YAML or JSON manifests (-f - for stdin)
              get KIND [NAME] [-o json|yaml]   list or show objects, the status or the topology
              delete KIND NAME [--wait]        delete an object
              explain FROM TO PROTO[/PORT]     whether a connection is allowed, and which rule decided
              status                           switches connected and in sync, model revision
              confirm NS/NAME [--dpid D --port N]  bind a workload to its pending sighting (learning: confirm)

            Global options:
              --server URL     the API (default $MICROSEG_SERVER, else http://127.0.0.1:8181)
              --token TOKEN    bearer token (default $MICROSEG_TOKEN, else DIR/admin.token for --data-dir DIR,
                               else data/admin.token, which the controller writes on its first start)
              --data-dir DIR   the controller's data directory, to read its admin.token
              -h, --help       help for a command, with examples: ./microseg get --help

            Exit codes: 0 done, 1 refused by the server or not reachable, 2 usage or manifest error.
            """;

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), Console.system()));
    }

    /** Runs one command line; answers the exit code. */
    static int run(List<String> args, Console console) {
        if (args.isEmpty()) {
            console.err().print(USAGE_TEXT);
            return USAGE;
        }
        String name = args.get(0);
        if (List.of("help", "-h", "--help").contains(name)) {
            console.out().print(USAGE_TEXT);
            return OK;
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            console.err().println("error: unknown command '" + name + "' (apply, get, delete, explain, status, confirm)");
            return USAGE;
        }
        try {
            CommandLine line = CommandLine.parse(args.subList(1, args.size()),
                    CommandLine.Spec.GLOBAL.plus(command.options()));
            if (line.has("help")) {
                console.out().print(command.help());
                return OK;
            }
            Session session = new Session(console, new ApiClient(Connection.resolve(line, console)));
            return command.run(line, session);
        } catch (UsageException e) {
            console.err().println("error: " + e.getMessage());
            console.err().println("see ./microseg " + name + " --help");
            return USAGE;
        } catch (ManifestException e) {
            console.err().println("error: nothing was applied; the manifests have problems:");
            e.problems().forEach(problem -> console.err().println("  " + problem));
            return USAGE;
        } catch (CliFailure e) {
            e.lines().forEach(console.err()::println);
            return FAILED;
        }
    }

    private static Map<String, Command> commands(Command... commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command command : commands) {
            byName.put(command.name(), command);
        }
        return Map.copyOf(byName);
    }
}
