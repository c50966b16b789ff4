package io.microseg.controller.openflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link OpenFlowFuzzTest} for half an hour: {@code mvn test -pl controller -am -Dmicroseg.fuzz.long=true -Dtest=OpenFlowLongFuzzTest}. */
@EnabledIfSystemProperty(named = "microseg.fuzz.long", matches = "true")
class OpenFlowLongFuzzTest {

    @FuzzTest(maxDuration = "30m")
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void switchSendsAnything(byte[] input) {
        OpenFlowFuzz.run(input);
    }
}
