package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Policy;
import org.junit.jupiter.api.Test;

class PolicyContractTest extends SharedServer {

    static final String WEB = Api.json("{'labels':{'app':'web','env':'prod'},'ips':['10.0.0.1'],'mac':'00:00:00:00:00:01',"
            + "'ports':[{'name':'http','protocol':'TCP','port':80}],'location':{'dpid':'00:00:00:00:00:00:00:01','port':1}}");

    @Test
    void workloadRoundTripsAndIsSelectable() {
        assertThat(api.put("/api/v1/workloads/default/web1", WEB).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/workloads/default/db1",
                Api.json("{'labels':{'app':'db','env':'prod'},'ips':['10.0.0.2']}")).status()).isEqualTo(201);

        var web = api.get("/api/v1/workloads/default/web1").json();
        assertThat(web.get("namespace").asText()).isEqualTo("default");
        assertThat(web.get("ips").get(0).asText()).isEqualTo("10.0.0.1");
        assertThat(web.get("location").get("port").asLong()).isEqualTo(1);

        var selected = api.get("/api/v1/workloads?selector=app%3Dweb,env%3Dprod").json().get("items");
        assertThat(selected).hasSize(1);
        assertThat(selected.get(0).get("name").asText()).isEqualTo("web1");
        assertThat(api.get("/api/v1/workloads?selector=env%3Dprod").json().get("items")).hasSize(2);
        assertThat(api.get("/api/v1/workloads?selector=app!%3Dweb").json().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/workloads/default").json().get("items")).hasSize(2);
    }

    @Test
    void segmentAndPolicyLandInTheModel() {
        assertThat(api.put("/api/v1/segments/web", Api.json("{'workloadSelector':{'matchLabels':{'app':'web'}}}"))
                .status()).isEqualTo(201);
        assertThat(api.put("/api/v1/segments/lb", Api.json("{'ipBlocks':[{'cidr':'192.0.2.0/24','except':['192.0.2.128/25']}]}"))
                .status()).isEqualTo(201);
        String policy = Api.json("{'tier':'application','priority':100,'appliedTo':{'segment':'web'},'staged':false,"
                + "'ingress':[{'action':'allow','from':[{'segment':'lb'},{'workloadSelector':{'matchLabels':{'app':'x'}},"
                + "'namespaceSelector':{}},{'ipBlock':{'cidr':'198.51.100.0/24','except':[]}}],"
                + "'ports':[{'protocol':'TCP','port':443,'endPort':null}]}],"
                + "'egress':[{'action':'deny','to':[{'segment':'lb'}],'ports':[{'protocol':'UDP','port':53}]}]}");

        Api.Reply reply = api.put("/api/v1/policies/web-in", policy);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        Policy model = fixture.server.model().policies().stream().filter(p -> p.name().equals("web-in")).findFirst()
                .orElseThrow();
        assertThat(model.tier()).isEqualTo("application");
        assertThat(model.ingress().get(0).peers()).hasSize(3);
        assertThat(model.egress()).hasSize(1);
        var read = api.get("/api/v1/policies/web-in").json();
        assertThat(read.get("appliedTo").get(0).get("segment").asText()).isEqualTo("web");
        assertThat(read.get("ingress").get(0).get("from")).hasSize(3);
        assertThat(api.get("/api/v1/policies").json().get("items")).isNotEmpty();
    }

    @Test
    void policyReferencingAMissingSegmentIsRefused() {
        long before = fixture.server.revision();
        Api.Reply reply = api.put("/api/v1/policies/orphan", Api.json("{'appliedTo':{'segment':'nope'},"
                + "'ingress':[{'action':'allow','from':[{'segment':'nope-either'}]}]}"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("appliedTo[0].segment", "ingress[0].from[0].segment");
        assertThat(api.get("/api/v1/policies/orphan").status()).isEqualTo(404);
        assertThat(fixture.server.revision()).isEqualTo(before);
    }

    @Test
    void deletingASegmentInUseIsRefused() {
        api.put("/api/v1/segments/used", Api.json("{'workloadSelector':{'matchLabels':{'app':'used'}}}"));
        api.put("/api/v1/policies/uses", Api.json("{'appliedTo':{'segment':'used'}}"));

        Api.Reply reply = api.delete("/api/v1/segments/used");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("object").asText()).isEqualTo("policies/uses");
        assertThat(api.get("/api/v1/segments/used").status()).isEqualTo(200);
    }
}
