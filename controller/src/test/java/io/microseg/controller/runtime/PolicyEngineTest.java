package io.microseg.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.DatapathId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {

    private static PolicyModel withWorkloads(int n) {
        List<Workload> workloads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            workloads.add(Workload.of("default", "w" + i, Labels.parse("app=a" + (i % 3)), "10.9.0." + (i + 1)));
        }
        return PolicyModel.builder().workload(workloads.toArray(Workload[]::new)).build();
    }

    @Test
    void aBurstOfModelChangesCompletesEveryRevisionAndEndsAtTheNewest() throws Exception {
        try (ControllerRuntime runtime = new ControllerRuntime(dpid -> List.of(), Clock.systemUTC());
             PolicyEngine engine = new PolicyEngine(runtime, PolicyModel.empty(), 0)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int revision = 1; revision <= 20; revision++) {
                done.add(engine.modelChanged(ModelValidation.validated(withWorkloads(revision)), revision));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(engine.inForceRevision()).isEqualTo(20);
            assertThat(engine.compiled().stats().identities()).isPositive();
        }
    }

    @Test
    void aSwitchIsReadyOnlyOnceCompiledWithTheModelLoaded() throws Exception {
        try (ControllerRuntime runtime = new ControllerRuntime(dpid -> List.of(), Clock.systemUTC());
             PolicyEngine engine = new PolicyEngine(runtime, PolicyModel.empty(), 0)) {
            DatapathId dpid = DatapathId.of(7);
            assertThat(engine.readyFor(dpid, Duration.ZERO)).isFalse();
            engine.modelChanged(ModelValidation.validated(withWorkloads(2)), 1).get(30, TimeUnit.SECONDS);
            assertThat(engine.readyFor(dpid, Duration.ZERO)).as("not in the topology yet").isFalse();
            assertThat(engine.flowsFor(dpid)).as("an unknown switch gets the fail-closed skeleton").isNotEmpty();
        }
    }
}
