package io.microseg.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code apply -f FILE}: sends all of our objects in one {@code POST /api/v1/apply}, so that they are validated
 * together and applied all or nothing, as one revision (one compilation, one push per switch); the Kubernetes objects
 * go as one {@code List} to the import endpoint, which takes what it can. With both, our settings, tiers and
 * namespaces go first, then the import, then our other objects, so that each side can use the other's namespaces.
 * One line per object; a refused batch with every problem, at the manifest document it came from.
 */
final class ApplyCommand implements Command {

    static final String IMPORT_PATH = "/api/v1/import/kubernetes";
    static final String APPLY_PATH = "/api/v1/apply";
    private static final Pattern ITEM_FIELD = Pattern.compile("^items\\[(\\d+)\\]\\.?(.*)$");

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public CommandLine.Spec options() {
        return new CommandLine.Spec(Map.of("-f", "file", "--filename", "file"), Map.of("--wait", "wait"));
    }

    @Override
    public String help() {
        return """
                usage: ./microseg apply -f FILE [-f FILE...] [--wait]

                Creates or updates the objects of YAML (several documents, separated by ---) or JSON manifests.
                Our objects:  apiVersion: microseg.io/v1, kind: Namespace | Workload | Segment | Policy |
                              Enforcement | Settings | Tiers, metadata.name (metadata.namespace for a Workload,
                              default "default"), spec: the REST body; metadata.labels go into a Namespace's or
                              Workload's labels. They are applied together, all or nothing, as one revision
                              (POST /api/v1/apply): one problem anywhere and nothing changes.
                Kubernetes:   apiVersion: v1 / networking.k8s.io/v1, kind: Namespace | Pod | NetworkPolicy, or a
                              List of them (kubectl get ns,pods,netpol -A -o yaml) are imported in one revision;
                              the import takes every object it can and refuses the others.

                Options:
                  -f, --filename FILE   a manifest, a directory of *.yaml/*.yml/*.json, or - for stdin; repeatable
                  --wait                wait until the switches enforce the change, and print how long it took

                Examples:
                  ./microseg apply -f examples/three-tier.yaml
                  ./microseg apply -f policies/ --wait
                  kubectl get ns,pods,netpol -A -o yaml | ./microseg apply -f -
                  cat <<'YAML' | ./microseg apply -f -
                  apiVersion: microseg.io/v1
                  kind: Policy
                  metadata: {name: web-tier}
                  spec:
                    tier: application
                    priority: 100
                    appliedTo: {segment: web}
                    ingress:
                    - action: allow
                      from: [{segment: lb}]
                      ports: [{protocol: TCP, port: 443}]
                  YAML
                """;
    }

    @Override
    public int run(CommandLine line, Session session) {
        line.expectPositionals(0, 0, "only -f FILE");
        List<String> files = line.values("file");
        if (files.isEmpty()) {
            throw new UsageException("apply needs -f FILE (or -f - for stdin)");
        }
        List<ManifestObject> objects = ManifestReader.read(ManifestSources.read(files, session.console()));
        String query = line.has("wait") ? "?wait=true" : "";
        List<ManifestObject.Native> natives = objects.stream()
                .filter(ManifestObject.Native.class::isInstance).map(ManifestObject.Native.class::cast)
                .sorted(Comparator.comparing(ManifestObject.Native::kind)).toList();
        List<ManifestObject.Kubernetes> kubernetes = objects.stream()
                .filter(ManifestObject.Kubernetes.class::isInstance).map(ManifestObject.Kubernetes.class::cast)
                .toList();
        if (kubernetes.isEmpty()) {
            return apply(natives, query, session) ? Cli.OK : Cli.FAILED;
        }
        List<ManifestObject.Native> first = natives.stream()
                .filter(object -> object.kind().compareTo(ObjectKind.NAMESPACE) <= 0).toList();
        List<ManifestObject.Native> rest = natives.subList(first.size(), natives.size());
        if (!first.isEmpty() && !apply(first, query, session)) {
            return Cli.FAILED;
        }
        boolean allDone = importKubernetes(kubernetes, query, session);
        if (!rest.isEmpty()) {
            allDone &= apply(rest, query, session);
        }
        return allDone ? Cli.OK : Cli.FAILED;
    }

    /** Our objects in one request: one line each, or every problem when the server refuses them all. */
    private static boolean apply(List<ManifestObject.Native> objects, String query, Session session) {
        if (objects.isEmpty()) {
            return true;
        }
        ObjectNode request = Output.JSON.createObjectNode();
        ArrayNode items = request.putArray("items");
        for (ManifestObject.Native object : objects) {
            ObjectNode item = items.addObject().put("kind", object.kind().plural());
            if (object.kind().scope() == ObjectKind.Scope.NAMESPACED) {
                item.put("namespace", object.namespace());
            }
            if (object.kind().scope() != ObjectKind.Scope.SINGLETON) {
                item.put("name", object.name());
            }
            item.set("spec", object.body());
        }
        ApiReply reply = session.api().post(APPLY_PATH + query, request);
        if (!reply.ok()) {
            refused(objects, reply, session);
            return false;
        }
        JsonNode body = reply.json();
        Waited waited = Waited.of(body.path("applied"));
        JsonNode results = body.path("items");
        PrintStream out = session.console().out();
        for (int i = 0; i < objects.size(); i++) {
            String result = results.path(i).path("result").asText("applied");
            out.println(objects.get(i).display() + " " + resultWord(result) + waited.suffix());
        }
        return waited.enforced();
    }

