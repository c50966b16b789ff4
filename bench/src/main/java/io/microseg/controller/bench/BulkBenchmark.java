package io.microseg.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Workloads registered per second in bulk ({@code POST /api/v1/apply}) against one by one ({@code PUT} each), in the
 * same run, each on a fresh daemon with {@code synchronous=FULL} and a real userspace bridge, after a warm-up of the
 * same writes (in another namespace, then deleted), both timed from the first request until the bridge confirmed the
 * last workload ({@code ?wait=true}); the warm-up bulk is the figure for a fresh daemon. Also the daemon's resident memory
 * after start and after the workloads and a three-tier policy (per app: web from any on 443, app from web on 8080, db
 * from app on 3306, default deny). Prints a table of medians.
 */
public final class BulkBenchmark {

    private static final String BRIDGE = "msbulkbench";
    private static final long DPID = 0xab0002L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TIERS = {"web", "app", "db"};

    private final int workloads;
    private final int rounds;
    private final List<String> jvmOptions;

    private BulkBenchmark(int workloads, int rounds, List<String> jvmOptions) {
        this.workloads = workloads;
        this.rounds = rounds;
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) throws Exception {
        int n = 1000;
        int rounds = 3;
        List<String> jvm = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--jvm" -> {
                    String options = args[++i].trim();
                    jvm = options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
                }
                default -> {
                    System.out.println("""
                            usage: ./microseg bench bulk [--n 1000] [--rounds 3] [--jvm "JVM OPTIONS"]
                              N workloads in one POST /api/v1/apply vs N PUTs one by one (fresh daemon each, real
                              bridge, until confirmed), and the daemon's RSS after start and after N workloads and
                              a three-tier policy; --jvm: the daemon's JVM options (default: those of
                              ./microseg controller)""");
                    return;
                }
            }
        }
        new BulkBenchmark(n, rounds, jvm).run();
    }

    private void run() throws Exception {
        List<Double> coldRates = new ArrayList<>();
        List<Double> bulkRates = new ArrayList<>();
        List<Double> singleRates = new ArrayList<>();
        List<Double> policyMillis = new ArrayList<>();
        List<Double> rssStart = new ArrayList<>();
        List<Double> rssLoaded = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            try (BenchDaemon daemon = BenchDaemon.start(jvmOptions, BRIDGE, DPID)) {
                rssStart.add(daemon.rssMebibytes());
                coldRates.add(workloads / bulk(daemon, "warm", 100));
                BenchDaemon.requireConfirmed(daemon.send("POST", "/api/v1/apply?wait=true", deleteBatch("warm")),
                        "deleting the warm-up workloads");
                bulkRates.add(workloads / bulk(daemon, "bench", 0));
                long t1 = System.nanoTime();
                BenchDaemon.requireConfirmed(daemon.send("POST", "/api/v1/apply?wait=true", policyBatch()), "policy");
                policyMillis.add((System.nanoTime() - t1) / 1e6);
                rssLoaded.add(daemon.rssMebibytes());
                progress(String.format("round %d: bulk %d workloads at %.0f/s on a fresh daemon, %.0f/s warm; policy"
                        + " in %.0f ms; RSS %.0f -> %.0f MiB", round, workloads, coldRates.get(round - 1),
                        bulkRates.get(round - 1), policyMillis.get(round - 1), rssStart.get(round - 1),
                        rssLoaded.get(round - 1)));
            }
            try (BenchDaemon daemon = BenchDaemon.start(jvmOptions, BRIDGE, DPID)) {
                oneByOne(daemon, "warm", 100);
                BenchDaemon.requireConfirmed(daemon.send("POST", "/api/v1/apply?wait=true", deleteBatch("warm")),
                        "deleting the warm-up workloads");
                double seconds = oneByOne(daemon, "bench", 0);
                singleRates.add(workloads / seconds);
                progress(String.format("round %d: %d PUTs one by one in %.2f s (warm)", round, workloads, seconds));
            }
        }
        double bulk = median(bulkRates);
        double single = median(singleRates);
        System.out.println();
        System.out.printf("| %-62s | %12s | %-12s |%n", "measurement (median of " + rounds + ", N=" + workloads + ")",
                "result", "target");
        System.out.println("|----------------------------------------------------------------|--------------|"
                + "--------------|");
        row("workloads registered in bulk (one POST /apply ?wait=true)", String.format("%,.0f /s", bulk), ">= 2,000 /s");
        row("workloads registered one by one (PUT each, last ?wait=true)", String.format("%,.0f /s", single), "");
        row("bulk / one by one", String.format("%.1fx", bulk / single), "");
        row("bulk, first write of a fresh daemon (cold JIT)", String.format("%,.0f /s", median(coldRates)), "");
        row("three-tier policy (" + (apps() * 3) + " policies) in one POST /apply ?wait=true",
                String.format("%,.0f ms", median(policyMillis)), "");
        row("controller RSS after start", String.format("%,.0f MiB", median(rssStart)), "");
        row("controller RSS after N workloads + policy", String.format("%,.0f MiB", median(rssLoaded)), "");
        System.out.printf("machine: %d cores, Java %s, synchronous=FULL, one userspace bridge; both ways timed until the"
                + " bridge confirmed, after a warm-up of the same writes; daemon JVM options: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                jvmOptions.isEmpty() ? "(JVM defaults)" : String.join(" ", jvmOptions));
    }

    /** Seconds to register N workloads in namespace {@code ns} in one request, until confirmed. */
    private double bulk(BenchDaemon daemon, String ns, int subnet) throws Exception {
        ObjectNode batch = workloadBatch(ns, subnet);
        long t0 = System.nanoTime();
        JsonNode answer = daemon.send("POST", "/api/v1/apply?wait=true", batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        BenchDaemon.requireConfirmed(answer, "bulk of " + workloads + " workloads");
        return seconds;
    }

    /** Seconds to register N workloads in namespace {@code ns} with a PUT each, the last one until confirmed. */
    private double oneByOne(BenchDaemon daemon, String ns, int subnet) throws Exception {
        daemon.send("PUT", "/api/v1/namespaces/" + ns, JSON.createObjectNode());
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 0; i < workloads; i++) {
            bodies.add(workload(i, subnet));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < workloads; i++) {
            String wait = i == workloads - 1 ? "?wait=true" : "";
            JsonNode answer = daemon.send("PUT", "/api/v1/workloads/" + ns + "/w" + i + wait, bodies.get(i));
            if (i == workloads - 1) {
                BenchDaemon.requireConfirmed(answer, "the last PUT");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void row(String what, String result, String target) {
        System.out.printf("| %-62s | %12s | %-12s |%n", what, result, target);
    }

    /** One namespace and N workloads, app {@code aNN} and tier in contiguous blocks as in the peer benchmark. */
    private ObjectNode workloadBatch(String ns, int subnet) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode items = request.putArray("items");
        items.addObject().put("kind", "namespaces").put("name", ns).putObject("spec");
        for (int i = 0; i < workloads; i++) {
            ObjectNode item = items.addObject().put("kind", "workloads").put("namespace", ns).put("name", "w" + i);
            item.set("spec", workload(i, subnet));
        }
        return request;
    }

    /** Deletes the N workloads of a namespace and the namespace, in one request. */
    private ObjectNode deleteBatch(String ns) {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode items = request.putArray("items");
        for (int i = 0; i < workloads; i++) {
            items.addObject().put("kind", "workloads").put("namespace", ns).put("name", "w" + i).put("delete", true);
        }
        items.addObject().put("kind", "namespaces").put("name", ns).put("delete", true);
        return request;
    }

    private int apps() {
        return Math.max(1, Math.round(workloads / 30f));
    }

    /** Workload i: addresses in 10.(60 + subnet).x.y, MACs and switch ports apart for each subnet. */
    private ObjectNode workload(int i, int subnet) {
        int group = (int) ((long) i * 3 * apps() / workloads);
        ObjectNode w = JSON.createObjectNode();
        w.putObject("labels").put("app", String.format("a%02d", group / 3 + 1)).put("tier", TIERS[group % 3]);
        w.putArray("ips").add(String.format("10.%d.%d.%d", 60 + subnet + i / 62500, (i / 250) % 250, i % 250 + 1));
        w.put("mac", String.format("0a:00:%02x:%02x:%02x:%02x", subnet, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff));
        ObjectNode location = w.putObject("location");
        location.put("dpid", String.format("%016x", DPID));
        location.put("port", 1 + subnet * 100 + i);
        return w;
    }

    /** Default deny, and per app: web from any on 443, app from web on 8080, db from app on 3306. */
    private ObjectNode policyBatch() {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode items = request.putArray("items");
        items.addObject().put("kind", "settings").putObject("spec").put("defaultPosture", "deny");
        int[] ports = {443, 8080, 3306};
        for (int app = 1; app <= apps(); app++) {
            String name = String.format("a%02d", app);
            for (int tier = 0; tier < 3; tier++) {
                ObjectNode spec = items.addObject().put("kind", "policies").put("name", name + "-" + TIERS[tier])
                        .putObject("spec");
                spec.put("tier", "application").put("priority", 100);
                spec.putObject("appliedTo").putObject("workloadSelector").putObject("matchLabels")
                        .put("app", name).put("tier", TIERS[tier]);
                ObjectNode rule = spec.putArray("ingress").addObject().put("action", "allow");
                if (tier > 0) {
                    rule.putArray("from").addObject().putObject("workloadSelector").putObject("matchLabels")
                            .put("app", name).put("tier", TIERS[tier - 1]);
                }
                rule.putArray("ports").addObject().put("protocol", "TCP").put("port", ports[tier]);
            }
        }
        return request;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void progress(String message) {
        System.err.println("bulk benchmark: " + message);
    }
}
