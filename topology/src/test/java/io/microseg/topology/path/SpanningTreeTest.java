package io.microseg.topology.path;

import static io.microseg.topology.Topologies.cable;
import static io.microseg.topology.Topologies.dpid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortNumber;
import io.microseg.topology.Topologies;
import io.microseg.topology.TopologySnapshot;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpanningTreeTest {

    @Test
    void aRingLosesExactlyOneCable() {
        SpanningTree tree = PathFinder.of(Topologies.ring(5)).spanningTree();
        assertThat(tree.links()).hasSize(8);
        assertThat(reachable(tree, dpid(1))).hasSize(5);
        assertThat(tree.ports(dpid(1))).isNotEmpty();
    }

    @Test
    void eachConnectedGroupGetsItsOwnTree() {
        TopologySnapshot two = Topologies.switches(5, 3)
                .applyAll(cable(1, 1, 2, 1)).applyAll(cable(2, 2, 3, 1)).applyAll(cable(3, 2, 1, 2))
                .applyAll(cable(4, 1, 5, 1));
        SpanningTree tree = PathFinder.of(two).spanningTree();
        assertThat(tree.links()).hasSize(6);
        assertThat(reachable(tree, dpid(1))).hasSize(3);
        assertThat(reachable(tree, dpid(4))).hasSize(2);
        assertThat(tree.ports(dpid(4))).containsExactly(PortNumber.of(1));
    }

    @Test
    void treeLinksComeInPairs() {
        assertThatThrownBy(() -> new SpanningTree(Set.of(Link.of(1, 1, 2, 1)))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<DatapathId> reachable(SpanningTree tree, DatapathId from) {
        Set<DatapathId> seen = new HashSet<>(Set.of(from));
        Set<Link> used = new HashSet<>();
        ArrayDeque<DatapathId> queue = new ArrayDeque<>(Set.of(from));
        while (!queue.isEmpty()) {
            DatapathId at = queue.poll();
            for (Link link : tree.links()) {
                if (link.src().dpid().equals(at) && !used.contains(link.reverse())) {
                    used.add(link);
                    assertThat(seen.add(link.dst().dpid())).as("tree has a cycle at " + link).isTrue();
                    queue.add(link.dst().dpid());
                }
            }
        }
        return seen;
    }
}
