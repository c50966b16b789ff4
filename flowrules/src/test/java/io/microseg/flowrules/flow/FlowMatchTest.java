package io.microseg.flowrules.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowMatchTest {

    @Test
    void builderAddsEthTypeAndIpProtoPrerequisites() {
        FlowMatch match = FlowMatch.builder().exact(MatchField.TCP_DST, 80).build();
        assertThat(match.exact(MatchField.ETH_TYPE)).contains(0x0800L);
        assertThat(match.exact(MatchField.IP_PROTO)).contains(6L);
        assertThat(FlowMatch.builder().arpTpa(Ipv4Address.parse("10.0.0.1")).build().exact(MatchField.ETH_TYPE)).contains(0x0806L);
    }

    @Test
    void contradictoryPrerequisitesAreRefused() {
        assertThatThrownBy(() -> FlowMatch.builder().exact(MatchField.TCP_DST, 80).exact(MatchField.UDP_DST, 53).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IP_PROTO");
        assertThatThrownBy(() -> FlowMatch.builder().ethType(0x0806).ipv4Dst(Ipv4Address.parse("10.0.0.1")))
                .hasMessageContaining("ETH_TYPE");
    }

    @Test
    void equalityIgnoresInsertionOrderAndNormalisesUnderTheMask() {
        FlowMatch a = FlowMatch.builder().reg(0, 1).ipv4Src(Ipv4Prefix.parse("10.0.0.0/8")).build();
        FlowMatch b = FlowMatch.builder().ipv4Src(Ipv4Prefix.parse("10.0.0.0/8")).reg(0, 1).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(FlowMatch.builder().reg(1, 0x1f, 0xf0).build()).isEqualTo(FlowMatch.builder().reg(1, 0x10, 0xf0).build());
        assertThat(FlowMatch.builder().reg(1, 0, 0).build()).isEqualTo(FlowMatch.any());
    }

    @Test
    void valuesWiderThanTheFieldAreRefused() {
        assertThatThrownBy(() -> FlowMatch.builder().exact(MatchField.TCP_DST, 70000)).hasMessageContaining("16 bits");
        assertThatThrownBy(() -> FlowMatch.builder().masked(MatchField.IP_PROTO, 6, 0x0f)).hasMessageContaining("cannot be masked");
        assertThatThrownBy(() -> MatchField.register(7)).hasMessageContaining("reg7");
    }

    @Test
    void matchesPacketsUnderMasks() {
        FlowMatch match = FlowMatch.builder().ipv4Dst(Ipv4Prefix.parse("10.1.0.0/16")).exact(MatchField.TCP_DST, 443).build();
        Map<MatchField, Long> packet = Map.of(MatchField.ETH_TYPE, 0x0800L, MatchField.IP_PROTO, 6L,
                MatchField.IPV4_DST, Ipv4Address.parse("10.1.2.3").unsigned(), MatchField.TCP_DST, 443L);
        assertThat(match.matches(packet)).isTrue();
        assertThat(match.matches(Map.of(MatchField.ETH_TYPE, 0x0800L))).isFalse();
        assertThat(FlowMatch.any().matches(Map.of())).isTrue();
    }

    @Test
    void printsLikeOvsOfctl() {
        assertThat(FlowMatch.builder().ipv4Dst(Ipv4Prefix.parse("10.1.0.0/16")).ctState(CtState.TRK | CtState.NEW,
                CtState.TRK | CtState.NEW | CtState.EST).build().toString())
                .contains("ipv4_dst=10.1.0.0/16").contains("ct_state=+new-est+trk");
    }
}
