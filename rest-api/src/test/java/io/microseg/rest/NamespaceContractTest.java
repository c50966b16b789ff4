package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceContractTest {

    @TempDir
    static Path dir;
    static ServerFixture fixture;
    static Api api;

    @BeforeAll
    static void start() {
        fixture = new ServerFixture(dir);
        api = fixture.admin;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void createsReadsUpdatesAndDeletes() {
        Api.Reply created = api.put("/api/v1/namespaces/shop", Api.json("{'labels':{'env':'prod'}}"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("result").asText()).isEqualTo("created");
        long version = created.json().get("object").get("resourceVersion").asLong();
        assertThat(created.json().get("revision").asLong()).isEqualTo(version);

        Api.Reply read = api.get("/api/v1/namespaces/shop");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("name").asText()).isEqualTo("shop");
        assertThat(read.json().get("labels").get("env").asText()).isEqualTo("prod");

        Api.Reply same = api.put("/api/v1/namespaces/shop", Api.json("{'labels':{'env':'prod'}}"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("result").asText()).isEqualTo("unchanged");
        assertThat(same.json().get("revision").asLong()).isEqualTo(version);

        Api.Reply updated = api.put("/api/v1/namespaces/shop",
                Api.json("{'labels':{'env':'test'},'resourceVersion':" + version + "}"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("result").asText()).isEqualTo("updated");

        assertThat(api.get("/api/v1/namespaces").json().get("items")).anySatisfy(item ->
                assertThat(item.get("name").asText()).isEqualTo("shop"));

        Api.Reply deleted = api.delete("/api/v1/namespaces/shop");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("result").asText()).isEqualTo("deleted");
        assertThat(api.get("/api/v1/namespaces/shop").status()).isEqualTo(404);
        assertThat(fixture.server.model().namespaces()).noneMatch(ns -> ns.name().equals("shop"));
    }

    @Test
    void staleResourceVersionIsAConflict() {
        long version = api.put("/api/v1/namespaces/race", "{}").json().get("revision").asLong();
        api.put("/api/v1/namespaces/race", Api.json("{'labels':{'a':'1'}}"));

        Api.Reply stale = api.put("/api/v1/namespaces/race",
                Api.json("{'labels':{'a':'2'},'resourceVersion':" + version + "}"));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.json().get("errors").get(0).get("field").asText()).isEqualTo("resourceVersion");
        assertThat(api.get("/api/v1/namespaces/race").json().get("labels").get("a").asText()).isEqualTo("1");
        assertThat(api.delete("/api/v1/namespaces/race?resourceVersion=" + version).status()).isEqualTo(409);
    }

    @Test
    void versionZeroMeansCreateOnly() {
        assertThat(api.put("/api/v1/namespaces/once", Api.json("{'resourceVersion':0}")).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/namespaces/once", Api.json("{'resourceVersion':0}")).status()).isEqualTo(409);
    }

    @Test
    void acceptsYaml() {
        Api.Reply reply = api.put("/api/v1/namespaces/yaml", "labels:\n  team: blue\n", "application/yaml");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/namespaces/yaml").json().get("labels").get("team").asText()).isEqualTo("blue");
    }

    @Test
    void refusesDeletingANamespaceInUse() {
        api.put("/api/v1/namespaces/busy", "{}");
        api.put("/api/v1/workloads/busy/w1", Api.json("{'ips':['10.9.0.1']}"));

        Api.Reply reply = api.delete("/api/v1/namespaces/busy");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("object").asText()).isEqualTo("workloads/busy/w1");
        assertThat(reply.json().get("errors").get(0).get("field").asText()).isEqualTo("namespace");
        assertThat(api.get("/api/v1/namespaces/busy").status()).isEqualTo(200);
    }

    @Test
    void listenerHearsEveryRevisionInOrder() {
        api.put("/api/v1/namespaces/heard", "{}");
        assertThat(fixture.revisionsHeard).isSorted().contains(fixture.server.revision());
    }
}
