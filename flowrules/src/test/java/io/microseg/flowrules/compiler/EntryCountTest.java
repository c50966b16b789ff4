package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowDiff;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.SkeletonFlows;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Prefix;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Entry counts against the pair-based count (one flow per (source workload, destination workload, port) a rule
 * covers), and diffs of small changes on a 1,000-workload model. Prints the numbers the pipeline doc quotes.
 */
class EntryCountTest {

    private static final DatapathId S1 = DatapathId.of(1);

    static NetworkView line(int switches) {
        Map<DatapathId, Map<DatapathId, PortNumber>> hops = new HashMap<>();
        Set<ConnectPoint> trunks = new HashSet<>();
        Set<DatapathId> dpids = new HashSet<>();
        for (int i = 1; i <= switches; i++) {
            dpids.add(DatapathId.of(i));
            Map<DatapathId, PortNumber> toward = new HashMap<>();
            for (int j = 1; j <= switches; j++) {
                if (j != i) {
                    toward.put(DatapathId.of(j), PortNumber.of(j > i ? 50 : 51));
                }
            }
            hops.put(DatapathId.of(i), toward);
            if (i < switches) {
                trunks.add(ConnectPoint.of(i, 50));
                trunks.add(ConnectPoint.of(i + 1, 51));
            }
        }
        return new NetworkView(dpids, hops, trunks, Optional.empty(), Map.of());
    }

    /** Sum over rules of |workloads applied to| x |peer workloads| x |ports|: what a pair-based compiler emits. */
    static long pairBased(PolicyModel model) {
        long pairs = 0;
        SetResolver resolver = new SetResolver(model);
        for (Policy policy : model.policies()) {
            if (policy.staged()) {
                continue;
            }
            long applied = model.workloads().stream().filter(w -> resolver.contains(new SetKey.Applied(policy.appliedTo()),
                    Optional.of(w), Ipv4Prefix.host(w.addresses().get(0)))).count();
            for (Direction direction : Direction.values()) {
                for (Rule rule : policy.rules(direction)) {
                    long peers = rule.peers().isEmpty() ? model.workloads().size()
                            : model.workloads().stream().filter(w -> resolver.contains(new SetKey.NativePeers(rule.peers()),
                                    Optional.of(w), Ipv4Prefix.host(w.addresses().get(0))))
                                    .count();
                    pairs += applied * peers * Math.max(1, rule.ports().size());
                }
            }
        }
        return pairs;
    }

    private static long inTables(List<FlowEntry> flows, int... tables) {
        Set<Integer> wanted = new HashSet<>();
        for (int t : tables) {
            wanted.add(t);
        }
        return flows.stream().filter(f -> wanted.contains(f.table())).count();
    }

    @Test
    void threeTierCounts() {
        PolicyModel model = ThreeTierExample.model();
        CompiledNetwork compiled = PolicyCompiler.compile(model, NetworkView.singleSwitch(S1));
        List<FlowEntry> flows = compiled.flowsOf(S1);
        System.out.printf("three-tier: %d identities, %d flows on the switch, %d rule flows, pair-based rule flows %d%n",
                compiled.stats().identities(), flows.size(), compiled.stats().ruleFlows(), pairBased(model));
        assertThat(compiled.stats().identities()).isEqualTo(8); // lb, web, app, db, mon, log, log block, outside
        assertThat(compiled.stats().ruleFlows()).isEqualTo(14);
        // 47 skeleton flows (PIPELINE.md: the tagged-frame drop, LLDP, the IPv4/ARP unknown-host punts and the
        // other-ethertype drop in table 0, the 18 epoch flows of tables 2 and 13 among them) + 52 of the model
        assertThat(flows).hasSize(99);
        assertThat(flows.stream().filter(f -> f.cookie().category() == FlowCategory.SKELETON))
                .hasSize(47);
    }

