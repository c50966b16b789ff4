package io.microseg.flowrules.bench;

import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.PolicyEvaluator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The REST issue's explain benchmark: 10,000 {@link PolicyEvaluator#explain} queries on {@link LargeScenario}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExplainBenchmark {

    public static final int QUERIES = 10_000;

    private PolicyEvaluator evaluator;
    private List<Connection> connections;

    @Setup(Level.Trial)
    public void setUp() {
        LargeScenario.Scenario scenario = LargeScenario.build();
        evaluator = PolicyEvaluator.of(scenario.model());
        connections = scenario.connections(QUERIES);
    }

    /** One operation is all 10,000 queries. */
    @Benchmark
    public int tenThousandExplains() {
        int allowed = 0;
        for (Connection connection : connections) {
            allowed += evaluator.explain(connection).verdict().allows() ? 1 : 0;
        }
        return allowed;
    }
}
