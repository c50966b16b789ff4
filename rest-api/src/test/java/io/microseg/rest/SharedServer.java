package io.microseg.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One server per test class, over a fresh data directory. */
abstract class SharedServer {

    static ServerFixture fixture;
    static Api api;

    @BeforeAll
    static void start() {
        try {
            fixture = new ServerFixture(Files.createTempDirectory("microseg-rest"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        api = fixture.admin;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Path dataDir() {
        return fixture.dataDir;
    }
}
