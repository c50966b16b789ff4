package io.microseg.controller.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.runtime.FlowProgrammer;
import io.microseg.flowrules.compiler.NetworkView;
import io.microseg.flowrules.compiler.PolicyCompiler;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.BaselineFlows;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.WorkloadLocation;
import io.microseg.topology.DatapathId;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortNumber;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compiled ARP responder on a real Open vSwitch: the switch answers a real ARP request from a network namespace
 * with the managed target's MAC although the target does not exist and the controller is gone (fail-secure), and
 * the reg-move actions read back from the switch equal to what was compiled (so reconciliation leaves them alone).
 */
class ArpResponderIT {
    private static final String ASKER_IP = "10.78.0.1";
    private static final String TARGET_IP = "10.78.0.2";
    private static final String TARGET_MAC = "02:00:00:78:00:02";

    @Test
    void theSwitchAnswersForAManagedWorkloadThatIsNotThereWithoutTheController() throws Exception {
        InProcessController controller = new InProcessController(0, dpid -> BaselineFlows.failClosed(), Meters.ALL);
        boolean stopped = false;
        try (Bridge bridge = Bridge.create(controller.port(), "OpenFlow13,OpenFlow14");
             Netns asker = Netns.attach(bridge, "a", ASKER_IP, 1)) {
            DatapathId dpid = DatapathId.of(bridge.dpid);
            var session = controller.awaitSwitch(bridge.dpid);
            // the target is managed (known MAC and port 2) but no host is attached: only the switch can answer
            PolicyModel model = PolicyModel.builder()
                    .workload(Workload.of("default", "asker", Labels.EMPTY, ASKER_IP)
                                    .withMac(MacAddress.parse(asker.mac())).at(WorkloadLocation.of(dpid, PortNumber.of(1))),
                            Workload.of("default", "target", Labels.EMPTY, TARGET_IP)
                                    .withMac(MacAddress.parse(TARGET_MAC)).at(WorkloadLocation.of(dpid, PortNumber.of(2))))
                    .build();
            List<FlowEntry> compiled = PolicyCompiler.compile(model, NetworkView.singleSwitch(dpid)).flowsOf(dpid);
            controller.pushAndWait(bridge.dpid, compiled);

            List<String> answers = bridge.flows().stream()
                    .filter(f -> f.contains("table=" + Tables.ARP + ",") && f.contains("arp_op=1")).toList();
            assertThat(answers).hasSize(2).anySatisfy(f -> assertThat(f)
                    .contains("arp_tpa=" + TARGET_IP)
                    .contains("move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[]")
                    .contains("move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[]")
                    .contains("move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[]")
                    .contains(TARGET_MAC)
                    .contains("IN_PORT"));

            FlowProgrammer.Installed installed = FlowProgrammer.readInstalled(session, Runnable::run).get(30, TimeUnit.SECONDS);
            assertThat(installed.readAll()).isTrue();
            assertThat(installed.strayDeletes()).as("every flow read back as one of ours").isEmpty();
            assertThat(installed.ours()).containsExactlyInAnyOrderElementsOf(compiled);

            controller.close(); // from here on only the switch's own flows can answer
            stopped = true;
            assertThat(Sh.ok("ovs-vsctl", "get", "bridge", bridge.name, "fail_mode").strip()).isEqualTo("secure");

            Sh.run("ip", "netns", "exec", asker.name, "ip", "neigh", "flush", "dev", "eth0");
            Sh.run("ip", "netns", "exec", asker.name, "ping", "-c", "1", "-W", "1", TARGET_IP); // no echo reply: no host
            Eventually.assertThat(() -> Sh.ok("ip", "netns", "exec", asker.name, "ip", "neigh", "show", TARGET_IP),
                    neighbour -> assertThat(neighbour).as("the switch's answer").contains("lladdr " + TARGET_MAC));
            String answer = bridge.flows().stream().filter(f -> f.contains("arp_tpa=" + TARGET_IP) && f.contains("arp_op=1"))
                    .findFirst().orElseThrow();
            assertThat(answer).doesNotContain("n_packets=0,");
        } finally {
            if (!stopped) {
                controller.close();
            }
        }
    }
}