    @Test
    void aThousandWorkloadsCostLinearlyAndSmallChangesStaySmall() {
        PolicyModel model = LargeModels.model(1000, 60, 4, 42);
        NetworkView view = line(4);
        CompiledNetwork compiled = PolicyCompiler.compile(model, view);
        List<FlowEntry> s1 = compiled.flowsOf(S1);
        long pairs = pairBased(model);
        long rules = inTables(s1, Tables.EGRESS_RULES, Tables.EGRESS_ISOLATION, Tables.INGRESS_RULES, Tables.INGRESS_ISOLATION);
        long bits = inTables(s1, Tables.EGRESS_SOURCE_BITS, Tables.EGRESS_DESTINATION_BITS, Tables.INGRESS_SOURCE_BITS,
                Tables.INGRESS_DESTINATION_BITS);
        System.out.printf("1000 workloads, %d policies, 4 switches: %d identities, per switch %d flows (%d rule, %d bits,"
                        + " %d enumerated ids), all switches %d; pair-based rule flows %d%n",
                model.policies().size(), compiled.stats().identities(), s1.size(), rules, bits,
                compiled.stats().enumeratedIdentities(), compiled.stats().totalFlows(), pairs);
        assertThat(rules).isLessThan(pairs / 100);
        assertThat(compiled.stats().identities()).isLessThan(model.workloads().size() / 2);
        assertThat(s1.size()).isLessThan(20_000);

        assertThat(compiled.changesFrom(PolicyCompiler.compile(model, view, compiled)).values())
                .allMatch(FlowDiff::isEmpty);

        List<Workload> relabelled = new ArrayList<>(model.workloads());
        Workload moved = relabelled.get(123);
        relabelled.set(123, moved.withLabels(moved.labels().with("tier", moved.labels().get("tier").orElse("web")
                .equals("web") ? "db" : "web")));
        assertSmallChange("one label", compiled, withWorkloads(model, relabelled), view, 12);

        List<Workload> grown = new ArrayList<>(model.workloads());
        grown.add(Workload.of("prod", "newcomer", Labels.of("app", "app7", "tier", "web"), "10.9.9.9")
                .withMac(MacAddress.parse("02:99:00:00:00:01"))
                .at(WorkloadLocation.of(S1, PortNumber.of(9999))));
        assertSmallChange("one workload", compiled, withWorkloads(model, grown), view, 12);

        List<Policy> policies = new ArrayList<>(model.policies());
        Policy first = policies.get(5);
        policies.set(5, first.withIngress(Rule.deny(Peer.segment("partners"),
                PortMatch.tcp(22))));
        assertSmallChange("one rule", compiled, model.withPolicies(policies), view, 12);
    }

    private static PolicyModel withWorkloads(PolicyModel model, List<Workload> workloads) {
        return new PolicyModel(model.namespaces(), workloads, model.segments(), model.policies(), model.networkPolicies(),
                model.tiers(), model.enforcementSettings(), model.settings());
    }

    private static void assertSmallChange(String what, CompiledNetwork before, PolicyModel changed, NetworkView view,
            int changes) {
        CompiledNetwork after = PolicyCompiler.compile(changed, view, before);
        int bound = changes;
        if (after.epoch() != before.epoch()) { // it can tighten: the flows naming the epoch change too
            bound += FlowDiff.between(SkeletonFlows.forSwitch(1, 2, true),
                    SkeletonFlows.forSwitch(1, 1, true)).size();
        }
        Map<DatapathId, FlowDiff> diffs = after.changesFrom(before);
        int total = diffs.values().stream().mapToInt(FlowDiff::size).sum();
        System.out.printf("%s: %d flow operations over %d switches (%s)%n", what, total, diffs.size(),
                diffs.values().stream().map(d -> Integer.toString(d.size())).toList());
        int limit = bound;
        assertThat(diffs.values()).as(what).allSatisfy(diff -> assertThat(diff.size()).isLessThanOrEqualTo(limit));
    }
}
