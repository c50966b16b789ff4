package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients writing at once (their writes are committed in groups): each acknowledged change has its own
 * revision, the revisions have no gap, every one survives a restart with its audit entry; refused ones leave nothing.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // these tests wait on threads and sockets
class ConcurrentWritesTest {

    private static final int WRITERS = 8;
    private static final int WRITES = 40;

    @TempDir
    Path dir;

    /** One acknowledged change: the object, the revision it made, and the version of what was stated. */
    private record Acknowledged(String key, long revision, String result) {
    }

    @Test
    void everyAcknowledgedChangeIsCommittedOnceAndInOrder() throws Exception {
        List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        Set<String> refusedKeys = Collections.synchronizedSet(new TreeSet<>());
        long start;
        List<Long> heard;
        try (ServerFixture server = new ServerFixture(dir)) {
            Api api = server.admin;
            assertThat(api.put("/api/v1/namespaces/prod", "{}").status()).isEqualTo(201);
            assertThat(api.put("/api/v1/workloads/prod/taken", Api.json("{'ips':['10.9.0.1']}")).status()).isEqualTo(201);
            start = server.server.revision();
            ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                done.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < WRITES; i++) {
                        write(api, writer, i, acknowledged, refusedKeys);
                    }
                }, clients));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            clients.shutdown();
            heard = List.copyOf(server.revisionsHeard);
        }
        List<Long> revisions = acknowledged.stream().map(Acknowledged::revision).sorted().toList();
        assertThat(revisions).containsExactlyElementsOf(
                LongStream.rangeClosed(start + 1, start + revisions.size()).boxed().toList());
        assertThat(heard).containsExactlyElementsOf(LongStream.rangeClosed(1, start + revisions.size()).boxed().toList());
        assertThat(refusedKeys).isNotEmpty();

        Map<String, Long> latest = new HashMap<>();
        acknowledged.forEach(change -> latest.merge(change.key(), change.revision(), Math::max));
        try (ServerFixture restarted = new ServerFixture(dir)) {
            Api api = restarted.admin;
            assertThat(restarted.server.initialRevision()).isEqualTo(start + revisions.size());
            latest.forEach((key, revision) -> assertThat(api.get("/api/v1/workloads/" + key).json()
                    .get("resourceVersion").asLong()).as(key).isEqualTo(revision));
            for (String key : refusedKeys) {
                assertThat(api.get("/api/v1/workloads/" + key).status()).as(key).isEqualTo(404);
            }
            JsonNode audit = api.get("/api/v1/audit?kind=workloads&limit=1000").json().get("entries");
            Set<String> audited = new TreeSet<>();
            audit.forEach(entry -> audited.add(entry.get("name").asText() + "@" + entry.get("revision").asLong()));
            Set<String> expected = acknowledged.stream().map(change -> change.key() + "@" + change.revision())
                    .collect(Collectors.toCollection(TreeSet::new));
            expected.add("prod/taken@" + start);
            assertThat(audited).isEqualTo(expected);
        }
    }

    /**
     * Write {@code i} of a writer: most create or update its own workloads or the one all share; some are refused
     * (an address already taken, a missing namespace, a stale version).
     */
    private static void write(Api api, int writer, int i, List<Acknowledged> acknowledged, Set<String> refusedKeys) {
        String own = "prod/w" + writer + "-" + (i / 2);
        String ip = "10.1." + writer + "." + (i / 2);
        String key;
        String body;
        int refusal = 0;
        switch (i % 8) {
            case 3 -> {
                key = "prod/dup" + writer + "-" + i;
                body = "{'ips':['10.9.0.1']}";
                refusal = 422;
            }
            case 5 -> {
                key = "nowhere/w" + writer + "-" + i;
                body = "{'ips':['10.2." + writer + "." + i + "']}";
                refusal = 422;
            }
            case 6 -> {
                key = "prod/stale" + writer + "-" + i;
                body = "{'ips':['10.3." + writer + "." + i + "'],'resourceVersion':7}";
                refusal = 409;
            }
            case 7 -> {
                key = "prod/shared";
                body = "{'labels':{'writer':'w" + writer + "-" + i + "'},'ips':['10.4.0.1']}";
            }
            default -> {
                key = own;
                body = "{'labels':{'step':'s" + i + "'},'ips':['" + ip + "']}";
            }
        }
        Api.Reply reply = api.put("/api/v1/workloads/" + key, Api.json(body));
        if (refusal != 0) {
            assertThat(reply.status()).as("%s %s", key, reply).isEqualTo(refusal);
            refusedKeys.add(key);
            return;
        }
        assertThat(reply.status()).as("%s %s", key, reply).isIn(200, 201);
        JsonNode answer = reply.json();
        acknowledged.add(new Acknowledged(key, answer.get("revision").asLong(), answer.get("result").asText()));
    }
}
