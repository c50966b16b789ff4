package io.microseg.flowrules.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.Peer;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.fixtures.ThreeTierExample;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * onTighten: established connections after a policy change, through the simulator (connections outlive the
 * recompile in the shared conntrack). cut: a connection the new policy denies passes nothing more in either
 * direction, one it still allows goes on both ways, a server push first included; keep: both go on.
 */
class EpochCutTest {

    /** An open connection: its first packet (as its client sends it) and where each end is. */
    private record Open(Packet packet, ConnectPoint client, ConnectPoint server) {
        boolean clientSends(Lab lab) {
            return lab.sim().send(client, packet).deliveredAt(server);
        }

        boolean serverSends(Lab lab) {
            return lab.sim().send(server, packet.reply()).deliveredAt(client);
        }
    }

    private static Ipv4Address ip(Lab lab, String workload) {
        WorkloadId id = WorkloadId.parse(workload);
        return lab.model().workloads().stream().filter(w -> w.id().equals(id)).findFirst()
                .flatMap(Workload::primaryAddress).orElseThrow();
    }

    private static Open open(Lab lab, String from, String to, Protocol protocol, int port, int sourcePort) {
        Ipv4Address src = ip(lab, from);
        Ipv4Address dst = ip(lab, to);
        Open open = new Open(Packet.ip(lab.macOf(src), src, lab.macOf(dst), dst, protocol, sourcePort, port),
                lab.pointOf(src).orElseThrow(), lab.pointOf(dst).orElseThrow());
        assertThat(open.clientSends(lab)).as("%s -> %s opens", from, to).isTrue();
        assertThat(open.serverSends(lab)).as("%s answers %s", to, from).isTrue();
        return open;
    }

    private static Lab lab(OnTighten onTighten, int switches, long seed) {
        return new Lab(ThreeTierExample.builder().onTighten(onTighten).build(), switches, false, new Random(seed));
    }

    private static PolicyModel without(PolicyModel model, String policy) {
        List<Policy> kept = new ArrayList<>(model.policies());
        kept.removeIf(p -> p.name().equals(policy));
        return model.withPolicies(kept);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void removingAnAllowCutsItsConnectionsBothWaysAndKeepsTheOthers(int switches) {
        for (long seed = 0; seed < 4; seed++) {
            Lab lab = lab(OnTighten.CUT, switches, seed);
            Open cut = open(lab, ThreeTierExample.LB, ThreeTierExample.WEB1, Protocol.TCP, 443, 40001);
            Open kept = open(lab, ThreeTierExample.APP1, ThreeTierExample.DB1, Protocol.TCP, 3306, 40002);
            Open another = open(lab, ThreeTierExample.WEB1, ThreeTierExample.APP1, Protocol.TCP, 8080, 40003);
            long epoch = lab.compiled().epoch();

            lab.recompile(without(lab.model(), "load-balancer"));

            assertThat(lab.compiled().epoch()).as("removing an allow starts a new epoch").isNotEqualTo(epoch);
            assertThat(kept.serverSends(lab)).as("a still-allowed server pushes first (seed %d)", seed).isTrue();
            assertThat(kept.clientSends(lab)).isTrue();
            assertThat(kept.serverSends(lab)).isTrue();
            assertThat(another.clientSends(lab)).isTrue();
            assertThat(cut.serverSends(lab)).as("the server of a cut connection (seed %d)", seed).isFalse();
            assertThat(cut.clientSends(lab)).as("the client of a cut connection").isFalse();
            assertThat(cut.serverSends(lab)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void keepLetsEstablishedConnectionsRun(int switches) {
        Lab lab = lab(OnTighten.KEEP, switches, 7);
        Open old = open(lab, ThreeTierExample.LB, ThreeTierExample.WEB1, Protocol.TCP, 443, 40001);

        lab.recompile(without(lab.model(), "load-balancer"));

        assertThat(old.serverSends(lab)).isTrue();
        assertThat(old.clientSends(lab)).isTrue();
        Ipv4Address lb = ip(lab, ThreeTierExample.LB);
        assertThat(lab.connect(lb, ip(lab, ThreeTierExample.WEB1), Protocol.TCP, 443).delivered())
                .as("a new connection is denied").isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aRelabelCutsWhatTheNewLabelsDoNotAllow(int switches) {
        Lab lab = lab(OnTighten.CUT, switches, 3);
        Open web = open(lab, ThreeTierExample.WEB1, ThreeTierExample.APP1, Protocol.TCP, 8080, 40001);
        Open other = open(lab, ThreeTierExample.APP1, ThreeTierExample.DB1, Protocol.TCP, 3306, 40002);
        List<Workload> relabelled = new ArrayList<>(lab.model().workloads());
        WorkloadId web1 = WorkloadId.parse(ThreeTierExample.WEB1);
        relabelled.replaceAll(w -> w.id().equals(web1) ? w.withLabels(w.labels().with("tier", "batch")) : w);

        lab.recompile(lab.model().withWorkloads(relabelled));

        assertThat(web.serverSends(lab)).isFalse();
        assertThat(web.clientSends(lab)).isFalse();
        assertThat(other.serverSends(lab)).isTrue();
        assertThat(other.clientSends(lab)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void monitorToEnforceCutsWhatOnlyMonitoringLetThrough(int switches) {
        PolicyModel monitored = ThreeTierExample.builder().defaultMode(EnforcementMode.MONITOR).build();
        Lab lab = new Lab(monitored, switches, false, new Random(5));
        Open denied = open(lab, ThreeTierExample.LB, ThreeTierExample.DB1, Protocol.TCP, 22, 40001);
        Open allowed = open(lab, ThreeTierExample.LB, ThreeTierExample.WEB1, Protocol.TCP, 443, 40002);
        PolicyModel enforced = lab.model().toBuilder().defaultMode(EnforcementMode.ENFORCE).build();

        lab.recompile(enforced);

        assertThat(denied.serverSends(lab)).isFalse();
        assertThat(denied.clientSends(lab)).isFalse();
        assertThat(allowed.serverSends(lab)).isTrue();
        assertThat(allowed.clientSends(lab)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void addingAnAllowKeepsTheEpoch(int switches) {
        Lab lab = lab(OnTighten.CUT, switches, 11);
        Open old = open(lab, ThreeTierExample.LB, ThreeTierExample.WEB1, Protocol.TCP, 443, 40001);
        long epoch = lab.compiled().epoch();
        List<Policy> more = new ArrayList<>(lab.model().policies());
        Policy lbPolicy = more.stream().filter(p -> p.name().equals("load-balancer")).findFirst().orElseThrow();
        int at = more.indexOf(lbPolicy);
        List<Rule> egress = new ArrayList<>(lbPolicy.egress());
        egress.add(Rule.allow(Peer.segment("web"),
                PortMatch.tcp(8443)));
        more.set(at, lbPolicy.withEgress(egress.toArray(Rule[]::new)));

        lab.recompile(lab.model().withPolicies(more));

        assertThat(lab.compiled().epoch()).isEqualTo(epoch);
        assertThat(old.serverSends(lab)).isTrue();
        assertThat(old.clientSends(lab)).isTrue();
    }
}
