package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.flowrules.policy.PolicyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/apply}: many objects of mixed kinds, created, updated and deleted all together or not at all. */
class ApplyContractTest {

    @TempDir
    Path dir;

    @Test
    void mixedCreatesUpdatesAndDeletesAreOneRevisionAndOneNotification() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api api = server.admin;
            api.put("/api/v1/namespaces/prod", Api.json("{'labels':{'env':'prod'}}"));
            api.put("/api/v1/segments/old", Api.json("{'workloadSelector':{'matchLabels':{'app':'old'}}}"));
            long before = server.server.revision();
            int heard = server.revisionsHeard.size();

            Api.Reply reply = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'prod','spec':{'labels':{'env':'production'}}},"
                    + "{'kind':'workloads','namespace':'prod','name':'web1','spec':{'labels':{'app':'web'},'ips':['10.0.0.1']}},"
                    + "{'kind':'workloads','spec':{'namespace':'prod','name':'db1','labels':{'app':'db'},'ips':['10.0.0.2']}},"
                    + "{'kind':'segments','name':'web','spec':{'workloadSelector':{'matchLabels':{'app':'web'}}}},"
                    + "{'kind':'policies','name':'web','spec':{'appliedTo':{'segment':'web'},"
                    + "'ingress':[{'action':'allow','ports':[{'protocol':'TCP','port':443}]}]}},"
                    + "{'kind':'segments','name':'old','delete':true},"
                    + "{'kind':'settings','spec':{'defaultPosture':'deny'}},"
                    + "{'kind':'namespaces','name':'default','spec':{}}]}"));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            JsonNode body = reply.json();
            assertThat(body.get("revision").asLong()).isEqualTo(before + 1);
            assertThat(body.get("items")).extracting(item -> item.get("object").asText() + " " + item.get("result").asText())
                    .containsExactly("namespaces/prod updated", "workloads/prod/web1 created",
                            "workloads/prod/db1 created", "segments/web created", "policies/web created",
                            "segments/old deleted", "settings/cluster created", "namespaces/default created");
            assertThat(body.get("items").get(1).get("resourceVersion").asText()).isEqualTo(Long.toString(before + 1));
            assertThat(body.get("items").get(5).has("resourceVersion")).isFalse();
            assertThat(server.revisionsHeard.subList(heard, server.revisionsHeard.size())).containsExactly(before + 1);
            assertThat(api.get("/api/v1/namespaces/prod").json().get("labels").get("env").asText()).isEqualTo("production");
            assertThat(api.get("/api/v1/workloads/prod/db1").json().get("ips").get(0).asText()).isEqualTo("10.0.0.2");
            assertThat(api.get("/api/v1/segments/old").status()).isEqualTo(404);
            assertThat(server.server.model().policies()).hasSize(1);
            JsonNode audit = api.get("/api/v1/audit?kind=workloads").json().get("entries");
            assertThat(audit).allSatisfy(entry -> assertThat(entry.get("revision").asLong()).isEqualTo(before + 1));

            Api.Reply again = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'workloads','namespace':'prod','name':'web1','spec':{'labels':{'app':'web'},'ips':['10.0.0.1']}}]}"));
            assertThat(again.json().get("revision").asLong()).isEqualTo(before + 1);
            assertThat(again.json().get("items").get(0).get("result").asText()).isEqualTo("unchanged");
        }
    }

    @Test
    void oneInvalidItemRefusesAllAndEveryProblemIsListedWithItsPath() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api api = server.admin;
            long before = server.server.revision();

            Api.Reply reply = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'shop','spec':{}},"
                    + "{'kind':'workloads','namespace':'shop','name':'web1','spec':{'ips':['10.0.0.300'],'mac':'zz'}},"
                    + "{'kind':'policies','name':'web','spec':{'appliedTo':{'segment':'missing'}}},"
                    + "{'kind':'gadgets','name':'x','spec':{}},"
                    + "{'kind':'workloads','namespace':'nowhere','name':'db1','spec':{'ips':['10.0.0.9']}},"
                    + "{'kind':'namespaces','name':'shop','spec':{}},"
                    + "{'kind':'segments','name':'gone','delete':true}]}"));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            List<String> errors = errors(reply);
            assertThat(errors).anyMatch(e -> e.startsWith("workloads/shop/web1 items[1].spec.ips[0] "))
                    .anyMatch(e -> e.startsWith("workloads/shop/web1 items[1].spec.mac "))
                    .anyMatch(e -> e.startsWith("policies/web items[2].spec.appliedTo"))
                    .anyMatch(e -> e.startsWith(" items[3].kind unknown kind 'gadgets'"))
                    .anyMatch(e -> e.startsWith("workloads/nowhere/db1 items[4].spec.namespace"))
                    .anyMatch(e -> e.startsWith("namespaces/shop items[5] the same object as items[0]"))
                    .anyMatch(e -> e.startsWith("segments/gone items[6] no such object"));
            assertThat(server.server.revision()).isEqualTo(before);
            assertThat(api.get("/api/v1/namespaces/shop").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/audit").json().get("entries")).isEmpty();
        }
    }

    @Test
    void aModelProblemAloneIsA422AtTheItemsPath() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api api = server.admin;
            Api.Reply reply = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'workloads','namespace':'default','name':'a','spec':{'ips':['10.0.0.1']}},"
                    + "{'kind':'workloads','namespace':'default','name':'b','spec':{'ips':['10.0.0.1']}}]}"));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
            assertThat(errors(reply)).anyMatch(e -> e.matches("workloads/default/[ab] items\\[[01]\\]\\.spec\\.ips\\[0\\] .*"));
            assertThat(api.get("/api/v1/workloads/default/a").status()).isEqualTo(404);
        }
    }

    @Test
    void aSpecOfTheWrongShapeIsA400ThatStillListsTheOtherProblems() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api.Reply reply = server.admin.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'workloads','namespace':'default','name':'a','spec':{'ips':'10.0.0.1'}},"
                    + "{'kind':'workloads','namespace':'default','name':'b','spec':{'ips':['x']}},"
                    + "{'kind':'segments','name':'s','spec':{'colour':'red'}}]}"));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(errors(reply)).anyMatch(e -> e.startsWith("workloads/default/a items[0].spec.ips "))
                    .anyMatch(e -> e.startsWith("workloads/default/b items[1].spec.ips[0] "))
                    .anyMatch(e -> e.startsWith("segments/s items[2].spec.colour unknown field"));
            assertThat(server.server.model().workloads()).isEmpty();
        }
    }

    @Test
    void aStaleVersionRefusesAllAndEveryStaleObjectIsListed() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api api = server.admin;
            long a = api.put("/api/v1/namespaces/a", "{}").json().get("revision").asLong();
            long b = api.put("/api/v1/namespaces/b", "{}").json().get("revision").asLong();
            api.put("/api/v1/namespaces/a", Api.json("{'labels':{'x':'1'}}"));
            api.put("/api/v1/namespaces/b", Api.json("{'labels':{'x':'1'}}"));
            long before = server.server.revision();

            Api.Reply stale = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'new','spec':{}},"
                    + "{'kind':'namespaces','name':'a','spec':{'labels':{'x':'2'},'resourceVersion':'" + a + "'}},"
                    + "{'kind':'namespaces','name':'b','delete':true,'resourceVersion':'" + b + "'}]}"));

            assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
            assertThat(errors(stale)).anyMatch(e -> e.startsWith("namespaces/a items[1].spec.resourceVersion stale"))
                    .anyMatch(e -> e.startsWith("namespaces/b items[2].resourceVersion stale"));
            assertThat(server.server.revision()).isEqualTo(before);
            assertThat(api.get("/api/v1/namespaces/new").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/namespaces/b").status()).isEqualTo(200);

            long current = api.get("/api/v1/namespaces/b").json().get("resourceVersion").asLong();
            Api.Reply fresh = api.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'new','resourceVersion':'0','spec':{}},"
                    + "{'kind':'namespaces','name':'b','delete':true,'resourceVersion':'" + current + "'}]}"));
            assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
            assertThat(api.get("/api/v1/namespaces/b").status()).isEqualTo(404);
        }
    }

    @Test
    void deletingAMissingObjectIsA404AndChangesNothing() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api.Reply reply = server.admin.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'n','spec':{}},"
                    + "{'kind':'policies','name':'gone','delete':true}]}"));

            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(server.admin.get("/api/v1/namespaces/n").status()).isEqualTo(404);
        }
    }

    @Test
    void anOperatorMayNotWriteSettingsInABatch() {
        try (ServerFixture server = new ServerFixture(dir)) {
            Api operator = server.withRole("ops", "operator");
            Api.Reply refused = operator.post("/api/v1/apply", Api.json("{'items':["
                    + "{'kind':'namespaces','name':'n','spec':{}},{'kind':'settings','spec':{'defaultPosture':'allow'}}]}"));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(server.admin.get("/api/v1/namespaces/n").status()).isEqualTo(404);

            Api.Reply allowed = operator.post("/api/v1/apply", Api.json("{'items':[{'kind':'namespaces','name':'n','spec':{}}]}"));
            assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
            assertThat(server.server.initialRevision()).isZero();
        }
    }

    @Test
    void yamlIsAcceptedAndTheCommittedBatchSurvivesARestart() {
        long revision;
        PolicyModel model;
        try (ServerFixture first = new ServerFixture(dir)) {
            Api.Reply reply = first.admin.post("/api/v1/apply", """
                    items:
                    - {kind: namespaces, name: prod, spec: {labels: {env: prod}}}
                    - kind: workloads
                      namespace: prod
                      name: web1
                      spec: {labels: {app: web}, ips: [10.0.0.1]}
                    - {kind: enforcement, name: watch, spec: {mode: monitor}}
                    - {kind: tiers, spec: {tiers: [{name: application, order: 1}, {name: extra, order: 2}]}}
                    """, "application/yaml");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            revision = first.server.revision();
            model = first.server.model();
            assertThat(model.workloads()).hasSize(1);
        }
        try (ServerFixture second = new ServerFixture(dir)) {
            assertThat(second.server.initialRevision()).isEqualTo(revision);
            assertThat(second.server.initialModel().model()).isEqualTo(model);
            assertThat(second.admin.get("/api/v1/workloads/prod/web1").json().get("resourceVersion").asLong())
                    .isEqualTo(revision);
        }
    }

    private static List<String> errors(Api.Reply reply) {
        List<String> lines = new ArrayList<>();
        for (JsonNode error : reply.json().path("errors")) {
            lines.add(error.get("object").asText() + " " + error.get("field").asText() + " " + error.get("message").asText());
        }
        return lines;
    }
}
