package io.microseg.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.MacAddress;
import io.microseg.topology.PortInfo;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologySnapshot;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Learned workload locations: first sighting binds, a spoofer elsewhere gains nothing, a real move needs the old port down. */
class WorkloadBindingTest {
    private static final DatapathId S1 = DatapathId.of(1);
    private static final MacAddress MAC = MacAddress.parse("00:00:00:00:00:0a");
    private static final Ipv4Address IP = Ipv4Address.parse("10.0.0.10");
    private static final ConnectPoint P1 = ConnectPoint.of(S1, PortNumber.of(1));
    private static final ConnectPoint P2 = ConnectPoint.of(S1, PortNumber.of(2));

    private static final Workload WEB = Workload.of("default", "web", Labels.parse("app=web"), "10.0.0.10").withMac(MAC);
    private static final PolicyModel MODEL = PolicyModel.builder().workload(WEB).build();

    private static TopologySnapshot network(boolean port1Up) {
        return TopologySnapshot.empty().apply(new TopologyEvent.SwitchUp(SwitchInfo.of(S1,
                port1Up ? PortInfo.up(1, "p1") : PortInfo.down(PortNumber.of(1), "p1"), PortInfo.up(2, "p2"))));
    }

    private static TopologySnapshot seen(TopologySnapshot snapshot, ConnectPoint at, Ipv4Address ip) {
        return snapshot.apply(new TopologyEvent.HostSeen(MAC, Set.of(ip), at, Instant.parse("2026-11-28T00:00:00Z")));
    }

    @Test
    void firstSightingWithTheWorkloadsMacAndAddressBindsIt() {
        WorkloadBinding binding = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        assertThat(binding.bound()).containsEntry(WEB.id(), P1);
    }

    @Test
    void theMacWithAnotherAddressBindsNothing() {
        assertThat(WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, Ipv4Address.parse("10.0.0.99"))).bound())
                .isEmpty();
    }

    @Test
    void aSpooferOnAnotherPortCannotTakeTheBindingWhileTheOldPortIsUp() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        WorkloadBinding after = bound.update(MODEL, seen(network(true), P2, IP));
        assertThat(after.bound()).containsEntry(WEB.id(), P1);
    }

    @Test
    void aMoveIsAcceptedOnceTheOldPortIsDown() {
        WorkloadBinding bound = WorkloadBinding.NONE.update(MODEL, seen(network(true), P1, IP));
        WorkloadBinding after = bound.update(MODEL, seen(network(false), P2, IP));
        assertThat(after.bound()).containsEntry(WEB.id(), P2);
    }

    @Test
    void aRegisteredLocationIsNeverLearnedOver() {
        Workload registered = new Workload(WEB.name(), WEB.namespace(), WEB.labels(), WEB.addresses(), WEB.mac(),
                WEB.namedPorts(), java.util.Optional.of(new io.microseg.flowrules.policy.WorkloadLocation(S1, PortNumber.of(1))));
        PolicyModel model = PolicyModel.builder().workload(registered).build();
        assertThat(WorkloadBinding.NONE.update(model, seen(network(true), P2, IP)).bound()).isEmpty();
    }
}
