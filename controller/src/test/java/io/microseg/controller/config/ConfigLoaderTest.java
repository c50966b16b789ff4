package io.microseg.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void shippedConfigFileLoadsAndEqualsTheDefaults() throws Exception {
        Path shipped = Path.of("..", "config", "microseg.yaml");
        assertThat(ConfigLoader.load(shipped)).isEqualTo(ControllerConfig.defaults());
    }

    @Test
    void trunkPortsArePinnedOrEmpty() throws Exception {
        assertThat(ConfigLoader.parse("", "t").discovery().trunkPorts()).isEmpty();
        ControllerConfig c = ConfigLoader.parse("discovery: {trunkPorts: [\"00:00:00:00:00:00:00:01/20\", \"0x2/20\"]}", "t");
        assertThat(c.discovery().trunkPorts()).containsExactlyInAnyOrder(ConnectPoint.of(1, 20),
                ConnectPoint.of(2, 20));
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {trunkPorts: \"0x1/20\"}", "f"))
                .hasMessageContaining("discovery.trunkPorts: expected a list");
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {trunkPorts: [\"0x1\"]}", "f"))
                .hasMessageContaining("discovery.trunkPorts[0]");
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {trunkPorts: [7]}", "f"))
                .hasMessageContaining("discovery.trunkPorts[0]");
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {trunkPorts: [\"0x1/20\", \"1/20\"]}", "f"))
                .hasMessageContaining("discovery.trunkPorts[1]").hasMessageContaining("twice");
    }

    @Test
    void emptyFileMeansDefaults() throws Exception {
        assertThat(ConfigLoader.parse("", "t")).isEqualTo(ControllerConfig.defaults());
    }

    @Test
    void valuesOverrideDefaults() throws Exception {
        ControllerConfig c = ConfigLoader.parse("""
                openflow: {port: 7000}
                keepalive: {echoIntervalSeconds: 1.5}
                logLevel: DEBUG
                """, "t");
        assertThat(c.openflow().port()).isEqualTo(7000);
        assertThat(c.openflow().address()).isEqualTo("127.0.0.1");
        assertThat(c.keepalive().interval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.logLevel()).isEqualTo("debug");
    }

    @Test
    void theJvmHeapCapIsAWholeNumberOfMebibytes() throws Exception {
        assertThat(ConfigLoader.parse("jvm: {maxHeapMegabytes: 192}", "f")).isEqualTo(ControllerConfig.defaults());
        assertThatThrownBy(() -> ConfigLoader.parse("jvm: {maxHeapMegabytes: 32}", "f"))
                .hasMessageContaining("jvm.maxHeapMegabytes: expected a whole number 64..");
        assertThatThrownBy(() -> ConfigLoader.parse("jvm: {maxHeapMegabytes: 192m}", "f"))
                .hasMessageContaining("jvm.maxHeapMegabytes");
        assertThatThrownBy(() -> ConfigLoader.parse("jvm: {maxHeap: 192}", "f"))
                .hasMessageContaining("unknown key 'jvm.maxHeap'");
    }

    @Test
    void unknownKeyIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.parse("openflow:\n  prot: 6653\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'openflow.prot'")
                .hasMessageContaining("[address, claimProbeSeconds, maxConnections, maxMultipartBytes, port,");
        assertThatThrownBy(() -> ConfigLoader.parse("datadir: x\n", "f.yaml"))
                .hasMessageContaining("unknown key 'datadir'");
    }

    @Test
    void wrongTypesAndRangesNameTheKey() {
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {port: abc}", "f")).hasMessageContaining("openflow.port")
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> ConfigLoader.parse("rest: {port: 70000}", "f")).hasMessageContaining("rest.port");
        assertThatThrownBy(() -> ConfigLoader.parse("keepalive: {echoTimeoutSeconds: -1}", "f"))
                .hasMessageContaining("keepalive.echoTimeoutSeconds");
        assertThatThrownBy(() -> ConfigLoader.parse("logLevel: loud", "f")).hasMessageContaining("logLevel");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: 5", "f")).hasMessageContaining("openflow: expected a mapping");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {address: not-an-ip}", "f")).hasMessageContaining("openflow.address");
    }

    @Test
    void discoveryTimeoutMustOutliveALostProbe() throws Exception {
        assertThat(ConfigLoader.parse("discovery: {probeIntervalSeconds: 1, linkTimeoutSeconds: 3}", "f").discovery().linkTimeout())
                .isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {probeIntervalSeconds: 5, linkTimeoutSeconds: 6}", "f"))
                .hasMessageContaining("discovery.linkTimeoutSeconds");
        assertThatThrownBy(() -> ConfigLoader.parse("discovery: {probe: 5}", "f")).hasMessageContaining("discovery.probe");
    }

    @Test
    void restTlsNamesTheKeystoreAndThePasswordVariable() throws Exception {
        var tls = ConfigLoader.parse("rest: {tlsKeystore: /etc/microseg/api.p12}", "f").restTls().orElseThrow();
        assertThat(tls.keystore()).isEqualTo(Path.of("/etc/microseg/api.p12"));
        assertThat(tls.passwordEnv()).isEqualTo("MICROSEG_TLS_PASSWORD");
        assertThat(ConfigLoader.parse("", "f").restTls()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.parse("rest: {tlsPasswordEnv: X}", "f")).hasMessageContaining("rest.tlsPasswordEnv");
    }

    @Test
    void dataPlaneTaggedFramesAndPinnedZones() throws Exception {
        ControllerConfig config = ConfigLoader.parse("dataPlane:\n  taggedFrames: allow\n  conntrackZones:\n"
                + "    \"6d:74:00:00:00:00:6d:01\": 100\n    0x2: 200\n", "f");
        assertThat(config.dataPlane().dropTaggedFrames()).isFalse();
        assertThat(config.dataPlane().pinnedZones()).isEqualTo(Map.of(
                DatapathId.of(0x6d74_0000_0000_6d01L), 100, DatapathId.of(2), 200));
        assertThat(ConfigLoader.parse("dataPlane: {}", "f").dataPlane().dropTaggedFrames()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {taggedFrames: maybe}", "f"))
                .hasMessageContaining("dataPlane.taggedFrames");
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {conntrackZones: {\"0x1\": 7, \"0x2\": 7}}", "f"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zone 7 is already pinned for 0x1");
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {conntrackZones: {\"0x1\": 7, \"1\": 8}}", "f"))
                .hasMessageContaining("pinned twice");
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {conntrackZones: {\"0x1\": 0}}", "f"))
                .hasMessageContaining("dataPlane.conntrackZones.0x1: expected a conntrack zone 1..65535");
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {conntrackZones: {\"nope\": 3}}", "f"))
                .hasMessageContaining("dataPlane.conntrackZones.nope");
        assertThatThrownBy(() -> ConfigLoader.parse("dataPlane: {conntrackZones: [1]}", "f"))
                .hasMessageContaining("dataPlane.conntrackZones: expected a mapping");
    }

    @Test
    void reportRotationLimits() throws Exception {
        ControllerConfig config = ConfigLoader.parse("reports: {maxFileMegabytes: 0.5, maxFileAgeHours: 2, keepFiles: 4}",
                "f");
        assertThat(config.reports()).isEqualTo(new ControllerConfig.Reports(512 * 1024, Duration.ofHours(2), 4));
        assertThat(ControllerConfig.defaults().reports())
                .isEqualTo(new ControllerConfig.Reports(256L << 20, Duration.ofHours(24), 31));
        assertThatThrownBy(() -> ConfigLoader.parse("reports: {keepFiles: 0}", "f")).hasMessageContaining("reports.keepFiles");
        assertThatThrownBy(() -> ConfigLoader.parse("reports: {maxFileMegabytes: -1}", "f"))
                .hasMessageContaining("reports.maxFileMegabytes");
        assertThatThrownBy(() -> ConfigLoader.parse("reports: {maxFileAgeHours: x}", "f"))
                .hasMessageContaining("reports.maxFileAgeHours");
        assertThatThrownBy(() -> ConfigLoader.parse("reports: {size: 1}", "f")).hasMessageContaining("reports.size");
    }

    @Test
    void brokenYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {port: 1\n", "f")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void openflowLimitsAndTlsHaveDefaultsAndAreChecked() throws Exception {
        ControllerConfig d = ConfigLoader.parse("", "f");
        assertThat(d.openflow().address()).isEqualTo("127.0.0.1");
        assertThat(d.openflowSecurity().maxConnections()).isEqualTo(1024);
        assertThat(d.openflowSecurity().tls()).isEmpty();
        ControllerConfig c = ConfigLoader.parse("openflow: {maxConnections: 10, maxMultipartBytes: 1048576, claimProbeSeconds: 1,"
                + " tlsKeystore: /k.p12, tlsCaCert: /ca.pem}", "f");
        assertThat(c.openflowSecurity().maxConnections()).isEqualTo(10);
        assertThat(c.openflowSecurity().maxMultipartBytes()).isEqualTo(1048576);
        assertThat(c.openflowSecurity().claimProbeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.openflowSecurity().tls().orElseThrow().passwordEnv()).isEqualTo("MICROSEG_OPENFLOW_TLS_PASSWORD");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {maxConnections: 0}", "f")).hasMessageContaining("openflow.maxConnections");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {maxMultipartBytes: x}", "f")).hasMessageContaining("openflow.maxMultipartBytes");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {tlsKeystore: /k.p12}", "f")).hasMessageContaining("openflow.tlsCaCert");
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {tlsPasswordEnv: X}", "f")).hasMessageContaining("openflow.tlsPasswordEnv");
    }
}
