package io.microseg.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.compiler.AllocationState;
import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.DatapathId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllocationFileTest {

    private static final NetworkView VIEW = NetworkView.singleSwitch(DatapathId.of(1));

    /** The three-tier example with its workloads registered in reverse, then in order, and a relabel. */
    private static List<PolicyModel> history() {
        PolicyModel full = ThreeTierExample.model();
        List<Workload> reversed = new ArrayList<>(full.workloads());
        Collections.reverse(reversed);
        List<PolicyModel> models = new ArrayList<>();
        for (int n = 1; n <= reversed.size(); n++) {
            models.add(full.withWorkloads(reversed.subList(0, n)));
        }
        models.add(full);
        return models;
    }

    private static CompiledNetwork compiledThrough(List<PolicyModel> models) {
        CompiledNetwork compiled = CompiledNetwork.empty();
        for (PolicyModel model : models) {
            compiled = PolicyCompiler.compile(model, VIEW, compiled);
        }
        return compiled;
    }

    @Test
    void theStoredAllocationsCompileTheSameFlowsAfterARestart(@TempDir Path dir) throws Exception {
        List<PolicyModel> models = history();
        PolicyModel model = models.get(models.size() - 1);
        CompiledNetwork before = compiledThrough(models);
        assertThat(PolicyCompiler.compile(model, VIEW).flows()).as("the history matters")
                .isNotEqualTo(before.flows());

        AllocationFile file = new AllocationFile(dir);
        assertThat(file.save(before.allocations())).isTrue();
        assertThat(file.save(before.allocations())).as("unchanged: not written again").isFalse();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).containsExactly("allocations.json");
        String json = Files.readString(dir.resolve("allocations.json"));
        assertThat(json).contains("\"version\" : 1", "\"workload 10.0.1.11/32\"", "\"decisions\"");

        Optional<AllocationState> loaded = new AllocationFile(dir).load();
        assertThat(loaded).contains(before.allocations());
        CompiledNetwork after = PolicyCompiler.compile(model, VIEW, CompiledNetwork.resume(loaded.get()));
        assertThat(after.flows()).isEqualTo(before.flows());
        assertThat(after.decisions()).isEqualTo(before.decisions());
    }

    @Test
    void conntrackZonesAreStoredAndAFileWithoutThemStillLoads(@TempDir Path dir) throws Exception {
        DatapathId a = DatapathId.of(0x6d74_0000_0000_6d21L);
        DatapathId b = DatapathId.of(0x6d74_0000_0001_6d21L); // the same low 16 bits
        NetworkView view = new NetworkView(Set.of(a, b), Map.of(), Set.of(),
                Optional.empty(), Map.of());
        // b was compiled first (alone), so it holds the zone both prefer; a gets the next one
        CompiledNetwork first = PolicyCompiler.compile(ThreeTierExample.model(), NetworkView.singleSwitch(b));
        CompiledNetwork both = PolicyCompiler.compile(ThreeTierExample.model(), view, first);
        assertThat(both.zone(b)).hasValue(0x6d21);
        assertThat(both.zone(a)).hasValue(0x6d22);
        AllocationFile file = new AllocationFile(dir);
        file.save(both.allocations());
        assertThat(Files.readString(dir.resolve("allocations.json"))).contains("\"zones\"",
                "\"6d:74:00:00:00:01:6d:21\" : 27937", "\"6d:74:00:00:00:00:6d:21\" : 27938");
        CompiledNetwork resumed = PolicyCompiler.compile(ThreeTierExample.model(), view,
                CompiledNetwork.resume(new AllocationFile(dir).load().orElseThrow()));
        assertThat(resumed.zone(a)).as("not the lower dpid's preference: its stored zone").hasValue(0x6d22);
        assertThat(resumed.flows()).isEqualTo(both.flows());

        String old = Files.readString(dir.resolve("allocations.json")).replaceAll("(?s),\\s*\"zones\"\\s*:\\s*\\{[^}]*\\}", "");
        assertThat(old).doesNotContain("zones");
        Files.writeString(dir.resolve("allocations.json"), old);
        AllocationState withoutZones = new AllocationFile(dir).load().orElseThrow();
        assertThat(withoutZones.zones()).isEmpty();
        assertThat(withoutZones.identities()).isEqualTo(both.allocations().identities());
    }

    @Test
    void aMissingFileStartsFresh(@TempDir Path dir) {
        assertThat(new AllocationFile(dir).load()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json at all",
        "{\"version\": 1, \"generation\": 0, \"nextIdentity\": 9, \"identities\": {\"workload 10.0.1.11/32\": 6",
        "{\"version\": 99, \"generation\": 0, \"nextIdentity\": 9, \"nextDecision\": 20, \"identities\": {},"
                + " \"bits\": {}, \"priorities\": {}, \"decisions\": {}}",
        "{\"version\": 1, \"generation\": 0, \"nextIdentity\": 9, \"nextDecision\": 20, \"identities\": {\"a\": \"b\"},"
                + " \"bits\": {}, \"priorities\": {}, \"decisions\": {}}",
        "{\"version\": 1, \"generation\": 0, \"nextIdentity\": 9, \"nextDecision\": 20, \"identities\": {\"a\": null},"
                + " \"bits\": {}, \"priorities\": {}, \"decisions\": {}}",
        "{\"version\": 1, \"nextIdentity\": 9}",
        "[1, 2, 3]",
        "null",
        "{\"version\": 1, \"generation\": 0, \"nextIdentity\": 9, \"nextDecision\": 20, \"identities\": {},"
                + " \"bits\": {}, \"priorities\": {}, \"decisions\": {}} trailing"
    })
    void aCorruptFileStartsFreshAndIsReplacedByTheNextSave(String content, @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("allocations.json"), content, StandardCharsets.UTF_8);
        AllocationFile file = new AllocationFile(dir);
        assertThat(file.load()).isEmpty();

        CompiledNetwork compiled = PolicyCompiler.compile(ThreeTierExample.model(), VIEW);
        assertThat(file.save(compiled.allocations())).isTrue();
        assertThat(new AllocationFile(dir).load()).contains(compiled.allocations());
    }

    @Test
    void garbledEntriesInAReadableFileAreLeftToTheCompiler(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("allocations.json"), "{\"version\": 1, \"generation\": 0, \"nextIdentity\": 2,"
                + " \"nextDecision\": 16, \"identities\": {\"workload 10.0.1.11/32\": 1, \"workload 10.0.2.21/32\": 1,"
                + " \"banana\": 5}, \"bits\": {\"nowhere\": {\"x\": 99}}, \"priorities\": {}, \"decisions\": {\"y\": 16},"
                + " \"comment\": \"unknown fields are ignored\"}");
        Optional<AllocationState> loaded = new AllocationFile(dir).load();
        assertThat(loaded).isPresent();
        CompiledNetwork compiled = PolicyCompiler.compile(ThreeTierExample.model(), VIEW,
                CompiledNetwork.resume(loaded.get()));
        assertThat(compiled.stats()).isEqualTo(PolicyCompiler.compile(ThreeTierExample.model(), VIEW).stats());
        assertThat(compiled.allocations().identities().values().stream().distinct().count())
                .isEqualTo(compiled.stats().identities());
    }

    @Test
    void aRestartedEngineResumesTheStoredAllocations(@TempDir Path dir) throws Exception {
        List<PolicyModel> models = history();
        AllocationState beforeRestart;
        try (ControllerRuntime runtime = new ControllerRuntime(dpid -> List.of(), Clock.systemUTC());
             PolicyEngine engine = new PolicyEngine(runtime, PolicyModel.empty(), 0,
                     Optional.of(new AllocationFile(dir)))) {
            for (int i = 0; i < models.size(); i++) {
                engine.modelChanged(ModelValidation.validated(models.get(i)), i + 1).get(30, TimeUnit.SECONDS);
            }
            beforeRestart = engine.compiled().allocations();
        }
        assertThat(new AllocationFile(dir).load()).contains(beforeRestart);

        try (ControllerRuntime runtime = new ControllerRuntime(dpid -> List.of(), Clock.systemUTC());
             PolicyEngine engine = new PolicyEngine(runtime, PolicyModel.empty(), 0,
                     Optional.of(new AllocationFile(dir)))) {
            engine.modelChanged(ModelValidation.validated(models.get(models.size() - 1)), models.size()).get(30, TimeUnit.SECONDS);
            assertThat(engine.compiled().allocations()).isEqualTo(beforeRestart);
        }
    }
}
