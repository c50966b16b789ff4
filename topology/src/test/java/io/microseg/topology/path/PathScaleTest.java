package io.microseg.topology.path;

import static io.microseg.topology.Topologies.cable;
import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.Topologies;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Next hops toward all of 1,000 switches: complete and incremental at that scale. Times are printed
 * for information only; speed targets live in benchmarks, never in assertions on a shared machine.
 */
class PathScaleTest {

    @Test
    void ringOfAThousand() {
        assertAllNextHopsComplete("ring", Topologies.ring(1000));
    }

    @Test
    void gridMeshOfAThousand() {
        int rows = 25;
        int cols = 40;
        List<TopologyEvent> events = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long at = 1L + r * cols + c;
                if (c + 1 < cols) {
                    events.addAll(cable(at, 2, at + 1, 1));
                }
                if (r + 1 < rows) {
                    events.addAll(cable(at, 4, at + cols, 3));
                }
            }
        }
        TopologySnapshot grid = Topologies.switches(rows * cols, 4).applyAll(events);
        assertAllNextHopsComplete("grid", grid);
        PathTable updated = PathTable.compute(grid).update(grid.apply(new LinkDown(Link.of(520, 4, 560, 3))));
        System.out.printf("grid 1000: one vertical cut mid-grid recomputes %d trees%n", updated.recomputed().size());
        assertThat(updated.recomputed().size()).isLessThan(1000);
    }

    @Test
    void incrementalUpdateAfterOneCutInAThousandRing() {
        TopologySnapshot ring = Topologies.ring(1000);
        PathTable table = PathTable.compute(ring);
        long start = System.nanoTime();
        PathTable updated = table.update(ring.apply(new LinkDown(Link.of(500, 2, 501, 1))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("ring 1000: incremental update after one cut %d ms, %d trees recomputed%n",
                millis, updated.recomputed().size());
        assertThat(updated.recomputed().size()).isLessThan(1000);
    }

    private static void assertAllNextHopsComplete(String name, TopologySnapshot snapshot) {
        allNextHops(snapshot);
        long start = System.nanoTime();
        long entries = allNextHops(snapshot);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s 1000: next hops toward all switches in %d ms (%d entries)%n", name, millis, entries);
        assertThat(entries).isEqualTo(1000L * 999);
    }

    private static long allNextHops(TopologySnapshot snapshot) {
        PathTable table = PathTable.compute(snapshot);
        long entries = 0;
        for (DatapathId destination : table.destinations()) {
            entries += table.nextHops(destination).size();
        }
        return entries;
    }
}
