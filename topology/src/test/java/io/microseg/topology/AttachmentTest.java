package io.microseg.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttachmentTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    @Test
    void copiesIpsInOrder() {
        Attachment host = Attachment.of(MAC, Set.of(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("10.0.0.1")),
                ConnectPoint.of(1, 1), Instant.EPOCH);
        assertThat(host.ips()).containsExactly(Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"));
        assertThat(host.hasIp(Ipv4Address.parse("10.0.0.2"))).isTrue();
        assertThatThrownBy(() -> host.ips().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aWorkloadHasAUnicastMac() {
        assertThatThrownBy(() -> Attachment.of(MacAddress.BROADCAST, Set.of(), ConnectPoint.of(1, 1), Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopologyEvent.HostSeen(MacAddress.parse("01:00:5e:00:00:01"), Set.of(),
                ConnectPoint.of(1, 1), Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class);
    }
}
