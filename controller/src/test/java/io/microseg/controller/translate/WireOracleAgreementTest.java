package io.microseg.controller.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.sim.OracleAgreement;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oracle-agreement suite (random models on one to three switches against the reference semantics) run on what
 * actually goes to the switch: the compiled flows translated to OpenFlow 1.4 flow-mods, serialized, parsed back and
 * decoded from the wire format ({@link WireFlows}), then simulated. A translation bug (a field mapped to the wrong OXM,
 * a wrong NXM header in a move, a lost mask) makes the switch do something else than the oracle says, and fails here.
 */
class WireOracleAgreementTest {

    private final WireFlows wire = new WireFlows();

    static Stream<Long> seeds() {
        return OracleAgreement.seeds(40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theFlowsAsTheSwitchGetsThemDoWhatTheOracleSays(long seed) {
        assertThat(OracleAgreement.mismatches(seed, wire::throughTheWire)).as("seed %d", seed).isEmpty();
    }
}
