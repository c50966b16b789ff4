package io.microseg.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

    @Test
    void parsesProtocolAndPort() {
        assertThat(ExplainCommand.query("prod/web1", "prod/db1", "tcp/3306").toString())
                .isEqualTo("{\"from\":\"prod/web1\",\"to\":\"prod/db1\",\"protocol\":\"TCP\",\"port\":3306}");
        assertThat(ExplainCommand.query("a/b", "10.0.0.1", "icmp").toString())
                .isEqualTo("{\"from\":\"a/b\",\"to\":\"10.0.0.1\",\"protocol\":\"ICMP\"}");
        assertThatThrownBy(() -> ExplainCommand.query("a/b", "c/d", "tcp/http")).isInstanceOf(UsageException.class)
                .hasMessage("the port must be 1..65535, not 'http'");
        assertThatThrownBy(() -> ExplainCommand.query("a/b", "c/d", "tcp/0")).isInstanceOf(UsageException.class);
    }

    @Test
    void rendersTheVerdictAndEachSide() throws IOException {
        String result = """
                {"from":"prod/web1","to":"10.9.9.9","protocol":"TCP","port":443,"verdict":"deny","action":"allow-log",
                 "egress":{"direction":"egress","workload":"prod/web1","mode":"monitor","verdict":"deny",
                   "action":"allow-log","reason":"default posture: deny","decidedBy":"default-posture",
                   "passedAt":{"tier":"security","policy":"baseline","direction":"egress","index":0,"staged":false}},
                 "ingress":{"direction":"ingress","verdict":"allow","action":"allow","reason":"not managed: allow",
                   "decidedBy":"not-managed"},
                 "staged":{"verdict":"allow","egress":{"reason":"allow by application/web egress[0]"}}}
                """;
        assertThat(ExplainCommand.render(Output.JSON.readTree(result))).isEqualTo("""
                prod/web1 -> 10.9.9.9 TCP/443: DENY (data plane: allow-log)
                  egress  at prod/web1 [monitor]: deny (data plane allow-log) -- default posture: deny
                           passed on by policy baseline (tier security) egress[0]
                  ingress at 10.9.9.9 (unmanaged): allow -- not managed: allow
                  staged: with staged policies enforced the verdict would be ALLOW
                    egress: allow by application/web egress[0]
                """);
    }
}
