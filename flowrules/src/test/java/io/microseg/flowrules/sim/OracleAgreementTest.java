package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link OracleAgreement} on the compiled flows, 120 random models. */
class OracleAgreementTest {

    static Stream<Long> seeds() {
        return OracleAgreement.seeds(120);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void thePipelineDoesWhatTheOracleSays(long seed) {
        assertThat(OracleAgreement.mismatches(seed, UnaryOperator.identity())).as("seed %d", seed).isEmpty();
    }
}
