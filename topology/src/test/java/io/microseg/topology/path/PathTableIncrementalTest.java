package io.microseg.topology.path;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.DatapathId;
import io.microseg.topology.TopologySnapshot;
import org.junit.jupiter.api.Test;

/** Property: however the network changes, updating the table gives exactly what computing it afresh gives. */
class PathTableIncrementalTest {
    private static final int SEEDS = 150;
    private static final int STEPS = 40;

    @Test
    void incrementalEqualsFullRecomputeForHopCount() {
        long[] work = run(LinkCost.HOP_COUNT);
        assertThat(work[0]).as("incremental should recompute fewer trees than full").isLessThan(work[1]);
    }

    @Test
    void incrementalEqualsFullRecomputeForAsymmetricCosts() {
        run(RandomNetwork.SPEED_COST);
    }

    /** Returns {trees recomputed incrementally, trees a full recompute builds}. */
    private static long[] run(LinkCost cost) {
        long recomputed = 0;
        long total = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            RandomNetwork network = new RandomNetwork(seed, 6 + (int) (seed % 20), 10 + (int) (seed % 30));
            PathTable table = PathTable.compute(network.snapshot(), cost);
            for (int step = 0; step < STEPS; step++) {
                TopologySnapshot next = network.step();
                table = table.update(next);
                PathTable full = PathTable.compute(next, cost);
                assertSame(table, full, "seed " + seed + " step " + step);
                recomputed += table.recomputed().size();
                total += full.destinations().size();
            }
        }
        return new long[] {recomputed, total};
    }

    private static void assertSame(PathTable incremental, PathTable full, String where) {
        assertThat(incremental.destinations()).as(where).isEqualTo(full.destinations());
        for (DatapathId destination : full.destinations()) {
            SinkTree expected = full.tree(destination).orElseThrow();
            SinkTree actual = incremental.tree(destination).orElseThrow();
            assertThat(actual.nextLinks()).as(where + " toward " + destination).isEqualTo(expected.nextLinks());
            for (DatapathId from : full.destinations()) {
                assertThat(actual.distance(from)).as(where + " distance " + from + " -> " + destination)
                        .isEqualTo(expected.distance(from));
            }
        }
    }
}
