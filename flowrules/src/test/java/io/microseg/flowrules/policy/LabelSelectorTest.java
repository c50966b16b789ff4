package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    private static final Labels PROD_WEB = Labels.of("env", "prod", "tier", "web", "app", "crm");
    private static final Labels DEV_DB = Labels.of("env", "dev", "tier", "db");

    @Test
    void theEmptySelectorSelectsEverything() {
        assertThat(LabelSelector.EVERYTHING.matches(PROD_WEB)).isTrue();
        assertThat(LabelSelector.EVERYTHING.matches(Labels.EMPTY)).isTrue();
    }

    @Test
    void matchLabelsNeedsEveryPair() {
        LabelSelector selector = LabelSelector.of("env", "prod", "tier", "web");

        assertThat(selector.matches(PROD_WEB)).isTrue();
        assertThat(selector.matches(Labels.of("env", "prod"))).isFalse();
        assertThat(selector.matches(DEV_DB)).isFalse();
    }

    @Test
    void inNeedsTheKeyWithOneOfTheValues() {
        LabelRequirement in = LabelRequirement.in("env", "prod", "staging");

        assertThat(in.matches(PROD_WEB)).isTrue();
        assertThat(in.matches(DEV_DB)).isFalse();
        assertThat(in.matches(Labels.EMPTY)).isFalse();
    }

    @Test
    void notInAlsoMatchesLabelsWithoutTheKey() {
        LabelRequirement notIn = LabelRequirement.notIn("env", "prod");

        assertThat(notIn.matches(PROD_WEB)).isFalse();
        assertThat(notIn.matches(DEV_DB)).isTrue();
        assertThat(notIn.matches(Labels.EMPTY)).isTrue();
    }

    @Test
    void existsAndDoesNotExistLookOnlyAtTheKey() {
        assertThat(LabelRequirement.exists("app").matches(PROD_WEB)).isTrue();
        assertThat(LabelRequirement.exists("app").matches(DEV_DB)).isFalse();
        assertThat(LabelRequirement.doesNotExist("app").matches(DEV_DB)).isTrue();
        assertThat(LabelRequirement.doesNotExist("app").matches(PROD_WEB)).isFalse();
    }

    @Test
    void matchLabelsAndExpressionsAreAnded() {
        LabelSelector selector = LabelSelector.of("tier", "web").and(LabelRequirement.notIn("env", "dev"));

        assertThat(selector.matches(PROD_WEB)).isTrue();
        assertThat(selector.matches(Labels.of("tier", "web", "env", "dev"))).isFalse();
        assertThat(selector.requirementCount()).isEqualTo(2);
    }

    @Test
    void operatorsParseTheKubernetesSpelling() {
        assertThat(LabelRequirement.Operator.parse("NotIn")).isEqualTo(LabelRequirement.Operator.NOT_IN);
        assertThat(LabelRequirement.Operator.parse("DoesNotExist")).isEqualTo(LabelRequirement.Operator.DOES_NOT_EXIST);
    }

    @Test
    void selectorProblemsAreReportedTogetherWithTheirPaths() {
        LabelSelector selector = new LabelSelector(Labels.of("-bad", "ok", "tier", "we b"), List.of(
                new LabelRequirement("env", LabelRequirement.Operator.IN, List.of()),
                new LabelRequirement("app", LabelRequirement.Operator.EXISTS, List.of("crm"))));

        assertThat(selector.problems("sel")).extracting(Problem::path).containsExactlyInAnyOrder(
                "sel.matchLabels[-bad]", "sel.matchLabels[tier]",
                "sel.matchExpressions[0].values", "sel.matchExpressions[1].values");
    }

    @Test
    void labelsParseAndPrint() {
        assertThat(Labels.parse("env=prod, tier=web")).isEqualTo(Labels.of("tier", "web", "env", "prod"));
        assertThat(Labels.of("tier", "web", "env", "prod")).hasToString("env=prod,tier=web");
    }
}
