package io.microseg.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.controller.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void flagsOverrideTheConfig() throws Exception {
        var config = Main.configure(List.of("controller", "--data-dir", "/tmp/x", "--openflow-port", "7001", "--rest-port", "0"));
        assertThat(config.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(config.openflow().port()).isEqualTo(7001);
        assertThat(config.rest().port()).isZero();
    }

    @Test
    void badArgumentsAreConfigErrors() {
        assertThatThrownBy(() -> Main.configure(List.of("--openflow-port", "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--openflow-port");
        assertThatThrownBy(() -> Main.configure(List.of("--bogus"))).hasMessageContaining("unknown argument '--bogus'");
        assertThatThrownBy(() -> Main.configure(List.of("--config"))).hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> Main.configure(List.of("--config", "/nonexistent.yaml"))).hasMessageContaining("cannot read");
    }

    @Test
    void helpIsRecognised() {
        assertThatThrownBy(() -> Main.configure(List.of("--help"))).isInstanceOf(Main.HelpRequested.class);
        assertThat(Main.USAGE).contains("--openflow-port").contains("Exit codes");
    }
}
