package io.microseg.controller.discovery;

import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.path.PathTable;
import java.util.List;
import java.util.Objects;

/**
 * One consistent, immutable picture: the topology, next hops over its links, and the hosts on
 * edge ports that no managed workload accounts for (in MAC order). Safe to read from any thread.
 */
public record TopologyView(TopologySnapshot snapshot, PathTable paths, List<UnmanagedEndpoint> unmanaged) {
    public static final TopologyView EMPTY = new TopologyView(TopologySnapshot.empty(),
            PathTable.compute(TopologySnapshot.empty()), List.of());

    public TopologyView {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(paths, "paths");
        unmanaged = List.copyOf(unmanaged);
    }
}
