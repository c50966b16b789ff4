package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad request: the status, a problem body naming the field, and an unchanged store. */
class BadInputTest extends SharedServer {

    @BeforeAll
    static void seed() {
        api.put("/api/v1/segments/web", Api.json("{'workloadSelector':{'matchLabels':{'app':'web'}}}"));
    }

    private static void assertRefused(Api.Reply reply, int status, String... fields) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(status);
        assertThat(reply.json().get("type").asText()).startsWith("https://microseg.io/problems/");
        List<String> named = reply.json().get("errors").findValuesAsText("field");
        if (fields.length > 0) {
            assertThat(named).contains(fields);
        }
    }

    private static void assertUnchanged(Runnable request) {
        long revision = fixture.server.revision();
        var model = fixture.server.model();
        int audit = api.get("/api/v1/audit?limit=1000").json().get("entries").size();
        request.run();
        assertThat(fixture.server.revision()).isEqualTo(revision);
        assertThat(fixture.server.model()).isEqualTo(model);
        assertThat(api.get("/api/v1/audit?limit=1000").json().get("entries")).hasSize(audit);
    }

    @Test
    void malformedJsonIs400() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/segments/x", "{\"ipBlocks\": [}"), 400));
    }

    @Test
    void unknownFieldIs400NamingIt() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/segments/x",
                Api.json("{'ipBlocks':[{'cidr':'10.0.0.0/8','exept':[]}]}")), 400, "ipBlocks[0].exept"));
    }

    @Test
    void wrongTypeIs400NamingIt() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/policies/x",
                Api.json("{'priority':'high','appliedTo':{'segment':'web'}}")), 400, "priority"));
        assertUnchanged(() -> assertRefused(api.put("/api/v1/workloads/default/x", Api.json("{'ips':'10.0.0.1'}")),
                400, "ips"));
    }

    @Test
    void badCidrsAre422() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/segments/x",
                Api.json("{'ipBlocks':[{'cidr':'10.0.0.1/8'},{'cidr':'300.0.0.0/8'},{'cidr':'10.0.0.0/8','except':['11.0.0.0/16']}]}")),
                422, "ipBlocks[0].cidr", "ipBlocks[1].cidr", "ipBlocks[2].except[0]"));
    }

    @Test
    void portsOutOfRangeAre422AllAtOnce() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/policies/x", Api.json("{'appliedTo':{'segment':'web'},"
                + "'ingress':[{'action':'allow','ports':[{'protocol':'TCP','port':0},{'protocol':'TCP','port':65536},"
                + "{'protocol':'TCP','port':100,'endPort':99}]}]}")),
                422, "ingress[0].ports[0].port", "ingress[0].ports[1].port", "ingress[0].ports[2].endPort"));
    }

    @Test
    void badLabelsAre422() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/workloads/default/x",
                Api.json("{'labels':{'-bad':'ok','good':'not ok!'},'ips':['10.1.1.1']}")),
                422, "labels[-bad]", "labels[good]"));
        assertUnchanged(() -> assertRefused(api.put("/api/v1/segments/x",
                Api.json("{'workloadSelector':{'matchExpressions':[{'key':'app','operator':'In','values':[]}]}}")),
                422, "workloadSelector.matchExpressions[0].values"));
    }

    @Test
    void badNamesAddressesAndActionsAre422() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/workloads/default/Bad_Name",
                Api.json("{'ips':['10.0.0.300'],'mac':'zz'}")), 422, "name", "ips[0]", "mac"));
        assertUnchanged(() -> assertRefused(api.put("/api/v1/policies/x",
                Api.json("{'appliedTo':{'segment':'web'},'ingress':[{'action':'maybe','to':[]}]}")),
                422, "ingress[0].action", "ingress[0].to"));
        assertUnchanged(() -> assertRefused(api.put("/api/v1/workloads/nowhere/x", Api.json("{'ips':['10.3.0.1']}")),
                422, "namespace"));
    }

    @Test
    void nameInBodyMustMatchTheUrl() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/segments/x",
                Api.json("{'name':'y','ipBlocks':[{'cidr':'10.0.0.0/8'}]}")), 422, "name"));
    }

    @Test
    void duplicateAddressAcrossWorkloadsIs422() {
        api.put("/api/v1/workloads/default/first", Api.json("{'ips':['10.7.7.7']}"));
        assertUnchanged(() -> assertRefused(api.put("/api/v1/workloads/default/second", Api.json("{'ips':['10.7.7.7']}")),
                422, "ips[0]"));
    }

    @Test
    void hugeBodyIs413() {
        String huge = "{\"labels\":{\"a\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}";
        assertUnchanged(() -> assertRefused(api.put("/api/v1/namespaces/huge", huge), 413));
    }

    @Test
    void unsupportedMediaTypeIs415() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/namespaces/x", "labels=a", "text/plain"), 415));
    }

    @Test
    void emptyBodyIs400() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/namespaces/x", ""), 400));
    }

    @Test
    void badQueryParametersAre400() {
        assertUnchanged(() -> assertRefused(api.put("/api/v1/namespaces/x?wait=perhaps", "{}"), 400, "?wait"));
        assertRefused(api.get("/api/v1/workloads?selector=a%20in%20(b)"), 400, "?selector");
        assertRefused(api.get("/api/v1/audit?limit=lots"), 400, "?limit");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        assertRefused(api.get("/api/v1/nothing"), 404);
        Api.Reply reply = api.send(api.request("/api/v1/namespaces/x").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json"));
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void deletingWhatIsNotThereIs404() {
        assertUnchanged(() -> assertRefused(api.delete("/api/v1/policies/ghost"), 404));
    }
}
