package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A restart: the allocations of a compilation that has a history of incremental changes, exported as a plain value
 * and resumed from, compile the same model to exactly the same flows, decisions and stats (nothing to delete and
 * re-add on the switches). A stored state that does not fit (unknown keys, out-of-range or colliding values) is
 * ignored entry by entry, never giving two keys one id, bit or priority.
 */
class ResumeCompileTest {

    private static final int STEPS = 20;

    static Stream<Long> seeds() {
        return new Random(7_300_021L).longs(4).boxed();
    }

    private record History(PolicyModel model, NetworkView view, CompiledNetwork compiled) {
    }

    /** A model compiled through {@code steps} random small changes, each compiled from the previous result. */
    private static History history(long seed, int steps) {
        Random random = new Random(seed);
        NetworkView view = random.nextBoolean() ? EntryCountTest.line(3)
                : EntryCountTest.line(3).withGateway(ConnectPoint.of(3, 100));
        PolicyModel model = LargeModels.model(300, 8, 3, seed);
        PolicyModel.Builder builder = model.toBuilder();
        for (int i = 0; i < 4; i++) {
            builder.networkPolicy(IncrementalCompileTest.Change.randomNetworkPolicy(random, "np" + i));
        }
        model = builder.build();
        CompiledNetwork compiled = PolicyCompiler.compile(model, view);
        for (int step = 0; step < steps; step++) {
            model = IncrementalCompileTest.Change.random(random, model).model();
            compiled = PolicyCompiler.compile(model, view, compiled);
        }
        return new History(model, view, compiled);
    }

    /** What a store gives back: a copy made of new maps and strings (nothing shared with the exported value). */
    private static AllocationState stored(AllocationState state) {
        Map<String, Map<String, Integer>> bits = new HashMap<>();
        state.bits().forEach((side, byKey) -> bits.put(new String(side), copy(byKey)));
        Map<String, Map<String, Integer>> priorities = new HashMap<>();
        state.priorities().forEach((direction, byKey) -> priorities.put(new String(direction), copy(byKey)));
        return new AllocationState(state.nextIdentity(), copy(state.identities()), bits, priorities,
                state.nextDecision(), copy(state.decisions()), state.epoch(), copy(state.zones()));
    }

