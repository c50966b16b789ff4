package io.microseg.flowrules.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.flow.TableSpec;
import io.microseg.flowrules.flow.TableSpec.Miss;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every table's miss flow on the switch is the one its {@link TableSpec} declares, and only that one. */
class TableMissTest {
    private static final int ZONE = 7;
    private static final long EPOCH = 42;

    static List<TableSpec> tables() {
        return Pipeline.TABLES;
    }

    @ParameterizedTest
    @MethodSource("tables")
    void theSkeletonHasExactlyTheDeclaredMiss(TableSpec spec) {
        List<FlowEntry> misses = SkeletonFlows.forSwitch(ZONE, EPOCH, true).stream()
                .filter(flow -> flow.table() == spec.id() && flow.priority() == Priorities.MISS).toList();

        assertThat(misses).as(spec.name()).hasSize(1);
        FlowEntry miss = misses.get(0);
        List<Instruction> instructions = miss.instructions();
        switch (spec.miss().kind()) {
            case DROP -> assertThat(instructions).as(spec.name() + " drops").isEmpty();
            case NEXT_TABLE -> {
                assertThat(instructions.get(instructions.size() - 1)).isEqualTo(new Instruction.GotoTable(spec.id() + 1));
                assertThat(cleared(instructions)).containsExactlyElementsOf(spec.miss().clears());
                long metadata = instructions.stream().filter(Instruction.WriteMetadata.class::isInstance)
                        .map(Instruction.WriteMetadata.class::cast).mapToLong(Instruction.WriteMetadata::mask).sum();
                assertThat(metadata).isEqualTo(spec.miss().clearsMetadata());
            }
            case COMMIT_THEN_NEXT -> {
                assertThat(instructions.get(instructions.size() - 1)).isEqualTo(new Instruction.GotoTable(spec.id() + 1));
                assertThat(actions(instructions)).singleElement().isInstanceOfSatisfying(Action.Conntrack.class,
                        ct -> assertThat(ct).isEqualTo(Action.Conntrack.commitWithMark(ZONE, EPOCH)));
            }
        }
    }

    @Test
    void theBitStagesClearTheirSideSoNoStaleBitLeaks() {
        assertThat(Pipeline.table(Tables.EGRESS_SOURCE_BITS).miss().clears()).containsExactly(Marks.SOURCE_BITS);
        assertThat(Pipeline.table(Tables.EGRESS_SOURCE_BITS).miss().clearsMetadata()).isEqualTo(Marks.SOURCE_MODE_MASK);
        assertThat(Pipeline.table(Tables.INGRESS_DESTINATION_BITS).miss().clears()).containsExactly(Marks.DESTINATION_BITS);
        assertThat(Pipeline.table(Tables.INGRESS_DESTINATION_BITS).miss().clearsMetadata())
                .isEqualTo(Marks.DESTINATION_MODE_MASK);
    }

    @Test
    void aMissThatGoesOnMustBeAllowedToGoToTheNextTable() {
        assertThatThrownBy(() -> new TableSpec(3, "t", "p", Set.of(), Set.of(5), Miss.NEXT_TABLE))
                .hasMessageContaining("table 4");
        assertThatThrownBy(() -> new Miss(Miss.Kind.DROP, List.of(MatchField.REG2), 0))
                .hasMessageContaining("only a next-table miss");
    }

    private static List<Action> actions(List<Instruction> instructions) {
        return instructions.stream().filter(Instruction.ApplyActions.class::isInstance)
                .flatMap(apply -> ((Instruction.ApplyActions) apply).actions().stream()).toList();
    }

    private static List<MatchField> cleared(List<Instruction> instructions) {
        return actions(instructions).stream().map(action -> {
            Action.SetField set = (Action.SetField) action;
            assertThat(set.value()).isZero();
            return set.field();
        }).toList();
    }
}
