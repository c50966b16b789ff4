package io.microseg.rest;

import io.microseg.flowrules.policy.ValidatedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real server on an ephemeral loopback port over a data directory, with a known admin token. */
final class ServerFixture implements AutoCloseable {

    static final String ADMIN = "test-admin-token";

    final Path dataDir;
    final List<Long> revisionsHeard = new CopyOnWriteArrayList<>();
    final RestServer server;
    final Api admin;

    ServerFixture(Path dataDir) {
        this(dataDir, (model, revision) -> CompletableFuture.completedFuture(null), NetworkStatusSource.NONE);
    }

    ServerFixture(Path dataDir, ModelListener listener, NetworkStatusSource network) {
        this.dataDir = dataDir;
        ModelListener recording = (ValidatedModel model, long revision) -> {
            revisionsHeard.add(revision);
            return listener.modelChanged(model, revision);
        };
        this.server = RestServer.start(RestConfig.of(dataDir, Map.of()).withAddress("127.0.0.1", 0)
                .withAdminToken(ADMIN), recording, network, RestServer.newMeterRegistry());
        this.admin = new Api(server.uri(), ADMIN);
    }

    Api anonymous() {
        return admin.as(null);
    }

    /** A new token of this role, created through the API. */
    Api withRole(String name, String role) {
        Api.Reply reply = admin.post("/api/v1/tokens", Api.json("{'name':'" + name + "','role':'" + role + "'}"));
        if (reply.status() != 201) {
            throw new IllegalStateException("cannot create token: " + reply);
        }
        return admin.as(reply.json().get("token").asText());
    }

    @Override
    public void close() {
        server.close();
    }
}
