package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.topology.DatapathId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A restarted controller brings a switch to the desired state without wiping it: flows it
 * already has stay (their durations keep growing), strays added by hand go.
 */
class ReconcileIT {

    @Test
    void restartKeepsInstalledFlowsAndRemovesStrays() throws Exception {
        List<FlowEntry> desired = Flows.withBaseline(2_000);
        int port;
        Bridge bridge;
        try (InProcessController first = InProcessController.start()) {
            port = first.port();
            bridge = Bridge.create(port, "OpenFlow13,OpenFlow14");
            first.awaitSwitch(bridge.dpid);
            first.pushAndWait(bridge.dpid, desired);
        }
        try (bridge) {
            bridge.addFlow("table=0,priority=65000,ip,actions=output:1");
            bridge.addFlow("cookie=0x6d02000000000001,table=1,priority=999,tcp,actions=output:2");
            Thread.sleep(2_000);
            assertThat(bridge.flows()).hasSize(2_003);
            try (InProcessController second = new InProcessController(port, dpid -> desired)) {
                second.awaitSwitch(bridge.dpid);
                second.runtime.awaitInForce(DatapathId.of(bridge.dpid), 1)
                        .get(60, TimeUnit.SECONDS);
                List<String> flows = bridge.flows();
                assertThat(flows).hasSize(2_001);
                assertThat(flows).noneMatch(f -> f.contains("priority=65000") || f.contains("priority=999"));
                assertThat(flows).allSatisfy(f -> assertThat(Bridge.duration(f))
                        .as("not deleted and re-added: %s", f).isGreaterThanOrEqualTo(2.0));
            }
        }
    }

    @Test
    void restartWithAChangedPolicyAppliesOnlyTheDifference() throws Exception {
        List<FlowEntry> before = Flows.withBaseline(300);
        List<FlowEntry> after = Flows.withBaseline(200);
        int port;
        Bridge bridge;
        try (InProcessController first = InProcessController.start()) {
            port = first.port();
            bridge = Bridge.create(port, "OpenFlow13");
            first.awaitSwitch(bridge.dpid);
            first.pushAndWait(bridge.dpid, before);
        }
        try (bridge) {
            Thread.sleep(1_500);
            try (InProcessController second = new InProcessController(port, dpid -> after)) {
                second.awaitSwitch(bridge.dpid);
                second.runtime.awaitInForce(DatapathId.of(bridge.dpid), 1)
                        .get(60, TimeUnit.SECONDS);
                List<String> flows = bridge.flows();
                assertThat(flows).hasSize(201);
                assertThat(flows).allSatisfy(f -> assertThat(Bridge.duration(f)).isGreaterThanOrEqualTo(1.5));
            }
        }
    }

    @Test
    void periodicAuditRemovesAFlowAddedByHandAndRestoresADeletedOne() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            controller.awaitSwitch(bridge.dpid);
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(20));
            controller.runtime.auditEvery(Duration.ofMillis(500));
            bridge.addFlow("table=0,priority=65000,ip,actions=output:1");
            Sh.ok("ovs-ofctl", "-O", "OpenFlow13", "del-flows", "--strict", bridge.name,
                    "table=1,priority=1000,tcp,nw_dst=10.0.0.3,tp_dst=4");
            Eventually.assertThat(bridge::flows, flows -> {
                assertThat(flows).hasSize(21);
                assertThat(flows).noneMatch(f -> f.contains("priority=65000"));
                assertThat(flows).anyMatch(f -> f.contains("nw_dst=10.0.0.3,tp_dst=4"));
            });
        }
    }
}
