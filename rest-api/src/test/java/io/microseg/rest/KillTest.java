package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the server JVM while writes are in flight loses no acknowledged change. */
class KillTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noAcknowledgedChangeIsLost() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KillTarget.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("PORT ")) {
                line = out.readLine();
            }
            assertThat(line).isNotNull();
            Api api = new Api(URI.create("http://127.0.0.1:" + line.substring(5) + "/"), ServerFixture.ADMIN);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 10_000; i++) {
                    String name = "ns-" + i;
                    try {
                        if (api.put("/api/v1/namespaces/" + name, "{}").status() == 201) {
                            synchronized (acknowledged) {
                                acknowledged.add(name);
                            }
                        }
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                synchronized (acknowledged) {
                    if (acknowledged.size() >= 50) {
                        break;
                    }
                }
                assertThat(System.nanoTime() - deadline).as("50 writes acknowledged within 60 s (writer done: %s)",
                        writer.isDone()).isNegative();
                Thread.sleep(5);
            }
            process.destroyForcibly();
            process.waitFor();
            writer.join();
        } finally {
            process.destroyForcibly();
        }
        try (ServerFixture restarted = new ServerFixture(dir)) {
            List<String> names = restarted.server.model().namespaces().stream().map(ns -> ns.name()).toList();
            synchronized (acknowledged) {
                assertThat(names).containsAll(acknowledged);
            }
        }
    }
}
