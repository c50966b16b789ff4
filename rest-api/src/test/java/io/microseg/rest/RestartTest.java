package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.PolicyModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartTest {

    @TempDir
    Path dir;

    @Test
    void everythingIsThereAfterARestart() {
        long revision;
        PolicyModel model;
        try (ServerFixture first = new ServerFixture(dir)) {
            Api api = first.admin;
            api.put("/api/v1/namespaces/prod", Api.json("{'labels':{'env':'prod'}}"));
            api.put("/api/v1/workloads/prod/web1", Api.json("{'labels':{'app':'web'},'ips':['10.0.0.1']}"));
            api.put("/api/v1/segments/web", Api.json("{'workloadSelector':{'matchLabels':{'app':'web'}}}"));
            api.put("/api/v1/policies/web", Api.json("{'appliedTo':{'segment':'web'},'ingress':[{'action':'allow'}]}"));
            api.put("/api/v1/settings", Api.json("{'defaultPosture':'allow'}"));
            api.put("/api/v1/tiers", Api.json("{'tiers':[{'name':'application','order':1},{'name':'extra','order':2}]}"));
            api.put("/api/v1/enforcement/all", Api.json("{'mode':'monitor'}"));
            api.delete("/api/v1/enforcement/all");
            revision = first.server.revision();
            model = first.server.model();
        }
        try (ServerFixture second = new ServerFixture(dir)) {
            assertThat(second.server.initialRevision()).isEqualTo(revision);
            assertThat(second.server.initialModel().model()).isEqualTo(model);
            assertThat(second.admin.get("/api/v1/workloads/prod/web1").json().get("resourceVersion").asLong()).isEqualTo(2);
            assertThat(second.admin.get("/api/v1/enforcement/all").status()).isEqualTo(404);
            var audit = second.admin.get("/api/v1/audit?kind=enforcement&name=all").json().get("entries");
            assertThat(audit).extracting(e -> e.get("action").asText()).containsExactly("delete", "create");
            assertThat(audit.get(0).get("actor").asText()).isEqualTo("env");
            assertThat(audit.get(0).get("before").get("mode").asText()).isEqualTo("monitor");
            assertThat(second.admin.put("/api/v1/namespaces/more", "{}").json().get("revision").asLong())
                    .isEqualTo(revision + 1);
        }
    }
}
