package io.microseg.controller.discovery;

import io.microseg.topology.Link;
import java.util.Objects;
import java.util.Set;

/**
 * The topology changed in a way flows may depend on: links came or went, switches or ports
 * changed, or hosts appeared, moved or changed addresses. Mere re-confirmation of known links and
 * hosts (new last-seen times) is no change. {@code after.paths()} is already updated.
 */
public record TopologyChanged(TopologyView before, TopologyView after, Set<Link> linksAdded, Set<Link> linksRemoved,
        boolean switchesChanged, boolean hostsChanged) {
    public TopologyChanged {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        linksAdded = Set.copyOf(linksAdded);
        linksRemoved = Set.copyOf(linksRemoved);
    }

    public boolean linksChanged() {
        return !linksAdded.isEmpty() || !linksRemoved.isEmpty();
    }
}
