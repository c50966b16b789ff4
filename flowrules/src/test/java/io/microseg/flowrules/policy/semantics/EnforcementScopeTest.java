package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.WorkloadSelector;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import org.junit.jupiter.api.Test;

/** The most specific enforcement setting selecting a workload decides its mode; ties go to the first name. */
class EnforcementScopeTest {

    private static EnforcementMode modeOf(PolicyModel.Builder builder, String workload) {
        return PolicyEvaluator.of(builder.build()).modeOf(WorkloadId.parse(workload));
    }

    @Test
    void withoutSettingsTheGlobalDefaultApplies() {
        assertThat(modeOf(ThreeTierExample.builder().defaultMode(EnforcementMode.ALERT), ThreeTierExample.WEB1))
                .isEqualTo(EnforcementMode.ALERT);
    }

    @Test
    void moreRequirementsWin() {
        PolicyModel.Builder builder = ThreeTierExample.builder().enforcement(
                EnforcementSetting.of("prod", WorkloadSelector.of(LabelSelector.EVERYTHING, LabelSelector.of("env", "prod")),
                        EnforcementMode.ENFORCE),
                EnforcementSetting.of("shop-web", WorkloadSelector.labels("app", "shop", "tier", "web"),
                        EnforcementMode.MONITOR));

        assertThat(modeOf(builder, ThreeTierExample.WEB1)).isEqualTo(EnforcementMode.MONITOR);
        assertThat(modeOf(builder, ThreeTierExample.DB1)).isEqualTo(EnforcementMode.ENFORCE);
    }

    @Test
    void equalSpecificityGoesToTheAlphabeticallyFirstName() {
        PolicyModel.Builder builder = ThreeTierExample.builder().enforcement(
                EnforcementSetting.of("b-web", WorkloadSelector.labels("tier", "web"), EnforcementMode.ENFORCE),
                EnforcementSetting.of("a-shop", WorkloadSelector.labels("app", "shop"), EnforcementMode.ALERT));

        assertThat(modeOf(builder, ThreeTierExample.WEB1)).isEqualTo(EnforcementMode.ALERT);
    }

    @Test
    void aSettingThatDoesNotSelectTheWorkloadIsIgnored() {
        PolicyModel.Builder builder = ThreeTierExample.builder().defaultMode(EnforcementMode.MONITOR).enforcement(
                EnforcementSetting.of("dev-web", WorkloadSelector.of(LabelSelector.of("tier", "web"),
                        LabelSelector.of("env", "dev")), EnforcementMode.ENFORCE));

        assertThat(modeOf(builder, ThreeTierExample.WEB1)).isEqualTo(EnforcementMode.MONITOR);
    }
}
