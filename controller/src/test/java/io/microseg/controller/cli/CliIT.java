package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.microseg.rest.ModelListener;
import io.microseg.rest.NetworkStatusSource;
import io.microseg.rest.RestConfig;
import io.microseg.rest.RestServer;
import io.microseg.rest.status.SightingView;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchStatus;
import io.microseg.rest.status.TopologyView;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against the real REST server (Jersey on Grizzly) on an ephemeral loopback port, in-process. */
class CliIT {

    private static final String ADMIN = "cli-test-admin";

    static final String THREE_TIER = """
            apiVersion: microseg.io/v1
            kind: Namespace
            metadata: {name: prod, labels: {env: prod}}
            ---
            apiVersion: microseg.io/v1
            kind: Workload
            metadata: {name: web1, namespace: prod, labels: {app: web}}
            spec: {ips: [10.0.0.1], mac: "00:00:00:00:00:01", ports: [{name: http, protocol: TCP, port: 80}]}
            ---
            apiVersion: microseg.io/v1
            kind: Workload
            metadata: {name: db1, namespace: prod, labels: {app: db}}
            spec: {ips: [10.0.0.2], mac: "00:00:00:00:00:02"}
            ---
            apiVersion: microseg.io/v1
            kind: Policy
            metadata: {name: db-from-web}
            spec:
              tier: application
              priority: 100
              appliedTo: {segment: db}
              ingress:
              - action: allow
                from: [{segment: web}]
                ports: [{protocol: TCP, port: 3306}]
            ---
            apiVersion: microseg.io/v1
            kind: Segment
            metadata: {name: web}
            spec: {workloadSelector: {matchLabels: {app: web}}}
            ---
            apiVersion: microseg.io/v1
            kind: Segment
            metadata: {name: db}
            spec: {workloadSelector: {matchLabels: {app: db}}}
            """;

    @TempDir
    Path dataDir;
    @TempDir
    Path workDir;

    private RestServer server;
    private CliRunner cli;
    private final AtomicBoolean confirmed = new AtomicBoolean();