    /** A refused batch: the headline, then each problem at the document it came from; nothing was applied. */
    private static void refused(List<ManifestObject.Native> objects, ApiReply reply, Session session) {
        if (reply.status() == 401) {
            throw new CliFailure(session.errorLines(reply));
        }
        PrintStream err = session.console().err();
        List<String> described = ServerErrors.describe(reply, session.api().connection());
        err.println("apply refused, nothing was applied: " + described.get(0));
        JsonNode errors = reply.json().path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            described.subList(1, described.size()).forEach(err::println);
            return;
        }
        for (JsonNode error : errors) {
            Matcher item = ITEM_FIELD.matcher(error.path("field").asText(""));
            int index = item.matches() ? Integer.parseInt(item.group(1)) : -1;
            if (index < 0 || index >= objects.size()) {
                err.println("  " + ServerErrors.fieldError(error));
                continue;
            }
            ManifestObject.Native object = objects.get(index);
            String field = item.group(2);
            err.println("  " + object.origin() + " (" + object.display() + "): " + (field.isEmpty() ? "" : field + ": ")
                    + error.path("message").asText(""));
        }
    }

    private static boolean importKubernetes(List<ManifestObject.Kubernetes> objects, String query, Session session) {
        ObjectNode list = Output.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        ArrayNode items = list.putArray("items");
        objects.forEach(object -> items.add(object.document()));
        ApiReply reply = session.api().post(IMPORT_PATH + query, list);
        if (!reply.ok()) {
            for (ManifestObject.Kubernetes object : objects) {
                refusedImport(object.display(), reply, session);
            }
            return false;
        }
        JsonNode body = reply.json();
        boolean allImported = true;
        for (ManifestObject.Kubernetes object : objects) {
            JsonNode refusal = refusalOf(object, body.path("refused"));
            if (refusal == null) {
                session.console().out().println(object.display() + " imported");
            } else {
                allImported = false;
                session.console().err().println(object.display() + " refused");
                for (JsonNode problem : refusal.path("problems")) {
                    session.console().err().println("  " + ServerErrors.fieldError(problem));
                }
            }
        }
        Waited waited = Waited.of(body.path("applied"));
        session.console().out().println("kubernetes import: " + counts(body) + waited.suffix());
        return allImported && waited.enforced();
    }

    private static JsonNode refusalOf(ManifestObject.Kubernetes object, JsonNode refused) {
        for (JsonNode refusal : refused) {
            boolean sameNamespace = object.namespace() == null
                    ? !refusal.path("namespace").isTextual() || refusal.path("namespace").asText().isEmpty()
                    : object.namespace().equals(refusal.path("namespace").asText(null));
            if (object.kind().equalsIgnoreCase(refusal.path("kind").asText(""))
                    && object.name().equals(refusal.path("name").asText(null)) && sameNamespace) {
                return refusal;
            }
        }
        return null;
    }

    /** {@code created 1 namespace, 2 pods; unchanged 1 networkpolicy}. */
    static String counts(JsonNode body) {
        List<String> parts = new ArrayList<>();
        for (String result : List.of("created", "updated", "unchanged")) {
            JsonNode counts = body.path(result);
            List<String> kinds = new ArrayList<>();
            addCount(kinds, counts.path("namespaces").asInt(0), "namespace", "namespaces");
            addCount(kinds, counts.path("pods").asInt(0), "pod", "pods");
            addCount(kinds, counts.path("networkPolicies").asInt(0), "networkpolicy", "networkpolicies");
            if (!kinds.isEmpty()) {
                parts.add(result + " " + String.join(", ", kinds));
            }
        }
        int refused = body.path("refused").size();
        if (refused > 0) {
            parts.add("refused " + refused);
        }
        return parts.isEmpty() ? "nothing to do" : String.join("; ", parts);
    }

    private static void addCount(List<String> kinds, int count, String one, String many) {
        if (count > 0) {
            kinds.add(count + " " + (count == 1 ? one : many));
        }
    }

    private static void refusedImport(String display, ApiReply reply, Session session) {
        if (reply.status() == 401) {
            throw new CliFailure(session.errorLines(reply));
        }
        List<String> described = ServerErrors.describe(reply, session.api().connection());
        session.console().err().println(display + " refused: " + described.get(0));
        described.subList(1, described.size()).forEach(session.console().err()::println);
    }

    /** kubectl's words: {@code created}, {@code configured}, {@code unchanged}. */
    static String resultWord(String result) {
        return switch (result) {
            case "updated" -> "configured";
            default -> result;
        };
    }

    /** The {@code applied} part of a write answer with {@code ?wait=true}; absent without it. */
    private record Waited(boolean present, boolean enforced, long millis, String error) {

        static Waited of(JsonNode applied) {
            if (!applied.isObject()) {
                return new Waited(false, true, 0, null);
            }
            return new Waited(true, applied.path("confirmed").asBoolean(false), applied.path("millis").asLong(0),
                    applied.path("error").asText(null));
        }

        String suffix() {
            if (!present) {
                return "";
            }
            return enforced ? " (enforced in " + millis + " ms)"
                    : " (committed but not enforced after " + millis + " ms: "
                            + Objects.requireNonNullElse(error, "no confirmation") + ")";
        }
    }
}