    private static Map<String, Integer> copy(Map<String, Integer> map) {
        Map<String, Integer> out = new HashMap<>();
        map.forEach((key, value) -> out.put(new String(key), Integer.valueOf(value.intValue())));
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void resumingFromTheExportedAllocationsCompilesTheSameFlows(long seed) {
        History before = history(seed, STEPS);
        assertThat(PolicyCompiler.compile(before.model(), before.view()).flows())
                .as("the history matters: a compilation from scratch allocates otherwise")
                .isNotEqualTo(before.compiled().flows());
        AllocationState exported = before.compiled().allocations();
        assertThat(exported.epoch()).as("the history tightened: the epoch moved, and must survive the restart")
                .isGreaterThan(1);
        AllocationState reloaded = stored(exported);
        assertThat(reloaded).isEqualTo(exported);

        CompiledNetwork after = PolicyCompiler.compile(before.model(), before.view(), CompiledNetwork.resume(reloaded));

        assertThat(after.stats()).isEqualTo(before.compiled().stats());
        assertThat(after.decisions()).isEqualTo(before.compiled().decisions());
        assertThat(after.switches()).isEqualTo(before.compiled().switches());
        for (DatapathId dpid : before.compiled().switches()) {
            assertThat(after.flowsOf(dpid)).as("seed %d at %s", seed, dpid)
                    .containsExactlyElementsOf(before.compiled().flowsOf(dpid));
            assertThat(after.changesFrom(before.compiled()).get(dpid).isEmpty()).isTrue();
        }
        assertThat(after.allocations()).as("a restart changes no allocation").isEqualTo(exported);
        // and the history goes on from there as it would have without the restart
        Random random = new Random(seed ^ 0x5eed);
        PolicyModel changed = IncrementalCompileTest.Change.random(random, before.model()).model();
        assertThat(PolicyCompiler.compile(changed, before.view(), after).flows())
                .isEqualTo(PolicyCompiler.compile(changed, before.view(), before.compiled()).flows());
    }

    @Test
    void aFreshStartAndAnEmptyStateAreTheSame() {
        History before = history(11, 0);
        CompiledNetwork fresh = PolicyCompiler.compile(before.model(), before.view());
        CompiledNetwork fromEmpty = PolicyCompiler.compile(before.model(), before.view(),
                CompiledNetwork.resume(AllocationState.EMPTY));
        assertThat(fromEmpty.flows()).isEqualTo(fresh.flows());
        assertThat(fromEmpty.decisions()).isEqualTo(fresh.decisions());
    }

    @Test
    void keysAreStableTextsWithoutHashCodes() {
        AllocationState state = history(5, 5).compiled().allocations();
        assertThat(state.identities().keySet()).allMatch(key -> key.matches("(workload|region) [0-9./]+"));
        assertThat(state.bits().keySet()).isSubsetOf(List.of("EGRESS_SOURCE", "EGRESS_DESTINATION", "INGRESS_SOURCE",
                "INGRESS_DESTINATION"));
        assertThat(state.priorities().keySet()).containsExactlyInAnyOrder("EGRESS", "INGRESS");
        assertThat(state.priorities().get("EGRESS").keySet()).allMatch(key -> key.startsWith("RuleKey(\""));
        assertThat(state.bits().values().stream().flatMap(m -> m.keySet().stream()))
                .isNotEmpty().noneMatch(key -> key.contains("hash") || key.contains("@"));
        assertThat(state.decisions().keySet()).anyMatch(key -> key.startsWith("IsolationKey(INGRESS,Selected(\""));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void garbledEntriesAreIgnoredAndNeverCollide(long seed) {
        History before = history(seed, 8);
        AllocationState good = before.compiled().allocations();
        Random random = new Random(seed);

        Map<String, Integer> identities = new HashMap<>(good.identities());
        identities.put("workload banana", 3);
        identities.put("nonsense", 4);
        identities.put("workload 10.0.0.0/8", 5); // a workload endpoint is a host address
        identities.put("region 0.0.0.0/0", -7);
        List<String> endpoints = List.copyOf(good.identities().keySet());
        for (int i = 0; i < 20; i++) { // endpoints of other identities claim ids of others
            identities.put(endpoints.get(random.nextInt(endpoints.size())), 1 + random.nextInt(good.nextIdentity()));
        }
        identities.put(endpoints.get(0), Integer.MAX_VALUE);

        Map<String, Map<String, Integer>> bits = new HashMap<>();
        good.bits().forEach((side, byKey) -> {
            Map<String, Integer> garbled = new HashMap<>(byKey);
            List<String> sets = List.copyOf(byKey.keySet());
            if (sets.size() >= 2) {
                garbled.put(sets.get(1), byKey.get(sets.get(0))); // two sets, one bit
            }
            if (!sets.isEmpty()) {
                garbled.put(sets.get(sets.size() - 1), 64);
            }
            garbled.put("Applied([OfSegment(\"no-such-segment\")])", 0);
            garbled.put("{not a key", -1);
            bits.put(side, garbled);
        });
        bits.put("SIDEWAYS", Map.of("x", 1));

        Map<String, Map<String, Integer>> priorities = new HashMap<>();
        good.priorities().forEach((direction, byKey) -> {
            Map<String, Integer> garbled = new HashMap<>(byKey);
            List<String> rules = List.copyOf(byKey.keySet());
            for (int i = 0; i + 1 < rules.size(); i += 3) { // pairs of rules, one priority
                garbled.put(rules.get(i + 1), byKey.get(rules.get(i)));
            }
            if (!rules.isEmpty()) {
                garbled.put(rules.get(0), 70_000);
            }
            garbled.put("RuleKey(\"gone\",EGRESS,0)", 50_000);
            priorities.put(direction, garbled);
        });

        Map<String, Integer> decisions = new HashMap<>(good.decisions());
        List<String> deciding = List.copyOf(good.decisions().keySet());
        for (int i = 0; i + 1 < deciding.size(); i += 2) { // pairs of decisions, one id
            decisions.put(deciding.get(i + 1), good.decisions().get(deciding.get(i)));
        }
        decisions.put(deciding.get(0), 1); // the egress posture's id
        decisions.put("RuleKey(\"gone\",INGRESS,3)", 17);
        decisions.put("whatever", Integer.MIN_VALUE);

        AllocationState garbled = new AllocationState(-3, identities, bits, priorities, 2, decisions,
                -7);
        CompiledNetwork after = PolicyCompiler.compile(before.model(), before.view(), CompiledNetwork.resume(garbled));

        assertThat(after.stats().identities()).isEqualTo(before.compiled().stats().identities());
        assertThat(after.stats().ruleFlows()).isGreaterThanOrEqualTo(before.compiled().stats().ruleFlows());
        assertDistinct("identity ids", after.state().identities().all().stream().map(Identities.Identity::id).toList());
        Allocations allocations = after.carried();
        for (Allocations.Domain domain : Allocations.Domain.values()) {
            assertThat(allocations.bits(domain).values()).allMatch(bit -> bit >= 0 && bit < 64);
            assertDistinct("bits of " + domain, List.copyOf(allocations.bits(domain).values()));
        }
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            assertThat(allocations.priorities(direction).values()).allMatch(p -> p >= 100 && p <= 60_000);
            assertDistinct("priorities of " + direction, List.copyOf(allocations.priorities(direction).values()));
        }
        assertThat(allocations.decisions.values()).allMatch(id -> id >= 16);
        assertDistinct("decision ids", List.copyOf(allocations.decisions.values()));
        assertThat(after.decisions().values()).containsExactlyInAnyOrderElementsOf(before.compiled().decisions().values());
        // the flows the switches need are all there: same keys per table as a compilation from scratch would have
        CompiledNetwork fresh = PolicyCompiler.compile(before.model(), before.view());
        for (DatapathId dpid : fresh.switches()) {
            assertThat(after.flowsOf(dpid).size()).isBetween(fresh.flowsOf(dpid).size(),
                    fresh.flowsOf(dpid).size() + 4 * 64);
        }
    }

    private static void assertDistinct(String what, List<Integer> values) {
        Set<Integer> seen = new HashSet<>();
        for (int value : values) {
            assertThat(seen.add(value)).as("%s: %d handed out twice", what, value).isTrue();
        }
    }
}
