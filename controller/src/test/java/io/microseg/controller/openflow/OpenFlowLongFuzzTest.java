package io.microseg.controller.openflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link OpenFlowFuzzTest} for half an hour: {@code mvn test -pl controller -am -Dmicroseg.fuzz.long=true -Dtest=OpenFlowLongFuzzTest}. */
@EnabledIfSystemProperty(named = "microseg.fuzz.long", matches = "true")
class OpenFlowLongFuzzTest {

    @FuzzTest(maxDuration = "30m")
    void switchSendsAnything(byte[] input) {
        OpenFlowFuzz.run(input);
    }
}
