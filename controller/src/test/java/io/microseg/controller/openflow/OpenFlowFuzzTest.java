package io.microseg.controller.openflow;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Coverage-guided fuzzing (Jazzer) of the OpenFlow decoder and handshake, {@link OpenFlowFuzz}: malformed
 * lengths, truncated and endless multipart replies, unknown experimenters, replies to nothing. The build's
 * {@code fuzz} surefire execution sets JAZZER_FUZZ=1, so this fuzzes for its budget; elsewhere it replays its
 * seeds and findings (src/test/resources/.../OpenFlowFuzzTestInputs/switchSendsAnything).
 * {@code -Dmicroseg.fuzz.long=true} runs {@link OpenFlowLongFuzzTest} instead.
 */
@DisabledIfSystemProperty(named = "microseg.fuzz.long", matches = "true")
class OpenFlowFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void switchSendsAnything(byte[] input) {
        OpenFlowFuzz.run(input);
    }
}
