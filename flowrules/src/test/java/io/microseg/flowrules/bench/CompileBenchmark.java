package io.microseg.flowrules.bench;

import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.topology.DatapathId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The policy issue's compile benchmarks on {@link LargeScenario}: a full compilation, and for each single change
 * (one label, one new workload, one new rule) a compilation with the previous result plus {@code changesFrom}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBenchmark {

    private LargeScenario.Scenario scenario;
    private CompiledNetwork base;
    private PolicyModel labelChanged;
    private PolicyModel workloadAdded;
    private PolicyModel ruleAdded;

    @Setup(Level.Trial)
    public void setUp() {
        scenario = LargeScenario.build();
        base = PolicyCompiler.compile(scenario.model(), scenario.view());
        labelChanged = scenario.withOneLabelChanged();
        workloadAdded = scenario.withOneNewWorkload();
        ruleAdded = scenario.withOneNewRule();
    }

    @Benchmark
    public CompiledNetwork fullCompile() {
        return PolicyCompiler.compile(scenario.model(), scenario.view());
    }

    @Benchmark
    public Map<DatapathId, FlowDiff> oneLabelChange() {
        return PolicyCompiler.compile(labelChanged, scenario.view(), base).changesFrom(base);
    }

    @Benchmark
    public Map<DatapathId, FlowDiff> oneNewWorkload() {
        return PolicyCompiler.compile(workloadAdded, scenario.view(), base).changesFrom(base);
    }

    @Benchmark
    public Map<DatapathId, FlowDiff> oneNewRule() {
        return PolicyCompiler.compile(ruleAdded, scenario.view(), base).changesFrom(base);
    }
}
