package io.microseg.flowrules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnforcementSettingTest {

    @Test
    void specificityCountsTheRequirementsOfBothSelectors() {
        EnforcementSetting setting = EnforcementSetting.of("prod-web", WorkloadSelector.of(
                LabelSelector.of("tier", "web").and(LabelRequirement.exists("app")), LabelSelector.of("env", "prod")),
                EnforcementMode.ENFORCE);

        assertThat(setting.specificity()).isEqualTo(3);
    }

    @Test
    void precedenceIsMostSpecificFirstThenByName() {
        EnforcementSetting everything = EnforcementSetting.of("all", WorkloadSelector.ALL, EnforcementMode.MONITOR);
        EnforcementSetting web = EnforcementSetting.of("web", WorkloadSelector.labels("tier", "web"), EnforcementMode.ALERT);
        EnforcementSetting prod = EnforcementSetting.of("prod", WorkloadSelector.of(LabelSelector.EVERYTHING,
                LabelSelector.of("env", "prod")), EnforcementMode.ENFORCE);
        EnforcementSetting prodWeb = EnforcementSetting.of("prod-web", WorkloadSelector.of(LabelSelector.of("tier", "web"),
                LabelSelector.of("env", "prod")), EnforcementMode.ENFORCE);
        List<EnforcementSetting> settings = new ArrayList<>(List.of(everything, web, prod, prodWeb));

        settings.sort(EnforcementSetting.PRECEDENCE);

        assertThat(settings).containsExactly(prodWeb, prod, web, everything);
    }
}
