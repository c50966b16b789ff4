package io.microseg.rest.model;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Problem;
import io.microseg.flowrules.policy.ValidatedModel;
import io.microseg.rest.ModelListener;
import io.microseg.rest.dto.Json;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.Revision;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model in force and the only way to change it. Writes are serialized through one writer thread: each is checked
 * (resource versions, then the validation of the would-be model) against the model as the writes before it left it,
 * and becomes its own revision. The writer commits the revisions it has staged while the previous commit was syncing
 * in one store transaction (group commit: one sync to disk for them all), then publishes each as the new
 * {@link Snapshot}, hands it to the {@link ModelListener} and answers its caller, in revision order. A caller is
 * answered only once its change is committed. Reads take the current snapshot without locking. A refused write throws
 * {@link Rejection} and changes nothing; it does not affect the writes staged with it.
 */
public final class ModelState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelState.class);

    /** At most this many writes are staged into one transaction. */
    private static final int MAX_BATCH = 256;

    private final SqliteStore store;
    private final ModelListener listener;
    private final Clock clock;
    private final Timer commitTimer;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
    private final Thread writer;
    private boolean closed;
    private volatile Snapshot snapshot;
    /**
     * The model of {@link #snapshot} as validated (set with it, after it): what the next write is validated against,
     * so only its changes are checked. Any valid model gives the same problems; this one gives them fastest.
     */
    private volatile ValidatedModel validated;

    private ModelState(SqliteStore store, ModelListener listener, Clock clock, MeterRegistry registry, Snapshot loaded,
            ValidatedModel validated) {
        this.store = store;
        this.listener = listener;
        this.clock = clock;
        this.commitTimer = Timer.builder("microseg.store.commit")
                .description("time to commit one transaction of model revisions").register(registry);
        this.batchSizes = DistributionSummary.builder("microseg.store.commit.revisions")
                .description("model revisions committed in one transaction").register(registry);
        this.snapshot = loaded;
        this.validated = validated;
        registry.gauge("microseg.model.revision", this, state -> state.snapshot.revision());
        this.writer = new Thread(this::writeLoop, "microseg-model-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Loads the model from the store and starts the writer.
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
        ModelValidation.Validation validation = null;
        if (problems.isEmpty()) {
            validation = ModelValidation.validate(loaded.model(), ValidatedModel.EMPTY);
            validation.problems().forEach(p -> problems.add(loaded.locate(p).toString()));
        }
        if (!problems.isEmpty()) {
            throw new StoreException("the stored model is invalid: " + problems, null);
        }
        return new ModelState(store, listener, clock, registry, loaded, validation.orElseThrow());
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public PolicyModel model() {
        return snapshot.model();
    }

    /** The model in force as validated (it may lag {@link #snapshot()} by a moment while a write is published). */
    public ValidatedModel validated() {
        return validated;
    }

    /**
     * Applies changes as one revision, or none of them; returns once the revision is committed.
     *
     * @throws Rejection if a change is refused (nothing is applied)
     * @throws StoreException if the revision could not be committed (nothing is applied)
     */
    public Commit apply(String actor, List<Change> changes) {
        return submit(actor, tip -> {
            Prepared prepared = prepare(tip.snapshot(), changes);
            if (prepared.writes().isEmpty()) {
                return new Staged(prepared, Map.of(), tip.validated());
            }
            ModelValidation.Validation validation = validate(prepared.candidate(), tip.validated());
            if (!validation.problems().isEmpty()) {
                throw new Rejection(Rejection.Cause.INVALID, validation.problems().size()
                        + " problem(s) in the resulting model",
                        validation.problems().stream().map(prepared.candidate()::locate).toList());
            }
            return new Staged(prepared, Map.of(), validation.orElseThrow());
        }).commit();
    }

    /**
     * The problems these changes would have now, which are not applied: stale versions, deletes of missing objects,
     * and the problems of the model after the other changes.
     */
    public List<FieldError> check(List<Change> changes) {
        Snapshot current = snapshot;
        List<FieldError> errors = new ArrayList<>();
        List<Change> applicable = new ArrayList<>();
        for (Change change : changes) {
            Entry existing = current.get(change.kind(), change.key()).orElse(null);
            String object = change.kind().plural() + "/" + change.key();
            checkVersion(change, existing, object).ifPresent(stale -> errors.addAll(stale.errors()));
            if (change.isDelete() && existing == null) {
                errors.add(new FieldError(object, "", "no such object"));
                continue;
            }
            applicable.add(new Change(change.kind(), change.key(), change.dto(), change.domain(), Optional.empty()));
        }
        Prepared prepared = prepare(current, applicable);
        validate(prepared.candidate(), validated).problems().stream().map(prepared.candidate()::locate)
                .forEach(errors::add);
        return errors;
    }

    /**
     * Applies as many of the changes as make a valid model, as one revision; refuses the others, each with the
     * problems it caused (keyed by {@code kind/key}). Version checks are not made: for imports.
     */
    public BestEffort applyBestEffort(String actor, List<Change> changes) {
        Accepted accepted = submit(actor, tip -> bestEffort(tip, changes));
        return new BestEffort(accepted.commit(), accepted.refused());
    }

    private Staged bestEffort(Tip tip, List<Change> changes) {
        Snapshot current = tip.snapshot();
        List<Change> remaining = new ArrayList<>(changes);
        Map<String, List<FieldError>> refused = new java.util.LinkedHashMap<>();
        for (int round = 0; round <= changes.size(); round++) {
            Prepared prepared = prepare(current, remaining);
            if (prepared.writes().isEmpty()) {
                return new Staged(prepared, refused, tip.validated());
            }
            ModelValidation.Validation validation = validate(prepared.candidate(), tip.validated());
            List<FieldError> errors = validation.problems().stream().map(prepared.candidate()::locate).toList();
            if (errors.isEmpty()) {
                return new Staged(prepared, refused, validation.orElseThrow());
            }
            List<Change> culprits = remaining.stream().filter(change -> errors.stream()
                    .anyMatch(error -> error.object().equals(change.kind().plural() + "/" + change.key()))).toList();
            if (culprits.isEmpty()) {
                remaining = oneByOne(tip, remaining, refused);
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
    private List<Change> oneByOne(Tip tip, List<Change> changes, Map<String, List<FieldError>> refused) {
        List<Change> kept = new ArrayList<>();
        for (Change change : changes) {
            List<Change> trial = new ArrayList<>(kept);
            trial.add(change);
            Prepared prepared = prepare(tip.snapshot(), trial);
            List<Problem> problems = validate(prepared.candidate(), tip.validated()).problems();
            if (problems.isEmpty()) {
                kept.add(change);
            } else {
                refused.put(change.kind().plural() + "/" + change.key(),
                        problems.stream().map(prepared.candidate()::locate).toList());
            }
        }
        return kept;
    }

    /**
     * The validation of {@code candidate}, derived from {@code valid}: parts it shares with that valid model are not
     * checked on their own again (same problems as a full validation, see {@link ModelValidation#validate}). This is
     * the one validation of a write: the listener gets the {@link ValidatedModel} and compiles it as it is.
     */
    private static ModelValidation.Validation validate(Snapshot candidate, ValidatedModel valid) {
        return ModelValidation.validate(candidate.model(), valid);
    }

    /** Stops the writer once the writes submitted so far are done; later writes fail. */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Request.STOP);
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("the model writer did not stop within 10 s");
        }
    }

    /** Queues a write for the writer and waits until it is committed or refused. */
    private Accepted submit(String actor, Function<Tip, Staged> stage) {
        Request request = new Request(actor, stage, new CompletableFuture<>());
        synchronized (submitLock) {
            if (closed) {
                throw new StoreException("the model is closed", null);
            }
            queue.add(request);
        }
        try {
            return request.answer().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                cause.addSuppressed(new IllegalStateException("submitted here"));
                throw cause;
            }
            throw e;
        }
    }

    private void writeLoop() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                LOG.warn("the model writer was interrupted; writes are no longer accepted");
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            int stop = batch.indexOf(Request.STOP);
            try {
                writeBatch(stop < 0 ? batch : batch.subList(0, stop));
            } catch (RuntimeException | Error e) {
                LOG.error("the model writer failed on a batch of {} write(s)", batch.size(), e);
                batch.forEach(request -> request.answer().completeExceptionally(e));
            }
            if (stop >= 0) {
                return;
            }
        }
    }

    /**
     * Stages each request on the model the ones before it left, commits the revisions in one transaction, then
     * publishes, notifies and answers in order. A refusal is answered with the others, in order: it was decided on
     * the staged model, which is in force only once committed.
     */
    private void writeBatch(List<Request> batch) {
        Snapshot committed = snapshot;
        Snapshot tip = committed;
        ValidatedModel tipValidated = validated;
        List<Attempt> staged = new ArrayList<>(batch.size());
        List<Revision> revisions = new ArrayList<>(batch.size());
        for (Request request : batch) {
            Snapshot before = tip;
            try {
                Staged result = request.stage().apply(new Tip(before, tipValidated));
                if (!result.prepared().writes().isEmpty()) {
                    tip = result.prepared().candidate();
                    tipValidated = result.validated();
                    revisions.add(new Revision(tip.revision(), result.prepared().at(), request.actor(),
                            result.prepared().writes()));
                }
                staged.add(new Attempt(request, before, result, null));
            } catch (RuntimeException e) {
                staged.add(new Attempt(request, before, null, e));
            }
        }
        if (!revisions.isEmpty()) {
            try {
                commitTimer.record(() -> store.commit(revisions));
                batchSizes.record(revisions.size());
            } catch (RuntimeException e) {
                LOG.error("committing {} revision(s) failed; none is applied", revisions.size(), e);
                for (Attempt outcome : staged) {
                    boolean refusedOnCommitted = outcome.failure() != null && outcome.before() == committed;
                    outcome.request().answer().completeExceptionally(refusedOnCommitted ? outcome.failure() : e);
                }
                return;
            }
        }
        for (Attempt outcome : staged) {
            if (outcome.failure() != null) {
                outcome.request().answer().completeExceptionally(outcome.failure());
                continue;
            }
            Prepared prepared = outcome.result().prepared();
            Commit commit;
            if (prepared.writes().isEmpty()) {
                commit = new Commit(outcome.before().revision(), prepared.outcomes(),
                        CompletableFuture.completedFuture(null));
            } else {
                Snapshot published = prepared.candidate();
                snapshot = published;
                validated = outcome.result().validated();
                commit = new Commit(published.revision(), prepared.outcomes(),
                        notifyListener(published, outcome.result().validated()));
            }
            outcome.request().answer().complete(new Accepted(commit, outcome.result().refused()));
        }
    }

    /** A write waiting for the writer: who asks, how to stage it on the model as it then is, and its answer. */
    private record Request(String actor, Function<Tip, Staged> stage, CompletableFuture<Accepted> answer) {
        /** Tells the writer to stop after the requests before it. */
        static final Request STOP = new Request("", current -> {
            throw new IllegalStateException("stop");
        }, new CompletableFuture<>());
    }

    /** The model as the writes staged before a request left it, and that model as validated. */
    private record Tip(Snapshot snapshot, ValidatedModel validated) {
    }

    /**
     * A request staged: its changes, for a best-effort apply the changes it refused, and the resulting model as
     * validated.
     */
    private record Staged(Prepared prepared, Map<String, List<FieldError>> refused, ValidatedModel validated) {
    }

    /** How staging a request went: on which model, and its result or why it was refused. */
    private record Attempt(Request request, Snapshot before, Staged result, RuntimeException failure) {
    }

    /** The answer to a request: its commit and what a best-effort apply refused. */
    private record Accepted(Commit commit, Map<String, List<FieldError>> refused) {
    }

    /**
     * The objects after the changes, the writes and outcomes; throws on a version conflict or a missing object. Only
     * the kinds the changes touch are copied.
     */
    private Prepared prepare(Snapshot current, List<Change> changes) {
        long revision = current.revision() + 1;
        Instant now = clock.instant();
        Map<Kind, TreeMap<String, Entry>> changed = new EnumMap<>(Kind.class);
        List<Write> writes = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        List<Rejection> refusals = new ArrayList<>();
        for (Change change : changes) {
            Map<String, Entry> entries = changed.containsKey(change.kind()) ? changed.get(change.kind())
                    : current.objects().get(change.kind());
            Entry existing = entries.get(change.key());
            String object = change.kind().plural() + "/" + change.key();
            Optional<Rejection> stale = checkVersion(change, existing, object);
            if (stale.isPresent()) {
                refusals.add(stale.get());
                continue;
            }
            if (change.isDelete()) {
                if (existing == null) {
                    refusals.add(new Rejection(Rejection.Cause.NOT_FOUND, "no such object: " + object,
                            List.of(new FieldError(object, "", "no such object"))));
                    continue;
                }
                copyOf(changed, current, change.kind()).remove(change.key());
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
            copyOf(changed, current, change.kind()).put(change.key(), entry);
            writes.add(new Write(change.kind(), change.key(), Optional.ofNullable(existing).map(Entry::body),
                    Optional.of(body)));
            outcomes.add(new Outcome(change.kind(), change.key(),
                    existing == null ? Outcome.Result.CREATED : Outcome.Result.UPDATED, Optional.of(entry)));
        }
        throwIfAny(refusals);
        return new Prepared(current.next(revision, changed), now, writes, outcomes);
    }

    /**
     * Refuses the changes if any is stale or deletes a missing object, naming every such object: a conflict (409) if
     * one is stale, else not found (404). One refusal is thrown as it is.
     */
    private static void throwIfAny(List<Rejection> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        if (refusals.size() == 1) {
            Rejection only = refusals.get(0);
            throw only.reason() == Rejection.Cause.NOT_FOUND ? new Rejection(only.reason(), only.getMessage()) : only;
        }
        boolean conflict = refusals.stream().anyMatch(r -> r.reason() == Rejection.Cause.CONFLICT);
        throw new Rejection(conflict ? Rejection.Cause.CONFLICT : Rejection.Cause.NOT_FOUND,
                refusals.size() + " objects are stale or missing: " + String.join("; ",
                        refusals.stream().map(Rejection::getMessage).toList()),
                refusals.stream().flatMap(r -> r.errors().stream()).toList());
    }

    private static TreeMap<String, Entry> copyOf(Map<Kind, TreeMap<String, Entry>> changed, Snapshot current,
            Kind kind) {
        return changed.computeIfAbsent(kind, k -> new TreeMap<>(current.objects().get(k)));
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
    private static Optional<Rejection> checkVersion(Change change, Entry existing, String object) {
        if (change.expectedVersion().isEmpty()) {
            return Optional.empty();
        }
        long expected = change.expectedVersion().get();
        if (existing == null && expected == 0) {
            return Optional.empty();
        }
        if (existing == null) {
            return Optional.of(new Rejection(Rejection.Cause.CONFLICT, object + " does not exist, but resourceVersion " + expected
                    + " was given", List.of(new FieldError(object, "resourceVersion", "no such object"))));
        }
        if (existing.resourceVersion() != expected) {
            return Optional.of(new Rejection(Rejection.Cause.CONFLICT, object + " is at resourceVersion "
                    + existing.resourceVersion() + ", not " + expected, List.of(new FieldError(object,
                    "resourceVersion", "stale: the object is at " + existing.resourceVersion()))));
        }
        return Optional.empty();
    }

    private CompletableFuture<Void> notifyListener(Snapshot published, ValidatedModel model) {
        try {
            CompletionStage<?> stage = listener.modelChanged(model, published.revision());
            return stage.toCompletableFuture().thenApply(ignored -> null);
        } catch (RuntimeException e) {
            LOG.error("model listener failed on revision {}", published.revision(), e);
            return CompletableFuture.failedFuture(e);
        }
    }
}
