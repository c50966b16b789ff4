package io.microseg.controller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void shippedConfigFileLoadsAndEqualsTheDefaults() throws Exception {
        Path shipped = Path.of("..", "config", "microseg.yaml");
        assertThat(ConfigLoader.load(shipped)).isEqualTo(ControllerConfig.defaults());
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
        assertThat(c.openflow().address()).isEqualTo("0.0.0.0");
        assertThat(c.keepalive().interval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.logLevel()).isEqualTo("debug");
    }

    @Test
    void unknownKeyIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.parse("openflow:\n  prot: 6653\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'openflow.prot'")
                .hasMessageContaining("[address, port]");
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
    void brokenYamlSaysWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("openflow: {port: 1\n", "f")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }
}
