package io.microseg.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controller daemon as a subprocess for a benchmark: a fresh data directory, ephemeral ports, the given JVM
 * options, one userspace bridge connected to it; a small JSON client with the admin token; its resident memory.
 */
final class BenchDaemon implements AutoCloseable {

    static final String TOKEN = "bench-daemon";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String bridge;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private BenchDaemon(Process process, String bridge, URI base) {
        this.process = process;
        this.bridge = bridge;
        this.base = base;
    }

    /** Starts the daemon with {@code jvmOptions}, waits until it is ready and the bridge {@code dpid} is in sync. */
    static BenchDaemon start(List<String> jvmOptions, String bridge, long dpid) throws Exception {
        Path data = Files.createTempDirectory("microseg-bench");
        int ofPort = freePort();
        int restPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.microseg.controller.Main",
                "--data-dir", data.toString(), "--openflow-port", Integer.toString(ofPort),
                "--rest-port", Integer.toString(restPort)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("controller.log").toFile());
        builder.environment().put("MICROSEG_TOKEN", TOKEN);
        BenchDaemon daemon = new BenchDaemon(builder.start(), bridge, URI.create("http://127.0.0.1:" + restPort));
        try {
            daemon.awaitReady(data);
            sh("ovs-vsctl", "--if-exists", "del-br", bridge);
            sh("ovs-vsctl", "add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev",
                    "protocols=OpenFlow13,OpenFlow14", "fail-mode=secure",
                    String.format("other-config:datapath-id=%016x", dpid), "--", "set-controller", bridge,
                    "tcp:127.0.0.1:" + ofPort, "--", "set", "controller", bridge, "max_backoff=1000");
            daemon.awaitSwitch();
            return daemon;
        } catch (Exception | Error e) {
            daemon.close();
            throw e;
        }
    }

    /** The daemon's resident memory (VmRSS) in MiB. */
    double rssMebibytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + process.pid());
    }

    JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + TOKEN);
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(2000, response.body().length())));
        }
        return JSON.readTree(response.body());
    }

    /** Fails unless a write's answer says the switches confirmed it. */
    static void requireConfirmed(JsonNode answer, String what) {
        if (!answer.path("applied").path("confirmed").asBoolean(false)) {
            throw new IllegalStateException(what + " not confirmed: " + answer.path("applied"));
        }
    }

    private void awaitReady(Path data) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller exited; see " + data.resolve("controller.log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("controller did not become ready within 60 s");
    }

    private void awaitSwitch() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode status = send("GET", "/api/v1/status", null);
            if (status.path("switches").size() > 0 && status.path("allInSync").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("bridge did not connect within 60 s");
    }

    @Override
    public void close() throws Exception {
        try {
            sh("ovs-vsctl", "--if-exists", "del-br", bridge);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
    }
}
