package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.rest.status.ReportView;
import io.microseg.rest.status.SightingView;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.rest.status.TopologyView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusAndOpsTest {

    @TempDir
    Path dir;

    static final String DPID = "00:00:00:00:00:00:00:01";

    static final NetworkStatusSource NETWORK = new NetworkStatusSource() {
        @Override
        public TopologyView topology() {
            return new TopologyView(List.of(new TopologyView.SwitchView(DPID, List.of(new TopologyView.PortView(1, "p1", true)))),
                    List.of(), List.of(new TopologyView.AttachmentView("default/a", DPID, 1, "00:00:00:00:00:0a",
                            List.of("10.0.0.1"))), List.of());
        }

        @Override
        public Optional<SwitchFlows> flows(String dpid) {
            SwitchFlows.FlowView flow = new SwitchFlows.FlowView(0, 100, "ip,nw_src=10.0.0.1", "goto:1", "0x1", 5, 500);
            return dpid.equals(DPID) ? Optional.of(new SwitchFlows(DPID, List.of(flow), List.of(), List.of(flow), List.of()))
                    : Optional.empty();
        }

        @Override
        public List<SwitchStatus> switches() {
            return List.of(new SwitchStatus(DPID, true, Optional.of(Instant.parse("2026-01-01T00:00:00Z")), true, 0));
        }

        @Override
        public List<ReportView> reports(int limit) {
            var report = new ReportView(Instant.parse("2026-01-01T00:00:00Z"), "would-deny", DPID, 3,
                    "00:00:00:00:00:0a", "10.0.0.1", "10.0.0.2", "TCP", 40000, 22, "", "default posture deny (ingress)", true);
            return List.of(report, report, report).subList(0, Math.min(3, limit));
        }

        @Override
        public boolean ready() {
            return false;
        }

        @Override
        public List<SightingView> sightings() {
            return List.of(new SightingView("default/a", DPID, 2, "00:00:00:00:00:0a",
                    List.of("10.0.0.1"), Instant.parse("2026-01-01T00:00:00Z")));
        }

        @Override
        public Confirmation confirmSighting(String workload, String dpid, long port, Duration timeout) {
            return workload.equals("default/a") && dpid.equals(DPID) && port == 2 ? Confirmation.CONFIRMED
                    : Confirmation.NOT_PENDING;
        }
    };

    @Test
    void sightingsAreListedAndConfirmedByAnOperatorOnly() {
        try (ServerFixture fixture = new ServerFixture(dir, ModelListener.NONE, NETWORK)) {
            Api viewer = fixture.withRole("v", "viewer");
            Api operator = fixture.withRole("o", "operator");
            var body = viewer.get("/api/v1/sightings").json();
            assertThat(body.get("count").asInt()).isEqualTo(1);
            var sighting = body.get("sightings").get(0);
            assertThat(sighting.get("workload").asText()).isEqualTo("default/a");
            assertThat(sighting.get("port").asInt()).isEqualTo(2);
            assertThat(sighting.get("mac").asText()).isEqualTo("00:00:00:00:00:0a");
            assertThat(sighting.get("firstSeen").asText()).isEqualTo("2026-01-01T00:00:00Z");

            assertThat(viewer.post("/api/v1/sightings/default/a/confirm", "{\"dpid\":\"0x1\",\"port\":2}").status())
                    .isEqualTo(403);
            Api.Reply confirmed = operator.post("/api/v1/sightings/default/a/confirm", "{\"dpid\":\"0x1\",\"port\":2}");
            assertThat(confirmed.status()).isEqualTo(200);
            assertThat(confirmed.json().get("dpid").asText()).isEqualTo(DPID);
            assertThat(operator.post("/api/v1/sightings/default/a/confirm", "{\"dpid\":\"0x1\",\"port\":3}").status())
                    .isEqualTo(404);
            Api.Reply invalid = operator.post("/api/v1/sightings/default/a/confirm", "{\"dpid\":\"zz\"}");
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.body()).contains("dpid", "port");
            assertThat(operator.post("/api/v1/sightings/default/a/confirm", "{\"dpid\":").status()).isEqualTo(400);
        }
    }

    @Test
    void reportsComeFromTheSourceNewestLimited() {
        try (ServerFixture fixture = new ServerFixture(dir, ModelListener.NONE, NETWORK)) {
            var body = fixture.admin.get("/api/v1/reports?limit=2").json();
            assertThat(body.get("count").asInt()).isEqualTo(2);
            assertThat(body.get("reports").get(0).get("ingressDecision").asText()).isEqualTo("default posture deny (ingress)");
            assertThat(body.get("reports").get(0).get("alert").asBoolean()).isTrue();
            assertThat(fixture.admin.get("/api/v1/reports?limit=0").status()).isEqualTo(400);
            assertThat(fixture.admin.get("/api/v1/reports?limit=x").status()).isEqualTo(400);
        }
    }

    @Test
    void networkViewsComeFromTheSource() {
        try (ServerFixture fixture = new ServerFixture(dir, ModelListener.NONE, NETWORK)) {
            Api api = fixture.admin;
            assertThat(api.get("/api/v1/topology").json().get("switches").get(0).get("dpid").asText()).isEqualTo(DPID);
            var flows = api.get("/api/v1/switches/0x1/flows").json();
            assertThat(flows.get("counts").get("missing").asInt()).isEqualTo(1);
            assertThat(flows.get("inSync").asBoolean()).isFalse();
            assertThat(api.get("/api/v1/switches/0x2/flows").status()).isEqualTo(404);
            assertThat(api.get("/api/v1/switches/zz/flows").status()).isEqualTo(400);
            var status = api.get("/api/v1/status").json();
            assertThat(status.get("modelRevision").asLong()).isZero();
            assertThat(status.get("switches").get(0).get("lastBarrier").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(api.get("/readyz").status()).isEqualTo(503);
        }
    }

    @Test
    void metricsShowRestAndStoreLatencyAndTakeControllerMeters() {
        try (ServerFixture fixture = new ServerFixture(dir)) {
            fixture.server.meterRegistry().counter("microseg.flow.pushes").increment();
            fixture.admin.put("/api/v1/namespaces/m", "{}");
            String metrics = fixture.admin.get("/metrics").body();
            assertThat(metrics).contains("microseg_rest_requests_seconds_count", "microseg_store_commit_seconds_count",
                    "microseg_model_revision 1", "microseg_flow_pushes_total 1");
        }
    }

    @Test
    void waitReturnsOnceTheControllerConfirms() {
        CompletableFuture<Void> confirmation = new CompletableFuture<>();
        ModelListener listener = (model, revision) -> model.model().namespaces().stream().anyMatch(ns -> ns.name().equals("b"))
                ? confirmation : CompletableFuture.completedFuture(null);
        try (ServerFixture fixture = new ServerFixture(dir, listener, NetworkStatusSource.NONE)) {
            var first = fixture.admin.put("/api/v1/namespaces/a?wait=true", "{}");
            assertThat(first.status()).isEqualTo(201);
            assertThat(first.json().get("applied").get("confirmed").asBoolean()).isTrue();
            assertThat(first.json().get("applied").has("millis")).isTrue();

            var pending = CompletableFuture.supplyAsync(() -> fixture.admin.put("/api/v1/namespaces/b?wait=true", "{}"));
            var unconfirmed = fixture.admin.put("/api/v1/namespaces/c", "{}");
            assertThat(unconfirmed.json().has("applied")).isFalse();
            assertThat(unconfirmed.json().get("revision").asLong()).isGreaterThan(1);
            assertThat(pending).isNotDone();
            confirmation.complete(null);
            assertThat(pending.join().status()).isEqualTo(201);
            assertThat(pending.join().json().get("applied").get("confirmed").asBoolean()).isTrue();
        }
    }

    @Test
    void failedConfirmationIsA202WithTheReason() {
        ModelListener failing = (model, revision) -> CompletableFuture.failedFuture(new IllegalStateException("switch s1 rejected"));
        try (ServerFixture fixture = new ServerFixture(dir, failing, NetworkStatusSource.NONE)) {
            var reply = fixture.admin.put("/api/v1/namespaces/a?wait=true", "{}");
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.json().get("applied").get("error").asText()).contains("switch s1 rejected");
            assertThat(fixture.admin.get("/api/v1/namespaces/a").status()).isEqualTo(200);
        }
    }
}
