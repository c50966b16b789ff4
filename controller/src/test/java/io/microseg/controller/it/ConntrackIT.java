package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.CtState;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.PortNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the chosen OpenFlowJ-Loxi build (ONOS's, with Nicira ct) against a real Open vSwitch:
 * a conntrack pipeline pushed through the controller lets h1 open TCP to h2:8080, lets the
 * replies back, and refuses h2 -> h1:8080. Real packets between two network namespaces.
 */
class ConntrackIT {
    private static final int ZONE = 7;

    private static List<FlowEntry> statefulPipeline(String h1, String h2) {
        Cookie c = Cookie.of(0x10, 0);
        FlowMatch ip = FlowMatch.builder().ethType(MatchField.EthType.IPV4).build();
        int trkNew = CtState.TRK | CtState.NEW;
        int trkEst = CtState.TRK | CtState.EST;
        return List.of(
                FlowEntry.of(0, 0, FlowMatch.any(), c),
                FlowEntry.of(0, 10, ip, c, Instruction.ApplyActions.of(Action.Conntrack.track(ZONE, 1))),
                FlowEntry.of(1, 0, FlowMatch.any(), c),
                FlowEntry.of(1, 100, FlowMatch.builder().ctState(trkNew, trkNew).inPort(PortNumber.of(1))
                                .ipv4Src(Ipv4Address.parse(h1)).ipv4Dst(Ipv4Address.parse(h2)).exact(MatchField.TCP_DST, 8080).build(), c,
                        Instruction.ApplyActions.of(Action.Conntrack.commit(ZONE), Action.Output.to(PortNumber.of(2)))),
                FlowEntry.of(1, 90, FlowMatch.builder().ctState(trkEst, trkEst).inPort(PortNumber.of(1)).ethType(0x0800).build(), c,
                        Instruction.ApplyActions.of(Action.Output.to(PortNumber.of(2)))),
                FlowEntry.of(1, 90, FlowMatch.builder().ctState(trkEst, trkEst).inPort(PortNumber.of(2)).ethType(0x0800).build(), c,
                        Instruction.ApplyActions.of(Action.Output.to(PortNumber.of(1)))));
    }

    @Test
    void tcpPassesOneWayOnlyAndRepliesFollowTheConnection() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14");
             Netns h1 = Netns.attach(bridge, "a", "10.77.0.1", 1);
             Netns h2 = Netns.attach(bridge, "b", "10.77.0.2", 2)) {
            controller.awaitSwitch(bridge.dpid);
            h1.neighbour(h2, h2.mac());
            h2.neighbour(h1, h1.mac());
            controller.pushAndWait(bridge.dpid, statefulPipeline(h1.ip, h2.ip));

            Process onH2 = h2.listen(8080);
            Process onH1 = h1.listen(8080);
            try {
                assertThat(h1.connects(h2.ip, 8080)).as("h1 -> h2:8080 allowed, reply passes").isTrue();
                assertThat(h2.connects(h1.ip, 8080)).as("h2 -> h1:8080 has no allow").isFalse();
                assertThat(h1.connects(h2.ip, 8080)).as("still allowed").isTrue();
            } finally {
                onH1.destroyForcibly();
                onH2.destroyForcibly();
            }
            String flows = String.join("\n", bridge.flows());
            assertThat(flows).contains("ct(table=1,zone=7)").contains("ct(commit,zone=7)");
        }
    }
}
