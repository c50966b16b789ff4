package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The switch answers ARP requests for managed workloads itself; nothing else about ARP changes. */
class ArpResponderTest {

    static Stream<Long> seeds() {
        return new Random(16L).longs(20).boxed();
    }

    private static Workload named(Lab lab, String id) {
        return lab.model().workloads().stream().filter(w -> w.id().equals(WorkloadId.parse(id))).findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void requestForAManagedWorkloadIsAnsweredOnTheRequestersPortAndNeverReachesTheTarget(long seed) {
        Random random = new Random(seed);
        Lab lab = new Lab(ThreeTierExample.model(), 1 + random.nextInt(3), true, random);
        Workload web1 = named(lab, ThreeTierExample.WEB1);
        Workload db1 = named(lab, ThreeTierExample.DB1);
        ConnectPoint webAt = lab.view().locate(web1).orElseThrow();
        ConnectPoint dbAt = lab.view().locate(db1).orElseThrow();
        MacAddress webMac = web1.mac().orElseThrow();
        MacAddress dbMac = db1.mac().orElseThrow();
        Ipv4Address webIp = web1.primaryAddress().orElseThrow();
        Ipv4Address dbIp = db1.primaryAddress().orElseThrow();

        NetworkSimulator.Trace trace = lab.sim().send(webAt, Packet.arpRequest(webMac, webIp, dbIp));

        assertThat(trace.delivered()).as("answered on web1's own port, nothing reaches db1").containsExactly(webAt);
        assertThat(trace.deliveredAt(dbAt)).isFalse();
        assertThat(trace.packetIns()).isEmpty();
        Packet reply = trace.deliveredPackets().get(0);
        assertThat(reply.get(MatchField.ARP_OP)).isEqualTo(2);
        assertThat(reply.get(MatchField.ETH_SRC)).isEqualTo(dbMac.value());
        assertThat(reply.get(MatchField.ETH_DST)).isEqualTo(webMac.value());
        assertThat(reply.get(MatchField.ARP_SHA)).isEqualTo(dbMac.value());
        assertThat(reply.get(MatchField.ARP_SPA)).isEqualTo(dbIp.unsigned());
        assertThat(reply.get(MatchField.ARP_THA)).isEqualTo(webMac.value());
        assertThat(reply.get(MatchField.ARP_TPA)).isEqualTo(webIp.unsigned());
        // answered at web1's own switch: the request never crossed a trunk
        assertThat(trace.path()).allSatisfy(flow -> assertThat(lab.sim().switchAt(webAt.dpid()).packets(flow)).isPositive());

        // the gateway's router asking for db1 is answered on the gateway port
        ConnectPoint gateway = lab.view().gateway().orElseThrow();
        Ipv4Address router = Ipv4Address.parse("10.0.0.1");
        NetworkSimulator.Trace fromGateway = lab.sim().send(gateway, Packet.arpRequest(Lab.GATEWAY_MAC, router, dbIp));
        assertThat(fromGateway.delivered()).containsExactly(gateway);
        assertThat(fromGateway.deliveredPackets().get(0).get(MatchField.ARP_THA)).isEqualTo(Lab.GATEWAY_MAC.value());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void repliesAndUnmanagedTargetsAreForwardedAsBefore(long seed) {
        Random random = new Random(seed);
        Lab lab = new Lab(ThreeTierExample.model(), 1 + random.nextInt(3), true, random);
        Workload web1 = named(lab, ThreeTierExample.WEB1);
        Workload db1 = named(lab, ThreeTierExample.DB1);
        ConnectPoint webAt = lab.view().locate(web1).orElseThrow();
        ConnectPoint dbAt = lab.view().locate(db1).orElseThrow();
        Ipv4Address webIp = web1.primaryAddress().orElseThrow();
        Ipv4Address dbIp = db1.primaryAddress().orElseThrow();

        Packet unmanaged = Packet.arpRequest(web1.mac().orElseThrow(), webIp, Ipv4Address.parse("10.0.9.99"));
        assertThat(lab.sim().send(webAt, unmanaged).delivered()).containsExactly(lab.view().gateway().orElseThrow());

        Packet reply = Packet.arpRequest(db1.mac().orElseThrow(), dbIp, webIp).with(MatchField.ARP_OP, 2)
                .with(MatchField.ETH_DST, web1.mac().orElseThrow().value())
                .with(MatchField.ARP_THA, web1.mac().orElseThrow().value());
        NetworkSimulator.Trace replied = lab.sim().send(dbAt, reply);
        assertThat(replied.delivered()).as("a reply goes to its target").containsExactly(webAt);
        assertThat(replied.deliveredPackets().get(0)).isEqualTo(reply);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void workloadWithoutAMacIsAskedItself(long seed) {
        Random random = new Random(seed);
        Lab lab = new Lab(ThreeTierExample.model(), 1 + random.nextInt(3), true, random);
        Workload db1 = named(lab, ThreeTierExample.DB1);
        List<Workload> workloads = new ArrayList<>(lab.model().workloads());
        Workload noMac = new Workload(db1.name(), db1.namespace(), db1.labels(), db1.addresses(), Optional.empty(),
                db1.namedPorts(), db1.location());
        workloads.set(workloads.indexOf(db1), noMac);
        PolicyModel model = lab.model();
        lab.recompile(new PolicyModel(model.namespaces(), workloads, model.segments(), model.policies(),
                model.networkPolicies(), model.tiers(), model.enforcementSettings(), model.settings()));
        Workload web1 = named(lab, ThreeTierExample.WEB1);
        ConnectPoint webAt = lab.view().locate(web1).orElseThrow();
        ConnectPoint dbAt = lab.view().locate(db1).orElseThrow();

        Packet request = Packet.arpRequest(web1.mac().orElseThrow(), web1.primaryAddress().orElseThrow(),
                db1.primaryAddress().orElseThrow());
        NetworkSimulator.Trace trace = lab.sim().send(webAt, request);
        assertThat(trace.delivered()).as("no MAC to answer with: to the target only").containsExactly(dbAt);
        assertThat(trace.deliveredPackets().get(0)).isEqualTo(request);
    }
}
