package io.microseg.flowrules.sim;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.RandomModels;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.Endpoint;
import io.microseg.flowrules.policy.semantics.Explanation;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The compiled pipeline, run in the simulator on one to three switches, does what the reference semantics say for
 * every connection between workload addresses and bare addresses (through the gateway): delivered or dropped,
 * monitored would-denies delivered and reported, replies of delivered connections delivered. Seeded; each seed is a
 * case in the report so a failure can be replayed. Used by OracleAgreementTest (the compiled flows) and by the
 * controller's WireOracleAgreementTest (the flows as the switch gets them).
 */
public final class OracleAgreement {

    private record Probe(Protocol protocol, int port) {
    }

    private static final List<Probe> PROBES = List.of(new Probe(Protocol.TCP, 80), new Probe(Protocol.TCP, 8080),
            new Probe(Protocol.TCP, 85), new Probe(Protocol.TCP, 2000), new Probe(Protocol.UDP, 53),
            new Probe(Protocol.ICMP, 0));

    private OracleAgreement() {
    }

    /** The seeds of the random models, one case each. */
    public static Stream<Long> seeds(int count) {
        return new Random(7_000_001L).longs(count).boxed();
    }

    /**
     * Every disagreement between the pipeline and the oracle for the random model of {@code seed}, the switches running
     * {@code toSwitch} of the compiled flows; empty when they agree.
     */
    public static List<String> mismatches(long seed, UnaryOperator<List<FlowEntry>> toSwitch) {
        Random random = new Random(seed);
        PolicyModel model = new RandomModels(random).model();
        Lab lab = new Lab(model, 1 + random.nextInt(3), random.nextInt(4) != 0, random, toSwitch);

        List<Ipv4Address> endpoints = new ArrayList<>(lab.workloadAddresses());
        if (lab.view().gateway().isPresent()) {
            RandomModels.BARE_ADDRESSES.forEach(a -> endpoints.add(Ipv4Address.parse(a)));
        }
        List<String> mismatches = new ArrayList<>();
        for (Ipv4Address src : endpoints) {
            for (Ipv4Address dst : endpoints) {
                Optional<Workload> from = lab.workloadAt(src);
                Optional<Workload> to = lab.workloadAt(dst);
                if (src.equals(dst) || (from.isPresent() && from.equals(to)) || (from.isEmpty() && to.isEmpty())) {
                    continue; // a workload to itself never reaches the switch; bare to bare is not ours
                }
                for (Probe probe : PROBES) {
                    Explanation expected = lab.oracle().explain(
                            new Connection(Endpoint.address(src), Endpoint.address(dst), probe.protocol(), probe.port()));
                    Lab.Outcome outcome = lab.connect(src, dst, probe.protocol(), probe.port());
                    if (!outcome.matches(expected.action())) {
                        mismatches.add(expected + "\n  got delivered=" + outcome.delivered() + " reported="
                                + outcome.reported() + " reply=" + outcome.replyDelivered() + "\n  path: "
                                + outcome.first().path().stream().map(FlowEntry::toString)
                                        .collect(Collectors.joining("\n    ")));
                    }
                }
            }
        }
        if (!mismatches.isEmpty()) {
            mismatches.add(0, "model " + model);
        }
        return mismatches;
    }
}
