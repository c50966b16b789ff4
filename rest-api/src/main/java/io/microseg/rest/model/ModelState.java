package io.microseg.rest.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Problem;
import io.microseg.rest.ModelListener;
import io.microseg.rest.dto.Json;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.SqliteStore;
import io.microseg.rest.store.StoreException;
import io.microseg.rest.store.StoredObject;
import io.microseg.rest.store.Write;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in force and the only way to change it. Writes are serialized: each is checked (resource versions,
 * then {@code PolicyModel.validate()} of the would-be model), committed to the store, published as the new
 * {@link Snapshot}, and handed to the {@link ModelListener}, in revision order. Reads take the current snapshot
 * without locking. A refused write throws {@link Rejection} and changes nothing.
 */
public final class ModelState {

    private static final Logger LOG = LoggerFactory.getLogger(ModelState.class);

    private final SqliteStore store;
    private final ModelListener listener;
    private final Clock clock;
    private final Timer commitTimer;
    private volatile Snapshot snapshot;

    private ModelState(SqliteStore store, ModelListener listener, Clock clock, MeterRegistry registry, Snapshot loaded) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
        this.commitTimer = Timer.builder("microseg.store.commit").description("time to commit one model revision")
                .register(registry);
        this.snapshot = loaded;
        registry.gauge("microseg.model.revision", this, state -> state.snapshot.revision());
    }

    /**
     * Loads the model from the store.
     *
     * @throws StoreException if a stored object or the stored model is invalid (the store is left as it is)
     */
    public static ModelState load(SqliteStore store, ModelListener listener, Clock clock, MeterRegistry registry) {
        Map<Kind, TreeMap<String, Entry>> objects = new EnumMap<>(Kind.class);
        List<String> problems = new ArrayList<>();
        for (StoredObject stored : store.objects()) {
            Object dto = Json.read(stored.body(), Codecs.dtoClass(stored.kind()));
            FieldProblems fieldProblems = new FieldProblems();
            Object domain = Codecs.toDomain(stored.kind(), stored.key(), dto, fieldProblems);
            fieldProblems.list().forEach(p -> problems.add(stored.kind() + "/" + stored.key() + " " + p));
            objects.computeIfAbsent(stored.kind(), k -> new TreeMap<>()).put(stored.key(), new Entry(stored.kind(),
                    stored.key(), dto, domain, stored.resourceVersion(), stored.updatedAt(), stored.body()));
        }
        Snapshot loaded = Snapshot.of(store.revision(), objects);
        if (problems.isEmpty()) {
            loaded.model().validate().forEach(p -> problems.add(loaded.locate(p).toString()));
        }
        if (!problems.isEmpty()) {
            throw new StoreException("the stored model is invalid: " + problems, null);
        }
        return new ModelState(store, listener, clock, registry, loaded);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public PolicyModel model() {
        return snapshot.model();
    }

    /** Applies changes as one revision, or none of them. */
    public synchronized Commit apply(String actor, List<Change> changes) {
        Snapshot current = snapshot;
        Prepared prepared = prepare(current, changes);
        if (prepared.writes().isEmpty()) {
            return new Commit(current.revision(), prepared.outcomes(), CompletableFuture.completedFuture(null));
        }
        List<Problem> problems = prepared.candidate().model().validate();
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Cause.INVALID, problems.size() + " problem(s) in the resulting model",
                    problems.stream().map(prepared.candidate()::locate).toList());
        }
        return commit(actor, prepared);
    }

    /** The problems the model would have after these changes, which are not applied. */
    public List<FieldError> check(List<Change> changes) {
        Prepared prepared = prepare(snapshot, changes);
        return prepared.candidate().model().validate().stream().map(prepared.candidate()::locate).toList();
    }

    /**
     * Applies as many of the changes as make a valid model, as one revision; refuses the others, each with the
     * problems it caused (keyed by {@code kind/key}). Version checks are not made: for imports.
     */
    public synchronized BestEffort applyBestEffort(String actor, List<Change> changes) {
        Snapshot current = snapshot;
        List<Change> remaining = new ArrayList<>(changes);
        Map<String, List<FieldError>> refused = new java.util.LinkedHashMap<>();
        for (int round = 0; round <= changes.size(); round++) {
            Prepared prepared = prepare(current, remaining);
            if (prepared.writes().isEmpty()) {
                return new BestEffort(new Commit(current.revision(), prepared.outcomes(),
                        CompletableFuture.completedFuture(null)), refused);
            }
            List<FieldError> errors = prepared.candidate().model().validate().stream()
                    .map(prepared.candidate()::locate).toList();
            if (errors.isEmpty()) {
                return new BestEffort(commit(actor, prepared), refused);
            }
            List<Change> culprits = remaining.stream().filter(change -> errors.stream()
                    .anyMatch(error -> error.object().equals(change.kind().plural() + "/" + change.key()))).toList();
            if (culprits.isEmpty()) {
                remaining = oneByOne(current, remaining, refused);
            } else {
                for (Change culprit : culprits) {
                    String object = culprit.kind().plural() + "/" + culprit.key();
                    refused.put(object, errors.stream().filter(error -> error.object().equals(object)).toList());
                }
                remaining.removeAll(culprits);
            }
        }
        throw new IllegalStateException("best-effort apply did not converge");
    }

    /** Keeps each change that, added to those kept so far, leaves the model valid; for problems not on a change. */
    private List<Change> oneByOne(Snapshot current, List<Change> changes, Map<String, List<FieldError>> refused) {
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            List<Change> trial = new ArrayList<>(kept);
            trial.add(change);
            Prepared prepared = prepare(current, trial);
            List<Problem> problems = prepared.candidate().model().validate();
            if (problems.isEmpty()) {
                kept.add(change);
            } else {
                refused.put(change.kind().plural() + "/" + change.key(),
                        problems.stream().map(prepared.candidate()::locate).toList());
            }
        }
        return kept;
    }

    private Commit commit(String actor, Prepared prepared) {
        Snapshot candidate = prepared.candidate();
        commitTimer.record(() -> store.commit(candidate.revision(), prepared.at(), actor, prepared.writes()));
        snapshot = candidate;
        return new Commit(candidate.revision(), prepared.outcomes(), notifyListener(candidate));
    }

    /** The objects after the changes, the writes and outcomes; throws on a version conflict or a missing object. */
    private Prepared prepare(Snapshot current, List<Change> changes) {
        long revision = current.revision() + 1;
        Instant now = clock.instant();
        Map<Kind, TreeMap<String, Entry>> next = new EnumMap<>(Kind.class);
        current.objects().forEach((kind, entries) -> next.put(kind, new TreeMap<>(entries)));
        List<Write> writes = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Change change : changes) {
            Entry existing = next.get(change.kind()).get(change.key());
            String object = change.kind().plural() + "/" + change.key();
            checkVersion(change, existing, object);
            if (change.isDelete()) {
                if (existing == null) {
                    throw new Rejection(Rejection.Cause.NOT_FOUND, "no such object: " + object);
                }
                next.get(change.kind()).remove(change.key());
                writes.add(new Write(change.kind(), change.key(), Optional.of(existing.body()), Optional.empty()));
                outcomes.add(new Outcome(change.kind(), change.key(), Outcome.Result.DELETED, Optional.empty()));
                continue;
            }
            Object dto = Codecs.withIdentity(change.kind(), change.key(), change.dto().get(), null);
            String body = Json.write(dto);
            if (existing != null && existing.body().equals(body)) {
                outcomes.add(new Outcome(change.kind(), change.key(), Outcome.Result.UNCHANGED, Optional.of(existing)));
                continue;
            }
            Entry entry = new Entry(change.kind(), change.key(), dto, change.domain().get(), revision, now, body);
            next.get(change.kind()).put(change.key(), entry);
            writes.add(new Write(change.kind(), change.key(), Optional.ofNullable(existing).map(Entry::body),
                    Optional.of(body)));
            outcomes.add(new Outcome(change.kind(), change.key(),
                    existing == null ? Outcome.Result.CREATED : Outcome.Result.UPDATED, Optional.of(entry)));
        }
        return new Prepared(Snapshot.of(revision, next), now, writes, outcomes);
    }

    private record Prepared(Snapshot candidate, Instant at, List<Write> writes, List<Outcome> outcomes) {
    }

    /** The commit of the accepted changes and the problems of each refused one, by {@code kind/key}. */
    public record BestEffort(Commit commit, Map<String, List<FieldError>> refused) {
        public BestEffort {
            Objects.requireNonNull(commit, "commit");
            refused = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(refused));
        }
    }

    /** A stated version must be the object's; 0 states that the object must not exist yet. */
    private static void checkVersion(Change change, Entry existing, String object) {
        if (change.expectedVersion().isEmpty()) {
            return;
        }
        long expected = change.expectedVersion().get();
        if (existing == null && expected == 0) {
            return;
        }
        if (existing == null) {
            throw new Rejection(Rejection.Cause.CONFLICT, object + " does not exist, but resourceVersion " + expected
                    + " was given", List.of(new FieldError(object, "resourceVersion", "no such object")));
        }
        if (existing.resourceVersion() != expected) {
            throw new Rejection(Rejection.Cause.CONFLICT, object + " is at resourceVersion " + existing.resourceVersion()
                    + ", not " + expected, List.of(new FieldError(object, "resourceVersion",
                    "stale: the object is at " + existing.resourceVersion())));
        }
    }

    private CompletableFuture<Void> notifyListener(Snapshot published) {
        try {
            CompletionStage<?> stage = listener.modelChanged(published.model(), published.revision());
            return stage.toCompletableFuture().thenApply(ignored -> null);
        } catch (RuntimeException e) {
            LOG.error("model listener failed on revision {}", published.revision(), e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
