package io.microseg.flowrules.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.PortNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowDiffTest {
    private static final Cookie C = Cookie.of(2, 0);

    private static FlowMatch port(int tcp) {
        return FlowMatch.builder().exact(MatchField.TCP_DST, tcp).build();
    }

    private static FlowEntry allow(int tcp) {
        return FlowEntry.of(1, 100, port(tcp), C, Instruction.ApplyActions.of(Action.Output.to(PortNumber.of(2))));
    }

    private static FlowEntry drop(int tcp) {
        return FlowEntry.of(1, 100, port(tcp), C);
    }

    @Test
    void sameFlowsMeanNoChange() {
        assertThat(FlowDiff.between(List.of(allow(80), drop(22)), List.of(drop(22), allow(80))).isEmpty()).isTrue();
    }

    @Test
    void cookieAloneIsNotAChange() {
        FlowEntry other = new FlowEntry(1, 100, port(80), allow(80).instructions(), Cookie.of(9, 9));
        assertThat(FlowDiff.between(List.of(allow(80)), List.of(other)).isEmpty()).isTrue();
    }

    @Test
    void sameKeyOtherInstructionsIsAModify() {
        FlowDiff diff = FlowDiff.between(List.of(drop(80)), List.of(allow(80)));
        assertThat(diff.ordered()).containsExactly(new FlowOp.Modify(drop(80)));
        assertThat(diff.restricting()).hasSize(1);
    }

    @Test
    void restrictingChangesComeBeforeWideningOnes() {
        FlowDiff diff = FlowDiff.between(List.of(allow(443), drop(22)), List.of(allow(80), drop(8080)));
        assertThat(diff.restricting()).containsExactly(new FlowOp.Add(drop(22)), new FlowOp.Delete(allow(80)));
        assertThat(diff.widening()).containsExactly(new FlowOp.Add(allow(443)), new FlowOp.Delete(drop(8080)));
        assertThat(diff.ordered()).hasSize(4).startsWith(new FlowOp.Add(drop(22)));
    }

    @Test
    void twoDesiredFlowsWithOneKeyAndDifferentInstructionsAreABug() {
        assertThatThrownBy(() -> FlowDiff.between(List.of(allow(80), drop(80)), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changeIsTheDiffFromTheOldDesiredState() {
        FlowDiff diff = FlowDiff.change(List.of(allow(80)), List.of(allow(80), allow(81)));
        assertThat(diff.ordered()).containsExactly(new FlowOp.Add(allow(81)));
    }

    @Test
    void gotoMustGoForward() {
        assertThatThrownBy(() -> FlowEntry.of(3, 1, FlowMatch.any(), C, new Instruction.GotoTable(3)))
                .hasMessageContaining("forward");
    }

    @Test
    void cookieCarriesOwnerCategoryAndId() {
        Cookie cookie = Cookie.of(0x12, 0x789abcdeL);
        assertThat(cookie.isOurs()).isTrue();
        assertThat(cookie.category()).isEqualTo(0x12);
        assertThat(cookie.id()).isEqualTo(0x789abcdeL);
        assertThat(cookie.value()).isEqualTo(0x6d12_0000_789a_bcdeL);
        assertThat(new Cookie(0).isOurs()).isFalse();
    }
}
