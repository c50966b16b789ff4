package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTest extends SharedServer {

    @TempDir
    Path fresh;

    @Test
    void noTokenIs401AndUnknownTokenIs401() {
        Api.Reply none = fixture.anonymous().get("/api/v1/namespaces");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(api.as("not-a-token").get("/api/v1/namespaces").status()).isEqualTo(401);
    }

    @Test
    void viewerReadsOnly() {
        Api viewer = fixture.withRole("viewer1", "viewer");
        assertThat(viewer.get("/api/v1/namespaces").status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(200);
        assertThat(viewer.put("/api/v1/namespaces/v", "{}").status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/explain", Api.json("{'queries':[]}")).status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/tokens").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/namespaces/v").status()).isEqualTo(404);
    }

    @Test
    void operatorWritesPolicyButNotSettings() {
        Api operator = fixture.withRole("operator1", "operator");
        assertThat(operator.put("/api/v1/namespaces/op", "{}").status()).isEqualTo(201);
        assertThat(operator.put("/api/v1/segments/op", Api.json("{'ipBlocks':[{'cidr':'10.0.0.0/8'}]}")).status())
                .isEqualTo(201);
        assertThat(operator.post("/api/v1/import/kubernetes", Api.json("{'kind':'List','items':[]}")).status())
                .isEqualTo(422);
        assertThat(operator.put("/api/v1/settings", Api.json("{'defaultPosture':'allow'}")).status()).isEqualTo(403);
        assertThat(operator.put("/api/v1/tiers", Api.json("{'tiers':[{'name':'a','order':1}]}")).status()).isEqualTo(403);
        assertThat(operator.put("/api/v1/enforcement/x", Api.json("{'mode':'monitor'}")).status()).isEqualTo(403);
        assertThat(operator.post("/api/v1/tokens", Api.json("{'name':'x','role':'admin'}")).status()).isEqualTo(403);
        var audit = api.get("/api/v1/audit?kind=namespaces&name=op").json().get("entries");
        assertThat(audit.get(0).get("actor").asText()).isEqualTo("operator1");
    }

    @Test
    void adminManagesTokensWhoseSecretsAreNeverListed() {
        Api.Reply created = api.post("/api/v1/tokens", Api.json("{'name':'ci','role':'operator'}"));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("token").asText();
        assertThat(api.get("/api/v1/tokens").body()).contains("ci").doesNotContain(secret);
        assertThat(api.post("/api/v1/tokens", Api.json("{'name':'ci','role':'viewer'}")).status()).isEqualTo(409);
        assertThat(api.post("/api/v1/tokens", Api.json("{'name':'x','role':'root'}")).status()).isEqualTo(422);
        assertThat(api.as(secret).get("/api/v1/namespaces").status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/tokens/ci").status()).isEqualTo(204);
        assertThat(api.as(secret).get("/api/v1/namespaces").status()).isEqualTo(401);
    }

    @Test
    void publicEndpointsNeedNoToken() {
        Api anonymous = fixture.anonymous();
        assertThat(anonymous.get("/healthz").status()).isEqualTo(200);
        assertThat(anonymous.get("/readyz").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void generatesAnAdminTokenFileWhenNoneIsConfigured() throws Exception {
        try (RestServer server = RestServer.start(RestConfig.of(fresh, Map.of()).withAddress("127.0.0.1", 0),
                ModelListener.NONE, NetworkStatusSource.NONE, RestServer.newMeterRegistry())) {
            Path file = fresh.resolve("admin.token");
            assertThat(server.generatedAdminTokenFile()).hasValue(file);
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            String token = Files.readString(file).strip();
            Api generated = new Api(server.uri(), token);
            assertThat(generated.put("/api/v1/settings", Api.json("{'defaultMode':'alert'}")).status()).isEqualTo(201);
            assertThat(Files.readString(fresh.resolve("microseg.db-wal"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(token);
        }
        try (RestServer again = RestServer.start(RestConfig.of(fresh, Map.of()).withAddress("127.0.0.1", 0),
                ModelListener.NONE, NetworkStatusSource.NONE, RestServer.newMeterRegistry())) {
            assertThat(again.generatedAdminTokenFile()).isEmpty();
        }
    }
}
