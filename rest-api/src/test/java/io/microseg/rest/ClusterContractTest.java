package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.Learning;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.Posture;
import org.junit.jupiter.api.Test;

class ClusterContractTest extends SharedServer {

    @Test
    void settingsDefaultThenReplace() {
        var defaults = api.get("/api/v1/settings").json();
        assertThat(defaults.get("defaultPosture").asText()).isEqualTo("deny");
        assertThat(defaults.get("resourceVersion").asLong()).isZero();
        assertThat(defaults.get("onTighten").asText()).isEqualTo("cut");
        assertThat(defaults.get("learning").asText()).isEqualTo("confirm");

        Api.Reply reply = api.put("/api/v1/settings", Api.json("{'defaultPosture':'allow','defaultMode':'monitor'}"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(fixture.server.model().settings().posture()).isEqualTo(Posture.ALLOW);
        assertThat(fixture.server.model().settings().defaultMode()).isEqualTo(EnforcementMode.MONITOR);
        assertThat(fixture.server.model().settings().onTighten()).isEqualTo(OnTighten.CUT);
        assertThat(api.put("/api/v1/settings", Api.json("{'defaultPosture':'sometimes'}")).status()).isEqualTo(422);

        assertThat(api.put("/api/v1/settings", Api.json("{'onTighten':'keep'}")).status()).isEqualTo(200);

        assertThat(fixture.server.model().settings().onTighten()).isEqualTo(OnTighten.KEEP);
        var partial = api.get("/api/v1/settings").json();
        assertThat(partial.get("onTighten").asText()).isEqualTo("keep");
        assertThat(partial.get("defaultPosture").asText()).as("a field left out is stored as its default").isEqualTo("deny");
        assertThat(partial.get("defaultMode").asText()).isEqualTo("enforce");
        assertThat(partial.get("learning").asText()).isEqualTo("confirm");
        assertThat(api.put("/api/v1/settings", Api.json("{'onTighten':'keep','defaultPosture':'deny'}")).json()
                .get("result").asText()).as("the same settings spelled out are no change").isEqualToIgnoringCase("unchanged");
        Api.Reply bad = api.put("/api/v1/settings", Api.json("{'onTighten':'sometimes'}"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("onTighten");

        assertThat(api.put("/api/v1/settings", Api.json("{'learning':'first-seen'}")).status()).isEqualTo(200);
        assertThat(fixture.server.model().settings().learning()).isEqualTo(Learning.FIRST_SEEN);
        assertThat(api.get("/api/v1/settings").json().get("learning").asText()).isEqualTo("first-seen");
        assertThat(api.put("/api/v1/settings", Api.json("{'learning':'off'}")).status()).isEqualTo(200);
        assertThat(fixture.server.model().settings().learning()).isEqualTo(Learning.OFF);
        Api.Reply badLearning = api.put("/api/v1/settings", Api.json("{'learning':'trust-everyone'}"));
        assertThat(badLearning.status()).isEqualTo(422);
        assertThat(badLearning.body()).contains("learning");
    }

    @Test
    void tiersReplaceTheDefaults() {
        assertThat(api.get("/api/v1/tiers").json().get("tiers")).hasSize(4);
        String tiers = Api.json("{'tiers':[{'name':'exception','order':100},{'name':'security','order':200},"
                + "{'name':'application','order':300},{'name':'baseline','order':400},{'name':'platform','order':150}]}");

        assertThat(api.put("/api/v1/tiers", tiers).status()).isEqualTo(201);

        assertThat(fixture.server.model().tiers()).extracting(t -> t.name()).contains("platform");
        Api.Reply duplicate = api.put("/api/v1/tiers",
                Api.json("{'tiers':[{'name':'a','order':1},{'name':'b','order':1}]}"));
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.json().get("errors").get(0).get("field").asText()).isEqualTo("tiers[1]");
    }

    @Test
    void removingATierInUseIsRefused() {
        api.put("/api/v1/segments/t", Api.json("{'workloadSelector':{'matchLabels':{'app':'t'}}}"));
        api.put("/api/v1/policies/in-security", Api.json("{'tier':'security','appliedTo':{'segment':'t'}}"));

        Api.Reply reply = api.put("/api/v1/tiers", Api.json("{'tiers':[{'name':'application','order':1}]}"));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().get("errors").get(0).get("object").asText()).isEqualTo("policies/in-security");
    }

    @Test
    void enforcementSettings() {
        Api.Reply reply = api.put("/api/v1/enforcement/pilot",
                Api.json("{'workloadSelector':{'matchLabels':{'app':'web'}},'mode':'alert'}"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(fixture.server.model().enforcementSettings()).singleElement()
                .satisfies(s -> assertThat(s.mode()).isEqualTo(EnforcementMode.ALERT));
        assertThat(api.get("/api/v1/enforcement/pilot").json().get("mode").asText()).isEqualTo("alert");
        assertThat(api.put("/api/v1/enforcement/bad", Api.json("{'mode':'loud'}")).status()).isEqualTo(422);
        assertThat(api.delete("/api/v1/enforcement/pilot").status()).isEqualTo(200);
    }
}
