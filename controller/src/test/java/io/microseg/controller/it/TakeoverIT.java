package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.SwitchSession;
import io.microseg.topology.DatapathId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Issue 9, attack 5: a peer that reaches the OpenFlow port claims a real switch's dpid. */
class TakeoverIT {

    @Test
    void rogueClaimingAConnectedDpidIsRefusedAndTheRealSwitchKeepsItsSessionAndFlows() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            SwitchSession real = controller.awaitSwitch(bridge.dpid);
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(20));
            List<String> before = bridge.flows();
            assertThat(before).hasSize(21);

            boolean closed;
            List<OFMessage> stolen;
            try (RogueSwitch rogue = RogueSwitch.connect(controller.port(), bridge.dpid)) {
                closed = rogue.playUntilClosed(Duration.ofSeconds(15));
                stolen = rogue.received;
            }
            // the rogue is shown the door and learns nothing of the flow table
            assertThat(closed).as("controller closed the rogue's connection").isTrue();
            assertThat(stolen).noneMatch(m -> m instanceof OFFlowMod);
            // the real switch keeps its session, and its flows were not touched (same entries, never re-added)
            assertThat(controller.registry.get(DatapathId.of(bridge.dpid))).containsSame(real);
            assertThat(real.isConnected()).isTrue();
            var ages = ages(before);
            var agesAfter = ages(bridge.flows());
            assertThat(agesAfter.keySet()).isEqualTo(ages.keySet());
            ages.forEach((flow, age) -> assertThat(agesAfter.get(flow)).as("age of %s", flow).isGreaterThanOrEqualTo(age));
            // positive control: the controller still programs the real switch through that session
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(30));
            assertThat(bridge.flows()).hasSize(31);
            assertThat(controller.registry.get(DatapathId.of(bridge.dpid))).containsSame(real);
        }
    }

    /** Each flow (without counters) and how long it has been installed: a re-added flow would be younger. */
    private static Map<String, Double> ages(List<String> flows) {
        return flows.stream().collect(Collectors.toMap(TakeoverIT::withoutCounters, Bridge::duration));
    }

    private static String withoutCounters(String flow) {
        return flow.replaceAll("duration=[0-9.]+s, ", "").replaceAll("n_packets=\\d+, ", "").replaceAll("n_bytes=\\d+, ", "")
                .replaceAll("idle_age=\\d+, ", "");
    }
}
