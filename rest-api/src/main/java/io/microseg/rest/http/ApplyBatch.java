package io.microseg.rest.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.rest.auth.Role;
import io.microseg.rest.dto.ApplyDto;
import io.microseg.rest.dto.Json;
import io.microseg.rest.model.Change;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.FieldProblems;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.store.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The items of a {@code POST /apply} read into changes, with every problem of every item: what cannot be read as its
 * kind's body (a 400, as for a {@code PUT}), and what is read but wrong (a 422). Problems name the object
 * ({@code workloads/prod/web1}) and the path in the request ({@code items[3].spec.ips[0]}).
 */
final class ApplyBatch {

    /** Kinds only an admin may write, as with their own endpoints. */
    private static final Set<Kind> ADMIN_KINDS = Set.of(Kind.ENFORCEMENT, Kind.TIERS, Kind.SETTINGS);

    /** Where an object of the batch came from: its item, and whether the item (not its spec) stated the version. */
    private record Placed(int index, boolean delete, boolean versionOnItem) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final List<FieldError> problems = new ArrayList<>();
    private final Map<String, Placed> placed = new HashMap<>();
    /** Per object, the body fields (as the model names them) that had a problem. */
    private final Map<String, List<String>> fieldsWithProblems = new HashMap<>();
    private boolean malformed;
    private Role required = Role.OPERATOR;

    private ApplyBatch() {
    }

    static ApplyBatch of(ApplyDto request) {
        ApplyBatch batch = new ApplyBatch();
        for (int i = 0; i < request.items().size(); i++) {
            batch.add(i, request.items().get(i));
        }
        return batch;
    }

    /** The changes of the items that could be read (all of them when there is no problem). */
    List<Change> changes() {
        return changes;
    }

    List<FieldError> problems() {
        return problems;
    }

    /** Some spec could not be read as its kind's body: the request is malformed (400) rather than invalid (422). */
    boolean malformed() {
        return malformed;
    }

    /** The role the items need: admin if one is an enforcement setting, the tiers or the settings. */
    Role required() {
        return required;
    }

    /** Whether a problem the model reported follows from a field problem of its object already reported. */
    boolean follows(FieldError modelProblem) {
        List<String> fields = fieldsWithProblems.get(modelProblem.object());
        return fields != null && ObjectEndpoints.follows(modelProblem.field(), fields);
    }

    /** A problem the model reported as {@code object} and body field, at its item's path in the request. */
    FieldError locate(FieldError error) {
        Placed item = placed.get(error.object());
        if (item == null) {
            return error;
        }
        String prefix = "items[" + item.index() + "]";
        if (error.field().equals("resourceVersion") && (item.versionOnItem() || item.delete())) {
            return new FieldError(error.object(), prefix + ".resourceVersion", error.message());
        }
        if (item.delete()) {
            return new FieldError(error.object(), prefix, error.message());
        }
        return new FieldError(error.object(), spec(prefix + ".spec", error.field()), error.message());
    }

    /** The same rejection with each problem at its item's path. */
    Rejection locate(Rejection rejection) {
        return new Rejection(rejection.reason(), rejection.getMessage(),
                rejection.errors().stream().map(this::locate).toList());
    }

    private void add(int index, ApplyDto.ItemDto item) {
        String at = "items[" + index + "]";
        if (item == null) {
            problems.add(new FieldError("", at, "an object is required"));
            return;
        }
        Kind kind = kind(item.kind(), at);
        if (kind == null) {
            return;
        }
        if (ADMIN_KINDS.contains(kind)) {
            required = Role.ADMIN;
        }
        if (item.isDelete()) {
            delete(index, at, kind, item);
        } else {
            put(index, at, kind, item);
        }
    }

    private void delete(int index, String at, Kind kind, ApplyDto.ItemDto item) {
        if (kind == Kind.TIERS || kind == Kind.SETTINGS) {
            problems.add(new FieldError(kind.plural() + "/" + Codecs.SINGLETON, at + ".delete",
                    kind + " cannot be deleted; put the defaults instead"));
            return;
        }
        if (item.spec() != null) {
            problems.add(new FieldError("", at + ".spec", "a delete takes no spec"));
        }
        String key = key(at, kind, item.namespace(), item.name());
        if (key != null && place(at, kind, key, new Placed(index, true, item.resourceVersion() != null))) {
            changes.add(Change.delete(kind, key, item.resourceVersion()));
        }
    }

