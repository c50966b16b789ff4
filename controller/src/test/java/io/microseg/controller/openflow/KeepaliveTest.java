package io.microseg.controller.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeepaliveTest {
    private static final long S = 1_000_000_000L;

    @Test
    void probesAfterIdleThenDisconnectsAfterTimeout() {
        Keepalive k = new Keepalive(5 * S, 10 * S, 0);
        assertThat(k.tick(4 * S)).isEqualTo(Keepalive.Decision.NOTHING);
        assertThat(k.tick(5 * S)).isEqualTo(Keepalive.Decision.SEND_ECHO);
        assertThat(k.tick(6 * S)).isEqualTo(Keepalive.Decision.NOTHING);
        assertThat(k.tick(14 * S)).isEqualTo(Keepalive.Decision.NOTHING);
        assertThat(k.tick(15 * S)).isEqualTo(Keepalive.Decision.DISCONNECT);
    }

    @Test
    void anyReadResetsTheProbe() {
        Keepalive k = new Keepalive(5 * S, 10 * S, 0);
        assertThat(k.tick(5 * S)).isEqualTo(Keepalive.Decision.SEND_ECHO);
        k.onRead(7 * S);
        assertThat(k.tick(11 * S)).as("no disconnect: the old probe was answered").isEqualTo(Keepalive.Decision.NOTHING);
        assertThat(k.tick(12 * S)).isEqualTo(Keepalive.Decision.SEND_ECHO);
    }
}
