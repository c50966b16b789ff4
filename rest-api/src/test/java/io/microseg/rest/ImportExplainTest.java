package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Kubernetes objects imported, then asked about through /explain. */
class ImportExplainTest extends SharedServer {

    static final String CLUSTER = Api.json("""
            {'apiVersion':'v1','kind':'List','items':[
             {'apiVersion':'v1','kind':'Namespace','metadata':{'name':'shop','labels':{'kubernetes.io/metadata.name':'shop','env':'prod'}}},
             {'apiVersion':'v1','kind':'Pod','metadata':{'name':'web-1','namespace':'shop','labels':{'app':'web'}},
              'spec':{'containers':[{'name':'c','ports':[{'name':'http','containerPort':8080,'protocol':'TCP'},{'containerPort':9090}]}]},
              'status':{'phase':'Running','podIP':'10.244.0.10','podIPs':[{'ip':'10.244.0.10'},{'ip':'fd00::10'}]}},
             {'apiVersion':'v1','kind':'Pod','metadata':{'name':'db-1','namespace':'shop','labels':{'app':'db'}},
              'spec':{'containers':[{'name':'c'}]},'status':{'phase':'Running','podIP':'10.244.0.11'}},
             {'apiVersion':'v1','kind':'Pod','metadata':{'name':'node-agent','namespace':'shop'},
              'spec':{'hostNetwork':true,'containers':[]},'status':{'podIP':'172.18.0.2'}},
             {'apiVersion':'v1','kind':'Pod','metadata':{'name':'lost','namespace':'nowhere'},'spec':{},'status':{'podIP':'10.244.9.9'}},
             {'apiVersion':'v1','kind':'Service','metadata':{'name':'svc','namespace':'shop'}},
             {'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'db-from-web','namespace':'shop'},
              'spec':{'podSelector':{'matchLabels':{'app':'db'}},'policyTypes':['Ingress'],
               'ingress':[{'from':[{'podSelector':{'matchLabels':{'app':'web'}}}],'ports':[{'protocol':'TCP','port':5432}]}]}},
             {'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'broken','namespace':'shop'},
              'spec':{'podSelector':{},'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.1/8'}}]}]}}
            ]}""");

    @Test
    void importsCountsRefusesAndExplains() {
        api.put("/api/v1/settings", Api.json("{'defaultPosture':'allow'}"));
        Api.Reply reply = api.post("/api/v1/import/kubernetes", CLUSTER);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("created").get("namespaces").asInt()).isEqualTo(1);
        assertThat(body.get("created").get("pods").asInt()).isEqualTo(2);
        assertThat(body.get("created").get("networkPolicies").asInt()).isEqualTo(1);
        assertThat(body.get("refused")).extracting(r -> r.get("name").asText())
                .containsExactlyInAnyOrder("node-agent", "lost", "svc", "broken");
        assertThat(api.get("/api/v1/workloads/shop/web-1").json().get("ports").get(0).get("port").asInt()).isEqualTo(8080);
        assertThat(api.get("/api/v1/networkpolicies/shop/db-from-web").status()).isEqualTo(200);

        JsonNode results = explain("{'queries':[{'from':'shop/web-1','to':'shop/db-1','protocol':'TCP','port':5432},"
                + "{'from':'shop/web-1','to':'shop/db-1','protocol':'TCP','port':22},"
                + "{'from':'shop/db-1','to':'192.0.2.7','protocol':'UDP','port':53}]}");
        assertThat(results.get(0).get("verdict").asText()).isEqualTo("allow");
        assertThat(results.get(0).get("ingress").get("decidedBy").asText()).isEqualTo("network-policy-rule");
        assertThat(results.get(1).get("verdict").asText()).isEqualTo("deny");
        assertThat(results.get(1).get("action").asText()).isEqualTo("deny");
        assertThat(results.get(1).get("ingress").get("isolatedBy").get(0).asText()).isEqualTo("shop/db-from-web");
        assertThat(results.get(2).get("verdict").asText()).isEqualTo("allow");
        assertThat(results.get(2).get("ingress").get("decidedBy").asText()).isEqualTo("not-managed");

        Api.Reply again = api.post("/api/v1/import/kubernetes", CLUSTER);
        assertThat(again.json().get("unchanged").get("pods").asInt()).isEqualTo(2);
        assertThat(again.json().get("revision").asLong()).isEqualTo(body.get("revision").asLong());

        assertThat(api.delete("/api/v1/networkpolicies/shop/db-from-web").status()).isEqualTo(200);
        assertThat(explain("{'queries':[{'from':'shop/web-1','to':'shop/db-1','protocol':'TCP','port':22}]}")
                .get(0).get("verdict").asText()).isEqualTo("allow");
    }

    @Test
    void acceptsMultiDocumentYaml() {
        String yaml = """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: yamlns
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p1, namespace: yamlns, labels: {app: y}}
                status: {podIP: 10.250.0.1}
                """;
        Api.Reply reply = api.post("/api/v1/import/kubernetes", yaml, "application/yaml");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("created").get("pods").asInt()).isEqualTo(1);
    }

    @Test
    void badExplainQueriesAreAllNamed() {
        Api.Reply reply = api.post("/api/v1/explain", Api.json("{'queries':[{'from':'no/such','to':'10.0.0.1','port':80},"
                + "{'from':'10.0.0.1','to':'10.0.0.2','protocol':'TCP','port':70000},{'from':'10.0.0.1','protocol':'XTP'}]}"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").findValuesAsText("field")).contains("queries[0].from", "queries[1].port",
                "queries[2].to", "queries[2].protocol");
    }

    @Test
    void thousandsOfQueriesInOneCall() {
        StringBuilder queries = new StringBuilder("{\"queries\":[");
        for (int i = 0; i < 5000; i++) {
            queries.append(i == 0 ? "" : ",").append("{\"from\":\"10.1.").append(i / 250).append('.').append(i % 250)
                    .append("\",\"to\":\"10.2.0.1\",\"protocol\":\"TCP\",\"port\":").append(1 + i).append('}');
        }
        Api.Reply reply = api.post("/api/v1/explain", queries.append("]}").toString());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("results")).hasSize(5000);
    }

    private static JsonNode explain(String singleQuoted) {
        Api.Reply reply = api.post("/api/v1/explain", Api.json(singleQuoted));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().get("results");
    }
}
