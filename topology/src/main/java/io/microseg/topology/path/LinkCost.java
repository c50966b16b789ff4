package io.microseg.topology.path;

import io.microseg.topology.Link;
import io.microseg.topology.TopologySnapshot;

/** What a directed link costs to cross; paths minimise the sum. Costs must be in 1..{@link #MAX}. */
@FunctionalInterface
public interface LinkCost {
    /** Bounds every path's total so (distance, switch) packs into one long in the search heap. */
    int MAX = 1 << 20;

    /** Every link costs one: shortest means fewest hops. */
    LinkCost HOP_COUNT = (link, snapshot) -> 1;

    int cost(Link link, TopologySnapshot snapshot);
}
