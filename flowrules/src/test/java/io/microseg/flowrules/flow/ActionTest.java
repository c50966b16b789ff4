package io.microseg.flowrules.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActionTest {

    @Test
    void moveNeedsTwoWritableFieldsOfEqualWidth() {
        assertThat(new Action.Move(MatchField.ETH_SRC, MatchField.ETH_DST).dst()).isEqualTo(MatchField.ETH_DST);
        assertThat(new Action.Move(MatchField.ARP_SPA, MatchField.ARP_TPA).src()).isEqualTo(MatchField.ARP_SPA);
        assertThatThrownBy(() -> new Action.Move(MatchField.ETH_SRC, MatchField.ARP_SPA))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("equal width");
        assertThatThrownBy(() -> new Action.Move(MatchField.ARP_SHA, MatchField.ARP_SHA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Action.Move(MatchField.REG0, MatchField.IN_PORT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be written");
    }
}
