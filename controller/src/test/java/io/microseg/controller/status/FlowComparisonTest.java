package io.microseg.controller.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.rest.status.SwitchFlows;
import io.microseg.rest.status.SwitchFlows.FlowView;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowComparisonTest {
    private static final Cookie COOKIE = Cookie.of(FlowCategory.SKELETON, 0);
    private static final FlowEntry DROP = FlowEntry.of(3, 0, FlowMatch.any(), COOKIE);
    private static final FlowEntry NEXT = FlowEntry.of(7, 0, FlowMatch.any(), COOKIE, new Instruction.GotoTable(8));

    private static FlowComparison.Foreign foreign(String match) {
        return new FlowComparison.Foreign(new FlowView(0, 500, match, "[drop]", "0x0", 3, 180));
    }

    @Test
    void foreignFlowsOfOneTableAndPriorityAreEachListed() {
        SwitchFlows flows = FlowComparison.compare("d", List.of(DROP), List.of(new FlowComparison.Ours(DROP, 1, 60),
                foreign("in_port=1"), foreign("in_port=2")));

        assertThat(flows.installed()).hasSize(3);
        assertThat(flows.unexpected()).extracting(FlowView::match).containsExactly("in_port=1", "in_port=2");
        assertThat(flows.missing()).isEmpty();
    }

    @Test
    void aDesiredFlowIsMissingWhenAbsentOrWhenItsInstructionsDiffer() {
        FlowEntry otherNext = FlowEntry.of(7, 0, FlowMatch.any(), COOKIE, new Instruction.GotoTable(9));
        SwitchFlows flows = FlowComparison.compare("d", List.of(DROP, NEXT),
                List.of(new FlowComparison.Ours(otherNext, 0, 0)));

        assertThat(flows.missing()).extracting(FlowView::table).containsExactly(3, 7);
        assertThat(flows.unexpected()).singleElement().satisfies(view -> assertThat(view.actions()).contains("9"));
        assertThat(flows.desired()).hasSize(2);
    }

    @Test
    void inSyncWhenEveryDesiredFlowIsInstalledAsIs() {
        SwitchFlows flows = FlowComparison.compare("d", List.of(DROP, NEXT),
                List.of(new FlowComparison.Ours(NEXT, 5, 300), new FlowComparison.Ours(DROP, 0, 0)));

        assertThat(flows.missing()).isEmpty();
        assertThat(flows.unexpected()).isEmpty();
        assertThat(flows.installed()).extracting(FlowView::packets).containsExactly(5L, 0L);
    }
}
