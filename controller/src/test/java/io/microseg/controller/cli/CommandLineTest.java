package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static final CommandLine.Spec SPEC = CommandLine.Spec.GLOBAL.plus(new CommandLine.Spec(
            Map.of("-f", "file", "--filename", "file", "-o", "output", "--output", "output"),
            Map.of("--wait", "wait")));

    private static CommandLine parse(String... args) {
        return CommandLine.parse(List.of(args), SPEC);
    }

    @Test
    void optionsMayComeAnywhereAndRepeat() {
        CommandLine line = parse("-f", "a.yaml", "pos", "--wait", "--filename", "b.yaml", "--server", "http://x:1");
        assertThat(line.positionals()).containsExactly("pos");
        assertThat(line.values("file")).containsExactly("a.yaml", "b.yaml");
        assertThat(line.value("server")).contains("http://x:1");
        assertThat(line.has("wait")).isTrue();
        assertThat(line.has("help")).isFalse();
    }

    @Test
    void valuesMayBeAttached() {
        assertThat(parse("-ojson").value("output")).contains("json");
        assertThat(parse("-o=yaml").value("output")).contains("yaml");
        assertThat(parse("--output=yaml").value("output")).contains("yaml");
        assertThat(parse("--token=a=b").value("token")).contains("a=b");
    }

    @Test
    void aLoneDashIsAWordAndDoubleDashEndsOptions() {
        assertThat(parse("-f", "-").values("file")).containsExactly("-");
        assertThat(parse("-", "--", "-o", "--wait").positionals()).containsExactly("-", "-o", "--wait");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> parse("--nope")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --nope");
        assertThatThrownBy(() -> parse("-f")).isInstanceOf(UsageException.class)
                .hasMessage("option -f needs a value");
        assertThatThrownBy(() -> parse("--wait=yes")).isInstanceOf(UsageException.class)
                .hasMessage("option --wait takes no value");
        assertThatThrownBy(() -> parse("-o", "json", "-o", "yaml").value("output"))
                .isInstanceOf(UsageException.class).hasMessageContaining("more than once");
    }

    @Test
    void positionalCountsAreChecked() {
        assertThatThrownBy(() -> parse().expectPositionals(1, 2, "KIND [NAME]"))
                .isInstanceOf(UsageException.class).hasMessage("missing KIND [NAME]");
        assertThatThrownBy(() -> parse("a", "b", "c").expectPositionals(1, 2, "KIND [NAME]"))
                .isInstanceOf(UsageException.class).hasMessage("unexpected argument 'c' (expected KIND [NAME])");
    }

    @Test
    void helpIsAGlobalFlag() {
        assertThat(parse("-h").has("help")).isTrue();
        assertThat(parse("--help").has("help")).isTrue();
    }
}
