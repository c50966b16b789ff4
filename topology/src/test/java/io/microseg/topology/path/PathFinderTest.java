package io.microseg.topology.path;

import static io.microseg.topology.Topologies.cable;
import static io.microseg.topology.Topologies.dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.Topologies;
import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologySnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathFinderTest {

    @Test
    void linearChain() {
        PathFinder finder = PathFinder.of(Topologies.chain(4));
        assertThat(finder.path(dpid(1), dpid(4)).orElseThrow().links())
                .containsExactly(Link.of(1, 2, 2, 1), Link.of(2, 2, 3, 1), Link.of(3, 2, 4, 1));
        assertThat(finder.path(dpid(4), dpid(1)).orElseThrow().hops()).isEqualTo(3);
        assertThat(finder.nextHops(dpid(4))).isEqualTo(Map.of(dpid(1), PortNumber.of(2), dpid(2), PortNumber.of(2),
                dpid(3), PortNumber.of(2)));
        assertThat(finder.path(dpid(2), dpid(2)).orElseThrow().links()).isEmpty();
    }

    @Test
    void ringTakesTheShortWayAndTheOtherWayOnceCut() {
        TopologySnapshot ring = Topologies.ring(6);
        assertThat(PathFinder.of(ring).path(dpid(1), dpid(3)).orElseThrow().switches())
                .containsExactly(dpid(1), dpid(2), dpid(3));
        TopologySnapshot cut = ring.apply(new LinkDown(Link.of(2, 2, 3, 1)));
        assertThat(PathFinder.of(cut).path(dpid(1), dpid(3)).orElseThrow().switches())
                .containsExactly(dpid(1), dpid(6), dpid(5), dpid(4), dpid(3));
    }

    @Test
    void equalCostTiesGoToTheLowestNeighbourThenTheLowestPort() {
        assertThat(PathFinder.of(Topologies.ring(4)).path(dpid(1), dpid(3)).orElseThrow().switches())
                .containsExactly(dpid(1), dpid(2), dpid(3));
        TopologySnapshot parallel = Topologies.switches(2, 4).applyAll(cable(1, 3, 2, 3)).applyAll(cable(1, 4, 2, 1));
        assertThat(PathFinder.of(parallel).nextHops(dpid(2))).containsEntry(dpid(1), PortNumber.of(3));
        assertThat(PathFinder.of(parallel).nextHops(dpid(1))).containsEntry(dpid(2), PortNumber.of(1));
    }

    @Test
    void tree() {
        TopologySnapshot tree = Topologies.switches(7, 3)
                .applyAll(cable(1, 1, 2, 3)).applyAll(cable(1, 2, 3, 3))
                .applyAll(cable(2, 1, 4, 3)).applyAll(cable(2, 2, 5, 3))
                .applyAll(cable(3, 1, 6, 3)).applyAll(cable(3, 2, 7, 3));
        assertThat(PathFinder.of(tree).path(dpid(4), dpid(7)).orElseThrow().switches())
                .containsExactly(dpid(4), dpid(2), dpid(1), dpid(3), dpid(7));
        assertThat(PathFinder.of(tree).nextHops(dpid(1))).hasSize(6);
    }

    @Test
    void disconnectedSwitchesHaveNoPath() {
        TopologySnapshot two = Topologies.switches(4, 2).applyAll(cable(1, 1, 2, 1)).applyAll(cable(3, 1, 4, 1));
        PathFinder finder = PathFinder.of(two);
        assertThat(finder.path(dpid(1), dpid(4))).isEmpty();
        assertThat(finder.nextHops(dpid(4))).containsOnlyKeys(dpid(3));
        assertThat(finder.nextHops(dpid(9))).isEmpty();
        assertThat(finder.path(dpid(9), dpid(1))).isEmpty();
    }

    @Test
    void oneWayLinksAndSelfLoopsCarryNoPaths() {
        TopologySnapshot net = Topologies.switches(2, 3)
                .apply(new LinkUp(Link.of(1, 1, 2, 1), Topologies.T0))
                .applyAll(cable(1, 2, 1, 3));
        assertThat(net.links()).hasSize(3);
        assertThat(PathFinder.of(net).path(dpid(1), dpid(2))).isEmpty();
    }

    @Test
    void linkCostsAreMinimisedInsteadOfHops() {
        TopologySnapshot triangle = Topologies.switches(3, 3)
                .applyAll(cable(1, 1, 2, 1)).applyAll(cable(2, 2, 3, 1)).applyAll(cable(1, 2, 3, 2));
        LinkCost slowDirect = (link, snapshot) -> link.src().port().value() == 2 && link.dst().port().value() == 2 ? 5 : 1;
        assertThat(PathFinder.of(triangle).path(dpid(1), dpid(3)).orElseThrow().hops()).isEqualTo(1);
        Path viaTwo = PathFinder.of(triangle, slowDirect).path(dpid(1), dpid(3)).orElseThrow();
        assertThat(viaTwo.switches()).containsExactly(dpid(1), dpid(2), dpid(3));
        assertThat(PathFinder.of(triangle, slowDirect).sinkTree(dpid(3)).orElseThrow().distance(dpid(1))).hasValue(2);
    }

    @Test
    void pathsFromEverySwitchAgreeWithTheNextHopTable() {
        TopologySnapshot ring = Topologies.ring(7);
        PathFinder finder = PathFinder.of(ring);
        SinkTree tree = finder.sinkTree(dpid(5)).orElseThrow();
        for (int s = 1; s <= 7; s++) {
            List<Link> links = finder.path(dpid(s), dpid(5)).orElseThrow().links();
            for (Link link : links) {
                assertThat(tree.nextLink(link.src().dpid())).contains(link);
            }
        }
    }
}
