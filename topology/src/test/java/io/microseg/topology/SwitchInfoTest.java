package io.microseg.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SwitchInfoTest {

    @Test
    void keepsPortsInNumberOrder() {
        SwitchInfo info = SwitchInfo.of(DatapathId.of(1), PortInfo.up(3, "c"), PortInfo.up(1, "a"));
        assertThat(info.ports().keySet()).containsExactly(PortNumber.of(1), PortNumber.of(3));
        assertThat(info.port(PortNumber.of(3))).contains(PortInfo.up(3, "c"));
        assertThat(info.port(PortNumber.of(2))).isEmpty();
    }

    @Test
    void rejectsDuplicatePortsAndMisfiledPorts() {
        assertThatThrownBy(() -> SwitchInfo.of(DatapathId.of(1), PortInfo.up(1, "a"), PortInfo.up(1, "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SwitchInfo(DatapathId.of(1), Map.of(PortNumber.of(2), PortInfo.up(1, "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withPortAndWithoutPortReturnCopies() {
        SwitchInfo info = SwitchInfo.of(DatapathId.of(1), PortInfo.up(1, "a"));
        SwitchInfo more = info.withPort(PortInfo.up(2, "b"));
        assertThat(info.ports()).hasSize(1);
        assertThat(more.ports()).hasSize(2);
        assertThat(more.withoutPort(PortNumber.of(1)).ports().keySet()).containsExactly(PortNumber.of(2));
        assertThatThrownBy(() -> more.ports().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void portSpeedIsPositiveWhenKnown() {
        assertThat(new PortInfo(PortNumber.of(1), "a", true, OptionalLong.of(10_000_000)).speedKbps()).hasValue(10_000_000);
        assertThatThrownBy(() -> new PortInfo(PortNumber.of(1), "a", true, OptionalLong.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PortInfo.up(1, "a").withUp(false).up()).isFalse();
    }
}
