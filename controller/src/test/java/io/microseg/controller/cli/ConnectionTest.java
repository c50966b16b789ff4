package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {

    @TempDir
    Path dir;

    private Connection resolve(Map<String, String> env, String... args) {
        PrintStream nowhere = new PrintStream(PrintStream.nullOutputStream());
        Console console = new Console(new ByteArrayInputStream(new byte[0]), nowhere, nowhere, env, dir, dir);
        return Connection.resolve(CommandLine.parse(List.of(args), CommandLine.Spec.GLOBAL), console);
    }

    @Test
    void defaultsToLoopbackWithoutAToken() {
        Connection connection = resolve(Map.of());
        assertThat(connection.server()).hasToString("http://127.0.0.1:8181/");
        assertThat(connection.token()).isEmpty();
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverFiles() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/admin.token"), "from-file\n");
        Map<String, String> env = Map.of("MICROSEG_SERVER", "http://10.0.0.5:9000/", "MICROSEG_TOKEN", "from-env");
        assertThat(resolve(Map.of()).token()).contains("from-file");
        assertThat(resolve(env).token()).contains("from-env");
        assertThat(resolve(env).server()).hasToString("http://10.0.0.5:9000/");
        Connection flags = resolve(env, "--token", "from-flag", "--server", "https://c.example:8443");
        assertThat(flags.token()).contains("from-flag");
        assertThat(flags.tokenSource()).isEqualTo("--token");
        assertThat(flags.server()).hasToString("https://c.example:8443/");
    }

    @Test
    void dataDirNamesTheTokenFile() throws IOException {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/admin.token"), "t1");
        assertThat(resolve(Map.of(), "--data-dir", "state").token()).contains("t1");
        assertThatThrownBy(() -> resolve(Map.of(), "--data-dir", "elsewhere"))
                .isInstanceOf(UsageException.class).hasMessageContaining("no admin.token in");
    }

    @Test
    void refusesServersThatAreNotHttpUrls() {
        assertThatThrownBy(() -> resolve(Map.of(), "--server", "127.0.0.1:8181"))
                .isInstanceOf(UsageException.class).hasMessageContaining("http:// or https://");
    }
}
