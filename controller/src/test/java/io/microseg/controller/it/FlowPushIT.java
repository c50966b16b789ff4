package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Flows pushed through the controller are exactly what Open vSwitch holds, in bulk and incrementally. */
class FlowPushIT {

    @Test
    void tenThousandFlowsArriveExactlyAsDesired() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            controller.awaitSwitch(bridge.dpid);
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(10_000));
            List<String> flows = bridge.flowContent();
            assertThat(flows).hasSize(10_001);
            assertThat(flows).contains(
                    "cookie=0x6d01000000000000, priority=0 actions=drop",
                    "cookie=0x6d02000000000000, table=1, priority=1000,tcp,nw_dst=10.0.0.0,tp_dst=1 actions=output:1",
                    "cookie=0x6d0200000000270f, table=1, priority=1000,tcp,nw_dst=10.0.39.15,tp_dst=10000 actions=output:4");
            Set<String> destinations = flows.stream().filter(f -> f.contains("table=1"))
                    .map(f -> f.replaceAll(".*nw_dst=([0-9.]+).*", "$1")).collect(Collectors.toSet());
            assertThat(destinations).hasSize(10_000);
        }
    }

    @Test
    void aChangeIsAppliedAsADiffWithoutTouchingUnchangedFlows() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            controller.awaitSwitch(bridge.dpid);
            List<FlowEntry> before = Flows.withBaseline(1_000);
            controller.pushAndWait(bridge.dpid, before);
            Thread.sleep(1_100);
            List<FlowEntry> after = new ArrayList<>(before.subList(0, 901)); // baseline + flows 0..899 stay
            for (int i = 2_000; i < 2_050; i++) {
                after.add(Flows.numbered(i));
            }
            controller.pushAndWait(bridge.dpid, after);
            List<String> flows = bridge.flows();
            assertThat(flows).hasSize(951);
            long kept = flows.stream().filter(f -> Bridge.duration(f) >= 1.0).count();
            long added = flows.stream().filter(f -> Bridge.duration(f) < 1.0).count();
            assertThat(kept).as("unchanged flows were not re-added").isEqualTo(901);
            assertThat(added).isEqualTo(50);
        }
    }
}