    @BeforeEach
    void start() {
        NetworkStatusSource network = new NetworkStatusSource() {
            @Override
            public TopologyView topology() {
                return new TopologyView(List.of(new TopologyView.SwitchView("00:00:00:00:00:00:00:01",
                        List.of(new TopologyView.PortView(1, "s1-eth1", true)))), List.of(),
                        List.of(new TopologyView.AttachmentView("prod/web1", "00:00:00:00:00:00:00:01", 1,
                                "00:00:00:00:00:00:00:01", List.of("10.0.0.1"))), List.of());
            }

            @Override
            public Optional<SwitchFlows> flows(String dpid) {
                return Optional.empty();
            }

            @Override
            public List<SwitchStatus> switches() {
                return List.of(new SwitchStatus("00:00:00:00:00:00:00:01", true,
                        Optional.of(Instant.parse("2024-05-01T10:00:00Z")), true, 0));
            }

            @Override
            public List<SightingView> sightings() {
                return confirmed.get() ? List.of() : List.of(new SightingView("prod/web2",
                        "00:00:00:00:00:00:00:01", 3, "00:00:00:00:00:00:00:02", List.of("10.0.0.2"),
                        Instant.parse("2024-05-01T10:00:00Z")));
            }

            @Override
            public Confirmation confirmSighting(String workload, String dpid, long port, Duration timeout) {
                boolean pending = !confirmed.get() && workload.equals("prod/web2")
                        && dpid.equals("00:00:00:00:00:00:00:01") && port == 3;
                confirmed.set(confirmed.get() || pending);
                return pending ? Confirmation.CONFIRMED : Confirmation.NOT_PENDING;
            }
        };
        server = RestServer.start(RestConfig.of(dataDir, Map.of()).withAddress("127.0.0.1", 0).withAdminToken(ADMIN),
                ModelListener.NONE, network, RestServer.newMeterRegistry());
        cli = new CliRunner(Map.of("MICROSEG_SERVER", server.uri().toString(), "MICROSEG_TOKEN", ADMIN), workDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(workDir.resolve(name), text);
    }

    @Test
    void appliesInDependencyOrderThenReportsUnchangedAndConfigured() throws IOException {
        write("three-tier.yaml", THREE_TIER);

        CliRunner.Run first = cli.run("apply", "-f", "three-tier.yaml");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("""
                namespace/prod created
                segment/web created
                segment/db created
                workload/prod/web1 created
                workload/prod/db1 created
                policy/db-from-web created
                """);

        CliRunner.Run again = cli.run("apply", "-f", "three-tier.yaml");
        assertThat(again.out()).contains("workload/prod/web1 unchanged", "policy/db-from-web unchanged");

        CliRunner.Run changed = cli.runWithStdin("""
                apiVersion: microseg.io/v1
                kind: Workload
                metadata: {name: web1, namespace: prod, labels: {app: web, version: v2}}
                spec: {ips: [10.0.0.1], mac: "00:00:00:00:00:01"}
                """, "apply", "-f", "-");
        assertThat(changed.out()).isEqualTo("workload/prod/web1 configured\n");
        assertThat(changed.code()).isZero();
    }

    @Test
    void aRefusedObjectRefusesTheWholeApplyAndEveryProblemIsShownAtItsDocument() {
        CliRunner.Run run = cli.runWithStdin("""
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: ok}
                ---
                apiVersion: microseg.io/v1
                kind: Policy
                metadata: {name: bad}
                spec:
                  tier: application
                  priority: 100
                  appliedTo: {segment: web}
                  ingress:
                  - action: allow
                    ports: [{protocol: TCP, port: 443}, {protocol: XTP, port: 1}]
                """, "apply", "-f", "-");

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("apply refused, nothing was applied: Invalid object (422): ").contains(
                "\n  <stdin> document 2 (policy/bad): spec.ingress[0].ports[1].protocol: not a protocol",
                "\n  <stdin> document 2 (policy/bad): spec.appliedTo[0].segment: no such segment: web");
        assertThat(cli.run("get", "ns", "ok").code()).isEqualTo(1);
    }

    @Test
    void aDirectoryOfManifestsIsOneRequestAndOneRevision() throws IOException {
        Files.createDirectories(workDir.resolve("manifests"));
        write("manifests/1-namespace.yaml", THREE_TIER.substring(0, THREE_TIER.indexOf("---")));
        write("manifests/2-rest.yaml", THREE_TIER.substring(THREE_TIER.indexOf("---") + 4));
        long before = server.revision();

        CliRunner.Run run = cli.run("apply", "-f", "manifests");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("namespace/prod created", "workload/prod/db1 created", "policy/db-from-web created");
        assertThat(server.revision()).isEqualTo(before + 1);
    }

    @Test
    void badManifestsApplyNothingAndExitTwo() {
        CliRunner.Run run = cli.runWithStdin("""
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: fine}
                ---
                apiVersion: microseg.io/v1
                kind: Segmnet
                metadata: {name: web}
                """, "apply", "-f", "-");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("nothing was applied", "<stdin> document 2: unknown kind 'Segmnet'");
        assertThat(cli.run("get", "ns", "fine").code()).isEqualTo(1);
    }

    @Test
    void importsKubernetesObjectsAsOneList() {
        CliRunner.Run run = cli.runWithStdin("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web-1, namespace: shop, labels: {app: web}}
                status: {podIP: 10.244.0.10}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: lost, namespace: nowhere}
                status: {podIP: 10.244.9.9}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: shop}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """, "apply", "-f", "-");

        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("""
                namespace/shop imported
                pod/shop/web-1 imported
                networkpolicy/shop/deny-all imported
                kubernetes import: created 1 namespace, 1 pod, 1 networkpolicy; refused 1
                """);
        assertThat(run.err()).startsWith("pod/nowhere/lost refused\n  ");
        assertThat(cli.run("get", "netpol", "-n", "shop").out()).contains("shop        deny-all   <all>");
    }

    @Test
    void getPrintsTablesOrRawAnswers() throws IOException {
        write("three-tier.yaml", THREE_TIER);
        assertThat(cli.run("apply", "-f", "three-tier.yaml").code()).isZero();

        CliRunner.Run web = cli.run("get", "wl", "-l", "app=web");
        assertThat(web.out()).startsWith("NAMESPACE   NAME   IPS        MAC ").contains("prod        web1   10.0.0.1")
                .doesNotContain("db1");
        assertThat(cli.run("get", "workloads", "-n", "prod").out()).contains("web1", "db1");
        assertThat(cli.run("get", "policies").out()).contains("db-from-web   application   100        segment/db");
        assertThat(cli.run("get", "seg").out()).contains("web    app=web");
        assertThat(cli.run("get", "tiers").out()).contains("application");
        assertThat(cli.run("get", "settings").out()).startsWith("DEFAULT-POSTURE");

        JsonNode one = Output.JSON.readTree(cli.run("get", "wl", "db1", "-n", "prod", "-o", "json").out());
        assertThat(one.path("ips").get(0).asText()).isEqualTo("10.0.0.2");
        assertThat(cli.run("get", "ns", "-o", "yaml").out()).contains("items:", "name: prod");

        CliRunner.Run missing = cli.run("get", "wl", "prod/nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: Not found (404): ");

        CliRunner.Run empty = cli.run("get", "enforcement");
        assertThat(empty.code()).isZero();
        assertThat(empty.err()).isEqualTo("No enforcement found.\n");
    }

    @Test
    void deletesAndWaits() throws IOException {
        write("three-tier.yaml", THREE_TIER);
        CliRunner.Run applied = cli.run("apply", "-f", "three-tier.yaml", "--wait");
        assertThat(applied.out()).containsPattern("policy/db-from-web created \\(enforced in \\d+ ms\\)");

        CliRunner.Run deleted = cli.run("delete", "policy", "db-from-web");
        assertThat(deleted.out()).isEqualTo("policy/db-from-web deleted\n");
        assertThat(cli.run("delete", "wl", "prod/web1", "--wait").out())
                .containsPattern("workload/prod/web1 deleted \\(enforced in \\d+ ms\\)");
        CliRunner.Run again = cli.run("delete", "policy", "db-from-web");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("404");
    }

    @Test
    void explainsWhichRuleDecided() throws IOException {
        write("three-tier.yaml", THREE_TIER);
        cli.run("apply", "-f", "three-tier.yaml");
        cli.runWithStdin("""
                apiVersion: microseg.io/v1
                kind: Settings
                spec: {defaultPosture: deny}
                ---
                apiVersion: microseg.io/v1
                kind: Policy
                metadata: {name: web-to-db}
                spec:
                  tier: application
                  priority: 100
                  appliedTo: {segment: web}
                  egress:
                  - action: allow
                    to: [{segment: db}]
                    ports: [{protocol: TCP, port: 3306}]
                """, "apply", "-f", "-");

        CliRunner.Run allowed = cli.run("explain", "prod/web1", "prod/db1", "tcp/3306");
        assertThat(allowed.code()).as(allowed.toString()).isZero();
        assertThat(allowed.out()).startsWith("prod/web1 -> prod/db1 TCP/3306: ALLOW")
                .contains("egress  at prod/web1 [enforce]: allow -- allow by application/web-to-db egress[0]",
                        "ingress at prod/db1 [enforce]: allow -- allow by application/db-from-web ingress[0]");
        CliRunner.Run denied = cli.run("explain", "prod/web1", "prod/db1", "tcp/22");
        assertThat(denied.out()).startsWith("prod/web1 -> prod/db1 TCP/22: DENY").contains("default posture");

        JsonNode json = Output.JSON.readTree(cli.run("explain", "prod/web1", "prod/db1", "tcp/22", "-o", "json").out());
        assertThat(json.path("results").get(0).path("verdict").asText()).isEqualTo("deny");
    }

    @Test
    void statusAndTopologyShowTheSwitches() {
        CliRunner.Run status = cli.run("status");
        assertThat(status.out()).startsWith("model revision 0: all switches in sync\nSWITCH ")
                .contains("00:00:00:00:00:00:00:01   yes         yes       0          2024-05-01T10:00:00Z");
        assertThat(cli.run("get", "status").out()).isEqualTo(status.out());
        assertThat(cli.run("get", "topology").out()).contains("Switches:", "1(s1-eth1)", "Workloads:", "prod/web1");
    }

    @Test
    void sightingsAreListedAndConfirmed() {
        assertThat(cli.run("get", "sightings").out()).contains("WORKLOAD", "FIRST-SEEN", "prod/web2", "10.0.0.2");
        CliRunner.Run wrongPort = cli.run("confirm", "prod/web2", "--dpid", "0x1", "--port", "4");
        assertThat(wrongPort.code()).isEqualTo(1);
        assertThat(wrongPort.err()).contains("no pending sighting");
        assertThat(cli.run("confirm", "prod/web2", "--dpid", "0x1").code()).isEqualTo(2);
        assertThat(cli.run("confirm", "web2").code()).isEqualTo(2);
        assertThat(cli.run("confirm", "prod/web1").err()).contains("no pending sighting of prod/web1");
        CliRunner.Run ok = cli.run("confirm", "prod/web2");
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("workload prod/web2 confirmed at 00:00:00:00:00:00:00:01 port 3\n");
        assertThat(cli.run("get", "sightings").out()).isEqualTo("no pending sightings\n");
    }

    @Test
    void explainsAuthenticationAndAuthorizationFailures() {
        CliRunner.Run wrong = cli.run("get", "ns", "--token", "nope");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("error: the server did not accept the token (401 Unauthorized)")
                .contains("the token from --token is unknown");

        CliRunner anonymous = new CliRunner(Map.of("MICROSEG_SERVER", server.uri().toString()), workDir);
        CliRunner.Run none = anonymous.run("get", "ns");
        assertThat(none.err()).contains("no token was sent");

        ApiClient admin = new ApiClient(new Connection(server.uri(), Optional.of(ADMIN), "test"));
        JsonNode token = admin.post("/api/v1/tokens", Output.JSON.createObjectNode().put("name", "ro")
                .put("role", "viewer")).json();
        CliRunner.Run forbidden = cli.runWithStdin("""
                apiVersion: microseg.io/v1
                kind: Namespace
                metadata: {name: x}
                """, "apply", "-f", "-", "--token", token.path("token").asText());
        assertThat(forbidden.code()).isEqualTo(1);
        assertThat(forbidden.err()).startsWith("apply refused, nothing was applied: forbidden (403)");
    }

    @Test
    void saysHowToStartTheControllerWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRunner.Run run = cli.run("status", "--server", "http://127.0.0.1:" + port);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the controller at http://127.0.0.1:" + port,
                "is the controller running? ./microseg controller");
    }

    @Test
    void usageErrorsExitTwoAndHelpHasExamples() {
        assertThat(cli.run("get").code()).isEqualTo(2);
        assertThat(cli.run("get", "pods").err()).contains("unknown kind 'pods'");
        assertThat(cli.run("delete", "settings", "x").code()).isEqualTo(2);
        assertThat(cli.run("frobnicate").code()).isEqualTo(2);
        CliRunner.Run help = cli.run("apply", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("usage: ./microseg apply", "Examples:");
        assertThat(cli.run("--help").out()).contains("explain FROM TO PROTO[/PORT]");
    }
}
