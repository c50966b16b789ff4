package io.microseg.rest.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.microseg.rest.ModelListener;
import io.microseg.rest.dto.NamespaceDto;
import io.microseg.rest.dto.WorkloadDto;
import io.microseg.rest.store.AuditEntry;
import io.microseg.rest.store.Kind;
import io.microseg.rest.store.SqliteStore;
import io.microseg.rest.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes queued while the writer is busy are committed in one transaction, each as its own revision, staged on the
 * model the writes before it left; a refused one changes nothing and does not affect the others.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // these tests wait on threads and sockets
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void writesQueuedTogetherAreCommittedTogetherEachAsItsOwnRevision() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> heard = new CopyOnWriteArrayList<>();
        ModelListener blockingOnFirst = (model, revision) -> {
            heard.add(revision);
            if (revision == 2) {
                holding.countDown();
                await(release); // holds the writer, so that the next writes queue up
            }
            return CompletableFuture.completedFuture(null);
        };
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (SqliteStore store = SqliteStore.open(dir)) {
            ModelState state = ModelState.load(store, blockingOnFirst, Clock.systemUTC(), registry);
            state.apply("test", List.of(namespace("prod")));
            Thread first = submitter(() -> state.apply("test", List.of(workload("a", "10.0.0.1", null))));
            await(holding);
            List<CompletableFuture<Object>> queued = new ArrayList<>();
            List<Supplier<Object>> writes = List.of(
                    () -> state.apply("b", List.of(workload("b", "10.0.0.2", null))),
                    () -> state.apply("c", List.of(workload("c", "10.0.0.2", null))), // b took the address
                    () -> state.apply("b", List.of(workload("b", "10.0.0.3", 2L))), // b is at 3
                    () -> state.apply("a", List.of(Change.delete(Kind.WORKLOAD, "prod/a", null))),
                    () -> state.apply("d", List.of(workload("d", "10.0.0.1", null))), // a freed it
                    () -> state.apply("b", List.of(workload("b", "10.0.0.2", null))));
            for (Supplier<Object> write : writes) {
                CompletableFuture<Object> answer = new CompletableFuture<>();
                awaitWaiting(submitter(() -> {
                    try {
                        answer.complete(write.get());
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                    return null;
                }));
                queued.add(answer);
            }
            release.countDown();
            first.join();

            assertThat(revisionOf(queued.get(0))).isEqualTo(3);
            assertThat(refusal(queued.get(1))).isEqualTo(Rejection.Cause.INVALID);
            assertThat(refusal(queued.get(2))).isEqualTo(Rejection.Cause.CONFLICT);
            assertThat(revisionOf(queued.get(3))).isEqualTo(4);
            assertThat(revisionOf(queued.get(4))).isEqualTo(5);
            Commit unchanged = (Commit) queued.get(5).get(10, TimeUnit.SECONDS);
            assertThat(unchanged.changed()).isFalse();
            assertThat(unchanged.revision()).isEqualTo(5);
            assertThat(heard).containsExactly(1L, 2L, 3L, 4L, 5L);

            DistributionSummary batches = registry.find("microseg.store.commit.revisions").summary();
            assertThat(batches.count()).isEqualTo(3);
            assertThat(batches.max()).isEqualTo(3);
            state.close();
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            ModelState reloaded = ModelState.load(store, ModelListener.NONE, Clock.systemUTC(), new SimpleMeterRegistry());
            assertThat(reloaded.snapshot().revision()).isEqualTo(5);
            assertThat(reloaded.snapshot().list(Kind.WORKLOAD)).extracting(Entry::key, Entry::resourceVersion)
                    .containsExactly(Tuple.tuple("prod/b", 3L),
                            Tuple.tuple("prod/d", 5L));
            assertThat(store.audit(Optional.empty(), Optional.empty(), 0, 100))
                    .extracting(AuditEntry::revision, AuditEntry::action, AuditEntry::key, AuditEntry::actor)
                    .containsExactly(Tuple.tuple(5L, "create", "prod/d", "d"),
                            Tuple.tuple(4L, "delete", "prod/a", "a"),
                            Tuple.tuple(3L, "create", "prod/b", "b"),
                            Tuple.tuple(2L, "create", "prod/a", "test"),
                            Tuple.tuple(1L, "create", "prod", "test"));
            reloaded.close();
        }
    }

    @Test
    void aFailedCommitAppliesNothingAndLaterWritesGoOn() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir)) {
            ModelState state = ModelState.load(store, ModelListener.NONE, Clock.systemUTC(), new SimpleMeterRegistry());
            state.apply("test", List.of(namespace("prod")));
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStore.FILE_NAME));
                    Statement lock = other.createStatement()) {
                lock.execute("BEGIN IMMEDIATE"); // our writes wait for the busy timeout, then fail
                assertThatThrownBy(() -> state.apply("test", List.of(workload("a", "10.0.0.1", null))))
                        .isInstanceOf(StoreException.class);
                lock.execute("ROLLBACK");
            }
            assertThat(state.snapshot().revision()).isEqualTo(1);
            assertThat(state.snapshot().get(Kind.WORKLOAD, "prod/a")).isEmpty();
            Commit retried = state.apply("test", List.of(workload("b", "10.0.0.1", null)));
            assertThat(retried.revision()).isEqualTo(2);
            state.close();
            assertThatThrownBy(() -> state.apply("test", List.of(workload("c", "10.0.0.3", null))))
                    .isInstanceOf(StoreException.class);
        }
        try (SqliteStore store = SqliteStore.open(dir)) {
            assertThat(store.revision()).isEqualTo(2);
            assertThat(store.audit(Optional.empty(), Optional.empty(), 0, 100)).extracting(AuditEntry::key)
                    .containsExactly("prod/b", "prod");
        }
    }

    private static Change namespace(String name) {
        NamespaceDto dto = new NamespaceDto(null, Map.of(), null);
        return Change.put(Kind.NAMESPACE, name, dto, Codecs.toDomain(Kind.NAMESPACE, name, dto, new FieldProblems()),
                null);
    }

    private static Change workload(String name, String address, Long version) {
        WorkloadDto dto = new WorkloadDto(null, null, Map.of("app", name), List.of(address), null, List.of(), null,
                version);
        String key = "prod/" + name;
        FieldProblems problems = new FieldProblems();
        Object domain = Codecs.toDomain(Kind.WORKLOAD, key, dto, problems);
        assertThat(problems.list()).isEmpty();
        return Change.put(Kind.WORKLOAD, key, dto, domain, version);
    }

    private static Thread submitter(Supplier<Object> write) {
        Thread thread = new Thread(write::get);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Until the thread is parked waiting for its answer: its write is queued. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING && thread.isAlive()) {
            Thread.sleep(1);
        }
        assertThat(thread.isAlive()).as("the write is still waiting").isTrue();
    }

    private static long revisionOf(CompletableFuture<Object> answer) throws Exception {
        return ((Commit) answer.get(10, TimeUnit.SECONDS)).revision();
    }

    private static Rejection.Cause refusal(CompletableFuture<Object> answer) {
        assertThat(answer).failsWithin(10, TimeUnit.SECONDS);
        try {
            answer.join();
        } catch (CompletionException e) {
            return ((Rejection) e.getCause()).reason();
        }
        throw new AssertionError("not refused");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
