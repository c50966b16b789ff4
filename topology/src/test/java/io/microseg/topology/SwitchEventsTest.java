package io.microseg.topology;

import static io.microseg.topology.Topologies.T0;
import static io.microseg.topology.Topologies.cable;
import static io.microseg.topology.Topologies.cp;
import static io.microseg.topology.Topologies.dpid;
import static io.microseg.topology.Topologies.switchUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.TopologyEvent.HostSeen;
import io.microseg.topology.TopologyEvent.PortRemoved;
import io.microseg.topology.TopologyEvent.PortUp;
import io.microseg.topology.TopologyEvent.SwitchDown;
import io.microseg.topology.TopologyEvent.SwitchUp;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwitchEventsTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    @Test
    void applyLeavesTheOldSnapshotAlone() {
        TopologySnapshot empty = TopologySnapshot.empty();
        TopologySnapshot one = empty.apply(switchUp(1, 2));
        assertThat(empty.switches()).isEmpty();
        assertThat(one.switches().keySet()).containsExactly(dpid(1));
        assertThat(one.port(cp(1, 2))).isPresent();
    }

    @Test
    void switchDownRemovesItsLinksAndWorkloads() {
        TopologySnapshot net = Topologies.chain(3)
                .apply(new HostSeen(MAC, Set.of(), cp(2, 3), T0));
        TopologySnapshot after = net.apply(new SwitchDown(dpid(2)));
        assertThat(after.switches().keySet()).containsExactly(dpid(1), dpid(3));
        assertThat(after.links()).isEmpty();
        assertThat(after.host(MAC)).isEmpty();
    }

    @Test
    void switchUpAgainDropsWhatItsNewPortListNoLongerHas() {
        TopologySnapshot net = Topologies.chain(2).apply(new HostSeen(MAC, Set.of(), cp(1, 3), T0));
        SwitchUp fewerPorts = new SwitchUp(SwitchInfo.of(dpid(1), PortInfo.up(1, "p1")));
        TopologySnapshot after = net.apply(fewerPorts);
        assertThat(after.links()).isEmpty();
        assertThat(after.host(MAC)).isEmpty();
        assertThat(after.switchInfo(dpid(1)).orElseThrow().ports()).hasSize(1);
    }

    @Test
    void portEventsForUnknownSwitchesAreIgnored() {
        TopologySnapshot net = Topologies.switches(1, 1);
        assertThat(net.apply(PortUp.of(cp(9, 1), "x"))).isEqualTo(net);
        assertThat(net.apply(new PortRemoved(cp(9, 1)))).isEqualTo(net);
        assertThat(net.apply(new SwitchDown(dpid(9)))).isEqualTo(net);
    }

    @Test
    void portUpAddsAPortAndPortRemovedTakesItsLinksAndWorkloads() {
        TopologySnapshot net = Topologies.switches(2, 1).apply(PortUp.of(cp(1, 5), "eth5"));
        assertThat(net.port(cp(1, 5))).contains(PortInfo.up(5, "eth5"));
        net = net.applyAll(cable(1, 5, 2, 1)).apply(new HostSeen(MAC, Set.of(), cp(1, 1), T0));
        TopologySnapshot after = net.applyAll(List.of(new PortRemoved(cp(1, 5)), new PortRemoved(cp(1, 1))));
        assertThat(after.port(cp(1, 5))).isEmpty();
        assertThat(after.links()).isEmpty();
        assertThat(after.hosts()).isEmpty();
    }
}
