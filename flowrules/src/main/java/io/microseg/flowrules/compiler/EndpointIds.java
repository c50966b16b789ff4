package io.microseg.flowrules.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The allocation of identity ids: the id of every endpoint, and {@link #vote} (a class keeps the id most of its
 * endpoints had). Persistent: a new version is this one's entries plus a few changes (a removed endpoint maps to 0),
 * so a small change does not copy every endpoint. Flattened when the changes pile up.
 */
final class EndpointIds {
    static final EndpointIds EMPTY = new EndpointIds(Map.of(), Map.of());
    private static final int FLATTEN = 4096;

    private final Map<EndpointKey, Integer> base;
    private final Map<EndpointKey, Integer> changes;

    private EndpointIds(Map<EndpointKey, Integer> base, Map<EndpointKey, Integer> changes) {
        this.base = base;
        this.changes = changes;
    }

    static EndpointIds of(Map<EndpointKey, Integer> all) {
        return new EndpointIds(all, Map.of());
    }

    /** The id of an endpoint, or null. */
    Integer get(EndpointKey endpoint) {
        Integer id = changes.get(endpoint);
        if (id == null) {
            id = base.get(endpoint);
        }
        return id == null || id == 0 ? null : id;
    }

    /** Every endpoint with an id. */
    void forEach(BiConsumer<EndpointKey, Integer> action) {
        base.forEach((endpoint, id) -> {
            if (!changes.containsKey(endpoint) && id != 0) {
                action.accept(endpoint, id);
            }
        });
        changes.forEach((endpoint, id) -> {
            if (id != 0) {
                action.accept(endpoint, id);
            }
        });
    }

    /** These ids with {@code more} applied (0: removed). */
    EndpointIds with(Map<EndpointKey, Integer> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<EndpointKey, Integer> merged = new HashMap<>(changes);
        merged.putAll(more);
        if (merged.size() < FLATTEN && merged.size() < base.size() / 4) {
            return new EndpointIds(base, merged);
        }
        Map<EndpointKey, Integer> flat = new HashMap<>(base);
        merged.forEach((endpoint, id) -> {
            if (id == 0) {
                flat.remove(endpoint);
            } else {
                flat.put(endpoint, id);
            }
        });
        return new EndpointIds(flat, Map.of());
    }

    /** The old id most of these endpoints had and no other class claimed yet (ties: the smaller id). */
    static Integer vote(List<Identities.Member> members, EndpointIds previous, Set<Integer> taken) {
        Map<Integer, Integer> votes = new HashMap<>();
        for (Identities.Member member : members) {
            Integer old = previous.get(member.endpoint());
            if (old != null && !taken.contains(old)) {
                votes.merge(old, 1, Integer::sum);
            }
        }
        Integer best = null;
        for (Map.Entry<Integer, Integer> vote : votes.entrySet()) {
            if (best == null || vote.getValue() > votes.get(best)
                    || (vote.getValue().equals(votes.get(best)) && vote.getKey() < best)) {
                best = vote.getKey();
            }
        }
        return best;
    }
}