    private void put(int index, String at, Kind kind, ApplyDto.ItemDto item) {
        JsonNode spec = item.spec();
        if (spec == null || spec.isNull()) {
            problems.add(new FieldError("", at + ".spec", "is required: the body a PUT of " + kind
                    + " takes ({} for the defaults), or delete: true"));
            return;
        }
        if (!spec.isObject()) {
            malformed = true;
            problems.add(new FieldError("", at + ".spec", "expected an object"));
            return;
        }
        Object dto;
        try {
            dto = Json.json().treeToValue(spec, Codecs.dtoClass(kind));
        } catch (IOException e) {
            malformed = true;
            String object = item.name() == null ? "" : kind.plural() + "/" + (item.namespace() == null ? ""
                    : item.namespace() + "/") + item.name();
            Bodies.malformed(e, "JSON").errors().forEach(error ->
                    problems.add(new FieldError(object, spec(at + ".spec", error.field()), error.message())));
            return;
        }
        String[] stated = Codecs.statedIdentity(kind, dto);
        String namespace = agree(at, "namespace", item.namespace(), stated[0]);
        String name = agree(at, "name", item.name(), stated[1]);
        String key = key(at, kind, namespace, name);
        Long statedVersion = Codecs.statedVersion(kind, dto);
        Long version = item.resourceVersion() != null ? item.resourceVersion() : statedVersion;
        if (key == null) {
            return;
        }
        String object = kind.plural() + "/" + key;
        if (item.resourceVersion() != null && statedVersion != null && !statedVersion.equals(item.resourceVersion())) {
            problems.add(new FieldError(object, at + ".resourceVersion", "the item says " + item.resourceVersion()
                    + " but its spec says " + statedVersion));
        }
        if (!place(at, kind, key, new Placed(index, false, item.resourceVersion() != null))) {
            return;
        }
        FieldProblems fieldProblems = new FieldProblems();
        Object domain = Codecs.toDomain(kind, key, dto, fieldProblems);
        fieldProblems.list().forEach(problem -> {
            problems.add(new FieldError(object, spec(at + ".spec", problem.path()), problem.message()));
            fieldsWithProblems.computeIfAbsent(object, o -> new ArrayList<>()).add(problem.path());
        });
        changes.add(Change.put(kind, key, dto, domain, version));
    }

    private Kind kind(String text, String at) {
        if (text == null) {
            problems.add(new FieldError("", at + ".kind", "is required: one of " + kinds()));
            return null;
        }
        for (Kind kind : Kind.values()) {
            if (kind.plural().equals(text)) {
                return kind;
            }
        }
        problems.add(new FieldError("", at + ".kind", "unknown kind '" + text + "': one of " + kinds()));
        return null;
    }

    private static String kinds() {
        return String.join(", ", Arrays.stream(Kind.values()).map(Kind::plural).toList());
    }

    /** The item's value of an identity field, or its spec's; both must agree. */
    private String agree(String at, String field, String onItem, String inSpec) {
        if (onItem != null && inSpec != null && !onItem.equals(inSpec)) {
            problems.add(new FieldError("", at + ".spec." + field, "the spec says " + field + " '" + inSpec
                    + "' but the item says '" + onItem + "'"));
        }
        return onItem != null ? onItem : inSpec;
    }

    /** The store key of an item's object, or null after recording why it has none. */
    private String key(String at, Kind kind, String namespace, String name) {
        boolean singleton = kind == Kind.TIERS || kind == Kind.SETTINGS;
        boolean namespaced = kind == Kind.WORKLOAD || kind == Kind.NETWORK_POLICY;
        int before = problems.size();
        if (singleton) {
            if (name != null) {
                problems.add(new FieldError("", at + ".name", kind + " is a single object and takes no name"));
            }
        } else {
            checkPart(at + ".name", name);
        }
        if (namespaced) {
            checkPart(at + ".namespace", namespace);
        } else if (namespace != null) {
            problems.add(new FieldError("", at + ".namespace", "only workloads and networkpolicies have a namespace"));
        }
        if (problems.size() > before) {
            return null;
        }
        return singleton ? Codecs.SINGLETON : namespaced ? Codecs.key(namespace, name) : name;
    }

    private void checkPart(String at, String value) {
        if (value == null || value.isEmpty()) {
            problems.add(new FieldError("", at, "is required"));
        } else if (value.indexOf('/') >= 0) {
            problems.add(new FieldError("", at, "must not contain '/'"));
        }
    }

    /** Records where an object came from; false (and a problem) if an earlier item has the same object. */
    private boolean place(String at, Kind kind, String key, Placed item) {
        String object = kind.plural() + "/" + key;
        Placed earlier = placed.putIfAbsent(object, item);
        if (earlier != null) {
            problems.add(new FieldError(object, at, "the same object as items[" + earlier.index() + "]"));
            return false;
        }
        return true;
    }

    private static String spec(String prefix, String field) {
        if (field.isEmpty()) {
            return prefix;
        }
        return field.startsWith("[") ? prefix + field : prefix + "." + field;
    }
}
