package io.microseg.topology.path;

import static io.microseg.topology.Topologies.dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.Topologies;
import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologySnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PathTableTest {

    @Test
    void holdsNextHopsTowardEverySwitch() {
        PathTable table = PathTable.compute(Topologies.chain(3));
        assertThat(table.destinations()).containsExactlyInAnyOrder(dpid(1), dpid(2), dpid(3));
        assertThat(table.nextHops(dpid(1))).containsEntry(dpid(3), PortNumber.of(1));
        assertThat(table.path(dpid(1), dpid(3)).orElseThrow().hops()).isEqualTo(2);
        assertThat(table.recomputed()).hasSize(3);
    }

    @Test
    void anUnchangedSnapshotRecomputesNothing() {
        TopologySnapshot ring = Topologies.ring(8);
        PathTable table = PathTable.compute(ring);
        PathTable same = table.update(ring.expireLinks(Topologies.T0, Duration.ofSeconds(1)));
        assertThat(same.recomputed()).isEmpty();
        assertThat(same.nextHops(dpid(5))).isEqualTo(table.nextHops(dpid(5)));
    }

    @Test
    void cuttingARingLinkRecomputesOnlyTreesThatCrossedIt() {
        // In a ring of 7 every sink tree uses all cables but the one opposite its destination;
        // the tree toward 5 is the only one that leaves out the 1-2 cable.
        TopologySnapshot ring = Topologies.ring(7);
        PathTable table = PathTable.compute(ring);
        Link cut = Link.of(1, 2, 2, 1);
        PathTable updated = table.update(ring.apply(new LinkDown(cut)));
        assertThat(updated.recomputed()).hasSize(6).doesNotContain(dpid(5));
        for (DatapathId destination : updated.recomputed()) {
            assertThat(table.tree(destination).orElseThrow().links())
                    .as("tree toward %s was recomputed", destination)
                    .containsAnyOf(cut, cut.reverse());
        }
        assertThat(updated.tree(dpid(5))).isEqualTo(table.tree(dpid(5)));
        assertThat(updated.path(dpid(1), dpid(2)).orElseThrow().hops()).isEqualTo(6);
    }

    @Test
    void anAddedSwitchGetsATreeAndARemovedOneLosesIt() {
        PathTable table = PathTable.compute(Topologies.chain(3));
        PathTable grown = table.update(Topologies.chain(4));
        assertThat(grown.destinations()).contains(dpid(4));
        assertThat(grown.nextHops(dpid(4))).hasSize(3);
        PathTable shrunk = grown.update(Topologies.chain(2));
        assertThat(shrunk.destinations()).containsExactlyInAnyOrder(dpid(1), dpid(2));
        assertThat(shrunk.nextHops(dpid(1))).containsOnlyKeys(dpid(2));
    }
}
