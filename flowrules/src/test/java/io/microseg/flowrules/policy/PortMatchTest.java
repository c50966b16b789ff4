package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortMatchTest {

    @Test
    void goodPortsHaveNoProblems() {
        assertThat(PortMatch.tcp(443).problems("p", true)).isEmpty();
        assertThat(PortMatch.range(Protocol.TCP, 8000, 8080).problems("p", true)).isEmpty();
        assertThat(PortMatch.named(Protocol.UDP, "syslog").problems("p", true)).isEmpty();
        assertThat(PortMatch.icmp().problems("p", false)).isEmpty();
    }

    @Test
    void portZeroAndAbove65535AreBad() {
        assertThat(PortMatch.tcp(0).problems("p", false)).extracting(Problem::path).containsExactly("p.port");
        assertThat(PortMatch.tcp(65536).problems("p", false)).extracting(Problem::path).containsExactly("p.port");
        assertThat(PortMatch.range(Protocol.TCP, 1, 70000).problems("p", false)).extracting(Problem::path)
                .containsExactly("p.endPort");
    }

    @Test
    void endPortMustNotBeBelowPort() {
        assertThat(PortMatch.range(Protocol.TCP, 8080, 8000).problems("p", false)).extracting(Problem::message)
                .containsExactly("endPort 8000 is below port 8080");
    }

    @Test
    void endPortNeedsANumericPort() {
        PortMatch named = new PortMatch(Protocol.TCP, Optional.of(TransportPort.named("http")), Optional.of(90));
        PortMatch none = new PortMatch(Protocol.TCP, Optional.empty(), Optional.of(90));

        assertThat(named.problems("p", false)).extracting(Problem::path).containsExactly("p.endPort");
        assertThat(none.problems("p", false)).extracting(Problem::path).containsExactly("p.endPort");
    }

    @Test
    void networkPoliciesHaveNoIcmp() {
        assertThat(PortMatch.icmp().problems("p", true)).extracting(Problem::path).containsExactly("p.protocol");
    }

    @Test
    void transportPortsParseNumbersAndNames() {
        assertThat(TransportPort.parse("8080")).isEqualTo(TransportPort.number(8080));
        assertThat(TransportPort.parse("http")).isEqualTo(TransportPort.named("http"));
    }
}
