package io.microseg.rest.http;

import io.microseg.rest.auth.Caller;
import io.microseg.rest.model.Change;
import io.microseg.rest.model.Codecs;
import io.microseg.rest.model.Entry;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.FieldProblems;
import io.microseg.rest.model.ModelState;
import io.microseg.rest.model.Rejection;
import io.microseg.rest.model.Snapshot;
import io.microseg.rest.store.Kind;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The get, list, put and delete every object resource shares; resources only name the kind and key. */
public final class ObjectEndpoints {

    private final ModelState state;
    private final Bodies bodies;
    private final Writes writes;

    public ObjectEndpoints(ModelState state, Bodies bodies, Writes writes) {
        this.state = state;
        this.bodies = bodies;
        this.writes = writes;
    }

    public ModelState state() {
        return state;
    }

    public Response get(Kind kind, String key) {
        Entry entry = state.snapshot().get(kind, key).orElseThrow(() -> new Rejection(Rejection.Cause.NOT_FOUND,
                "no such object: " + kind.plural() + "/" + key));
        return Response.ok(entry.view()).header("X-Microseg-Revision", entry.resourceVersion()).build();
    }

    public Response list(Kind kind, Predicate<Entry> filter) {
        Snapshot snapshot = state.snapshot();
        List<Object> items = new ArrayList<>();
        for (Entry entry : snapshot.list(kind)) {
            if (filter.test(entry)) {
                items.add(entry.view());
            }
        }
        return Response.ok(Map.of("revision", snapshot.revision(), "items", items)).build();
    }

    /** The objects of one namespace; a namespace that does not exist (other than "default") is a 404, not an empty list. */
    public Response listInNamespace(Kind kind, String namespace, Predicate<Entry> filter) {
        Snapshot snapshot = state.snapshot();
        if (!namespace.equals(io.microseg.flowrules.policy.Namespace.DEFAULT) && snapshot.get(Kind.NAMESPACE, namespace).isEmpty()) {
            throw new Rejection(Rejection.Cause.NOT_FOUND, "no such namespace: " + namespace);
        }
        List<Object> items = new ArrayList<>();
        for (Entry entry : snapshot.list(kind)) {
            if (filter.test(entry)) {
                items.add(entry.view());
            }
        }
        return Response.ok(Map.of("revision", snapshot.revision(), "items", items)).build();
    }

    public Response put(Kind kind, String namespace, String name, InputStream body, MediaType type, Caller caller,
            String wait) {
        boolean waiting = Writes.waitRequested(wait);
        String key = namespace == null ? name : Codecs.key(namespace, name);
        Object dto = bodies.read(body, type, Codecs.dtoClass(kind));
        String object = kind.plural() + "/" + key;
        FieldProblems problems = new FieldProblems();
        String[] stated = Codecs.statedIdentity(kind, dto);
        if (stated[0] != null && !stated[0].equals(namespace)) {
            problems.add("namespace", "the body says namespace '" + stated[0] + "' but the URL says '" + namespace + "'");
        }
        if (stated[1] != null && !stated[1].equals(name)) {
            problems.add("name", "the body says name '" + stated[1] + "' but the URL says '" + name + "'");
        }
        Object domain = Codecs.toDomain(kind, key, dto, problems);
        Change change = Change.put(kind, key, dto, domain, Codecs.statedVersion(kind, dto));
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Cause.INVALID, "problems in " + object, allProblems(object, problems, change));
        }
        return writes.single(state.apply(caller.name(), List.of(change)), waiting);
    }

    /**
     * The field problems and, so that all are reported at once, the model's problems with what could be converted
     * (those about a field already named or its parent are left out, as they follow from the first; so are those in a
     * list that lost an element to a field problem, whose indexes would be shifted).
     */
    private List<FieldError> allProblems(String object, FieldProblems problems, Change partial) {
        List<FieldError> errors = new ArrayList<>(problems.list().stream()
                .map(p -> new FieldError(object, p.path(), p.message())).toList());
        List<String> named = errors.stream().map(FieldError::field).toList();
        for (FieldError error : state.check(List.of(new Change(partial.kind(), partial.key(), partial.dto(),
                partial.domain(), java.util.Optional.empty())))) {
            if (error.object().equals(object) && !follows(error.field(), named)) {
                errors.add(error);
            }
        }
        return errors;
    }

    /**
     * Whether a model problem at {@code field} follows from a field problem of the same object already named: about
     * that field or its parent, or in a list that lost an element to a field problem (its indexes are shifted).
     */
    static boolean follows(String field, List<String> named) {
        for (String problem : named) {
            if (problem.startsWith(field) || field.startsWith(problem)) {
                return true;
            }
            for (int bracket = problem.indexOf('['); bracket >= 0; bracket = problem.indexOf('[', bracket + 1)) {
                if (field.startsWith(problem.substring(0, bracket + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    public Response delete(Kind kind, String key, String resourceVersion, Caller caller, String wait) {
        boolean waiting = Writes.waitRequested(wait);
        Change change = Change.delete(kind, key, parseVersion(resourceVersion));
        return writes.single(state.apply(caller.name(), List.of(change)), waiting);
    }

    static Long parseVersion(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Rejection(Rejection.Cause.MALFORMED, "resourceVersion must be a number: " + text,
                    List.of(new FieldError("", "?resourceVersion", "must be a number")));
        }
    }
}
