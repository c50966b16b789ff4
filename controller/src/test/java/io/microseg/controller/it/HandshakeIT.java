package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.openflow.PortInfo;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.topology.PortNumber;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** Real Open vSwitch bridges connect, negotiate a version and get the fail-closed baseline. */
class HandshakeIT {

    @Test
    void bridgeAllowing14NegotiatesBundlesAndGetsTheBaseline() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14")) {
            SwitchSession session = controller.awaitSwitch(bridge.dpid);
            assertThat(session.version()).isEqualTo(OFVersion.OF_14);
            assertThat(session.ports()).extracting(PortInfo::number).contains(PortNumber.LOCAL);
            assertThat(session.ports()).extracting(PortInfo::name).contains(bridge.name);
            Eventually.assertThat(() -> bridge.flowContent(),
                    flows -> assertThat(flows).containsExactly("cookie=0x6d01000000000000, priority=0 actions=drop"));
        }
    }

    @Test
    void bridgeAllowingOnly13IsServedWithoutBundles() throws Exception {
        try (InProcessController controller = InProcessController.start();
             Bridge bridge = Bridge.create(controller.port(), "OpenFlow13")) {
            SwitchSession session = controller.awaitSwitch(bridge.dpid);
            assertThat(session.version()).isEqualTo(OFVersion.OF_13);
            assertThat(session.supportsBundles()).isFalse();
            controller.pushAndWait(bridge.dpid, Flows.withBaseline(500));
            assertThat(bridge.flows()).hasSize(501);
        }
    }
}
