package io.microseg.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The REST issue's benchmarks against the real daemon (started as a subprocess with a fresh data
 * directory and a real userspace bridge): 10,000 explain queries in one call; 200 policy writes
 * with {@code ?wait=true} (p50/p99 until the bridge confirmed); 1,000 workload PUTs with
 * {@code synchronous=FULL} commits. Prints a table with the targets.
 */
public final class ApiBenchmark {
    private static final String BRIDGE = "msapibench";
    private static final long DPID = 0xab0001L;
    private final ObjectMapper json = new ObjectMapper();
    /** The daemon under test (started in {@link #run}). */
    private BenchDaemon daemon;

    private ApiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: ./microseg bench api   (starts its own controller and bridge; about a minute)");
            return;
        }
        new ApiBenchmark().run();
    }

    private void run() throws Exception {
        progress("starting the controller and bridge " + BRIDGE);
        try (BenchDaemon started = BenchDaemon.start(List.of(), BRIDGE, DPID)) {
            daemon = started;
            progress("bridge connected and in sync");
            progress("setting up 100 workloads in three tiers");
            put("/api/v1/namespaces/prod", object("labels", object("env", "prod")));
            String[] tiers = {"web", "app", "db"};
            for (int i = 0; i < 100; i++) {
                put("/api/v1/workloads/prod/w" + i, workload(i, tiers[i % 3]));
            }
            double explain = explainMillis();
            List<Double> waits = policyWrites();
            double putsPerSecond = workloadPuts();
            Collections.sort(waits);
            double p50 = waits.get(waits.size() / 2);
            double p99 = waits.get((int) Math.ceil(waits.size() * 0.99) - 1);
            System.out.println();
            System.out.println("| measurement                                      | result        | target       |");
            System.out.println("|--------------------------------------------------|---------------|--------------|");
            System.out.printf("| 10,000 explain queries in one call (best of 3)   | %8.0f ms   | < 1000 ms    |%n", explain);
            System.out.printf("| policy write ?wait=true, p50 over %3d writes     | %8.1f ms   | < 50 ms      |%n", waits.size(), p50);
            System.out.printf("| policy write ?wait=true, p99                     | %8.1f ms   | < 200 ms     |%n", p99);
            System.out.printf("| workload PUTs, 1,000 with synchronous=FULL       | %8.0f /s   | > 200 /s     |%n", putsPerSecond);
            System.out.printf("machine: %d cores, Java %s; one real userspace bridge%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        }
    }

    private double explainMillis() throws Exception {
        ObjectNode body = json.createObjectNode();
        ArrayNode queries = body.putArray("queries");
        int[] ports = {443, 8080, 3306, 22, 9100};
        for (int i = 0; i < 10_000; i++) {
            ObjectNode q = queries.addObject();
            q.put("from", "prod/w" + (i % 100));
            q.put("to", "prod/w" + ((i * 7 + 3) % 100));
            q.put("protocol", "TCP");
            q.put("port", ports[i % ports.length]);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) { // the first builds the evaluator for this revision
            long t0 = System.nanoTime();
            JsonNode answer = send("POST", "/api/v1/explain", body);
            double millis = (System.nanoTime() - t0) / 1e6;
            if (answer.get("results").size() != 10_000) {
                throw new IllegalStateException("explain answered " + answer.get("results").size() + " results");
            }
            if (round > 0) {
                best = Math.min(best, millis);
            }
        }
        progress(String.format("explain: 10,000 queries in %.0f ms", best));
        return best;
    }

    private List<Double> policyWrites() throws Exception {
        progress("200 policy writes with ?wait=true against the bridge");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            ObjectNode policy = json.createObjectNode();
            policy.put("tier", "application");
            policy.put("priority", 100 + (i % 50));
            policy.set("appliedTo", object("workloadSelector", object("matchLabels", object("tier", "db"))));
            ArrayNode ingress = policy.putArray("ingress");
            ObjectNode rule = ingress.addObject();
            rule.put("action", "allow");
            rule.putArray("from").addObject().set("workloadSelector", object("matchLabels", object("tier", "app")));
            ObjectNode port = rule.putArray("ports").addObject();
            port.put("protocol", "TCP");
            port.put("port", 1000 + i);
            long t0 = System.nanoTime();
            JsonNode answer = send("PUT", "/api/v1/policies/bench-" + (i % 40) + "?wait=true", policy);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (!answer.path("applied").path("confirmed").asBoolean(false)) {
                throw new IllegalStateException("write " + i + " not confirmed: " + answer.path("applied"));
            }
            if (i >= 10) { // the first ten warm up the JIT
                millis.add(ms);
            }
        }
        return millis;
    }

    private double workloadPuts() throws Exception {
        progress("1,000 workload PUTs from 4 clients");
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < 1_000; i = next.getAndIncrement()) {
                    put("/api/v1/workloads/prod/bulk" + i, workload(1_000 + i, "bulk"));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        progress(String.format("1,000 PUTs in %.2f s", seconds));
        return 1_000 / seconds;
    }

    private ObjectNode workload(int i, String tier) {
        ObjectNode w = json.createObjectNode();
        w.set("labels", object("tier", tier));
        w.putArray("ips").add(String.format("10.%d.%d.%d", 60 + i / 65536, (i / 256) % 256, i % 256));
        w.put("mac", String.format("02:00:00:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
        ObjectNode location = w.putObject("location");
        location.put("dpid", String.format("%016x", DPID));
        location.put("port", 1 + (i % 200));
        return w;
    }

    private ObjectNode object(String key, Object value) {
        ObjectNode node = json.createObjectNode();
        if (value instanceof JsonNode n) {
            node.set(key, n);
        } else {
            node.put(key, String.valueOf(value));
        }
        return node;
    }

    private void put(String path, JsonNode body) throws IOException, InterruptedException {
        send("PUT", path, body);
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        return daemon.send(method, path, body);
    }

    private static void progress(String message) {
        System.err.println("api benchmark: " + message);
    }
}
