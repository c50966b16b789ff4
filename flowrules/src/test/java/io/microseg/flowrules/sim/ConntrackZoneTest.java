package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.compiler.AllocationState;
import io.microseg.flowrules.compiler.CompiledNetwork;
import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.RandomModels;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.Endpoint;
import io.microseg.flowrules.policy.semantics.Explanation;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Two bridges of one ovs-vswitchd share conntrack. With dpids 0x1 and 0x10001 (the same low 16 bits) they used to
 * share a zone too, and a connection committed at the first switch looked established at the second, skipping its
 * ingress check. Each switch now has a zone of its own, so every connection between them does what the oracle says.
 */
class ConntrackZoneTest {
    private static final DatapathId S1 = DatapathId.of(0x1);
    private static final DatapathId S2 = DatapathId.of(0x1_0001);

    private static List<Integer> zonesIn(List<FlowEntry> flows) {
        List<Integer> zones = new ArrayList<>();
        for (FlowEntry flow : flows) {
            for (Instruction instruction : flow.instructions()) {
                if (instruction instanceof Instruction.ApplyActions apply) {
                    apply.actions().stream().filter(a -> a instanceof Action.Conntrack)
                            .forEach(a -> zones.add(((Action.Conntrack) a).zone()));
                }
            }
        }
        return zones;
    }

    @Test
    void switchesWhoseDatapathIdsShareTheLowBitsEnforceIngressOnEveryConnection() {
        List<String> mismatches = new ArrayList<>();
        int committedThenDenied = 0;
        Random seeds = new Random(0x20e5);
        for (int round = 0; round < 30; round++) {
            Random random = new Random(seeds.nextLong());
            Lab lab = new Lab(new RandomModels(random).model(), List.of(S1, S2), false, random,
                    DataPlaneOptions.DEFAULTS);
            for (Ipv4Address src : lab.workloadAddresses()) {
                for (Ipv4Address dst : lab.workloadAddresses()) {
                    if (src.equals(dst) || lab.workloadAt(src).equals(lab.workloadAt(dst))) {
                        continue;
                    }
                    for (int port : List.of(80, 8080, 85, 2000)) {
                        Explanation expected = lab.oracle().explain(new Connection(Endpoint.address(src),
                                Endpoint.address(dst), Protocol.TCP, port));
                        Lab.Outcome outcome = lab.connect(src, dst, Protocol.TCP, port);
                        if (!expected.action().forwards() && outcome.first().path().stream()
                                .anyMatch(f -> f.table() == Tables.COMMIT)) {
                            committedThenDenied++; // the first switch committed it, the second must still deny
                        }
                        if (!outcome.matches(expected.action())) {
                            mismatches.add(expected + " delivered=" + outcome.delivered());
                        }
                    }
                }
            }
        }
        assertThat(committedThenDenied).as("connections the first switch commits and the second must deny")
                .isPositive();
        assertThat(mismatches).isEmpty();

        Lab three = new Lab(ThreeTierExample.model(), List.of(S1, S2), false, new Random(5), DataPlaneOptions.DEFAULTS);
        assertThat(three.compiled().zone(S1)).hasValue(1);
        assertThat(three.compiled().zone(S2)).hasValue(2);
        assertThat(new TreeSet<>(zonesIn(three.compiled().flowsOf(S1)))).containsExactly(1);
        assertThat(new TreeSet<>(zonesIn(three.compiled().flowsOf(S2)))).containsExactly(2);
    }

    @Test
    void zonesSurviveARestartAndAPinnedZoneIsUsed() {
        Lab lab = new Lab(ThreeTierExample.model(), List.of(S2, S1), false, new Random(9), DataPlaneOptions.DEFAULTS);
        CompiledNetwork before = lab.compiled();
        AllocationState stored = before.allocations();
        assertThat(stored.zones()).isEqualTo(Map.of(S1.toString(), 1, S2.toString(), 2));
        CompiledNetwork after = PolicyCompiler.compile(lab.model(), lab.view(), CompiledNetwork.resume(stored));
        for (DatapathId dpid : Set.of(S1, S2)) {
            assertThat(after.flowsOf(dpid)).containsExactlyElementsOf(before.flowsOf(dpid));
        }
        // only S2 is back at first: it keeps zone 2, never takes S1's
        NetworkView onlyS2 = NetworkView.singleSwitch(S2);
        assertThat(PolicyCompiler.compile(lab.model(), onlyS2, CompiledNetwork.resume(stored)).zone(S2)).hasValue(2);

        NetworkView pinned = lab.view().withOptions(new DataPlaneOptions(true, Map.of(S2, 4242)));
        CompiledNetwork withPin = PolicyCompiler.compile(lab.model(), pinned, before);
        assertThat(new TreeSet<>(zonesIn(withPin.flowsOf(S2)))).containsExactly(4242);
        assertThat(withPin.zone(S1)).hasValue(1);
    }
}
