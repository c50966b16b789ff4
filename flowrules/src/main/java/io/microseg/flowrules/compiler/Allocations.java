package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Direction;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must stay the same from one compilation to the next so unchanged flows compare equal: identity ids (by
 * endpoint), set bits (by set, per stage and side), tiered-rule priorities (by rule) and decision ids (cookie ids
 * of deciding flows). Opaque to callers: pass the previous {@link CompiledNetwork} to the compiler.
 */
public final class Allocations {

    /** A stage and side whose set bits live in one register pair. */
    enum Domain { EGRESS_SOURCE, EGRESS_DESTINATION, INGRESS_SOURCE, INGRESS_DESTINATION }

    /** A tiered rule: policy, direction, index in that direction's list. */
    record RuleKey(String policy, Direction direction, int index) {
    }

    /** The isolation a NetworkPolicy selection causes in one direction. */
    record IsolationKey(Direction direction, SetKey.Selected selection) {
    }

    static final int EGRESS_POSTURE = 1;
    static final int INGRESS_POSTURE = 2;
    private static final int FIRST_DECISION = 16;

    static final Allocations NONE = new Allocations(Identities.EndpointIds.EMPTY, 1, new EnumMap<>(Domain.class),
            new EnumMap<>(Direction.class), Map.of(), FIRST_DECISION);

    final Identities.EndpointIds identities;
    final int nextIdentity;
    final Map<Domain, Map<SetKey, Integer>> bits;
    final Map<Direction, Map<RuleKey, Integer>> priorities;
    final Map<Object, Integer> decisions;
    final int nextDecision;

    Allocations(Identities.EndpointIds identities, int nextIdentity, Map<Domain, Map<SetKey, Integer>> bits,
            Map<Direction, Map<RuleKey, Integer>> priorities, Map<Object, Integer> decisions, int nextDecision) {
        this.identities = identities;
        this.nextIdentity = nextIdentity;
        this.bits = Map.copyOf(bits);
        this.priorities = Map.copyOf(priorities);
        this.decisions = decisions;
        this.nextDecision = nextDecision;
    }

    Map<SetKey, Integer> bits(Domain domain) {
        return bits.getOrDefault(domain, Map.of());
    }

    Map<RuleKey, Integer> priorities(Direction direction) {
        return priorities.getOrDefault(direction, Map.of());
    }

    /**
     * Bits for the sets of one domain: a set keeps its bit while it is used; new sets take free bits, the sets with
     * the most identities first (they would cost the most flows enumerated); a set of at most one identity needs no
     * bit, and a set left without one (more than {@code capacity} sets) is matched by enumerating its identities.
     */
    static Map<SetKey, Integer> assignBits(List<SetKey> used, Map<SetKey, Integer> previous, int capacity,
            java.util.function.ToIntFunction<SetKey> identities) {
        Map<SetKey, Integer> assigned = new LinkedHashMap<>();
        BitSet taken = new BitSet(capacity);
        for (SetKey set : used) {
            Integer bit = previous.get(set);
            if (bit != null && !assigned.containsKey(set)) {
                assigned.put(set, bit);
                taken.set(bit);
            }
        }
        List<SetKey> waiting = new java.util.ArrayList<>();
        for (SetKey set : used) {
            if (!assigned.containsKey(set) && identities.applyAsInt(set) > 1) {
                waiting.add(set);
            }
        }
        waiting.sort(java.util.Comparator.comparingInt(identities).reversed()); // stable: ties keep first use order
        for (SetKey set : waiting) {
            int free = taken.nextClearBit(0);
            if (free >= capacity) {
                break;
            }
            assigned.put(set, free);
            taken.set(free);
        }
        return assigned;
    }

    /** Hands out decision ids: kept for known keys, fresh (never reused) for new ones. */
    static final class DecisionIds {
        private final Map<Object, Integer> previous;
        private Map<Object, Integer> used = new HashMap<>();
        private int next;

        private boolean shared;

        DecisionIds(Allocations before) {
            this.previous = before.decisions;
            this.next = before.nextDecision;
        }

        /**
         * @param sameKeys whether this compilation asks for exactly the keys the previous one did (the same plans):
         *     then the previous ids are the answer, and their map is shared rather than rebuilt
         */
        DecisionIds(Allocations before, boolean sameKeys) {
            this(before);
            if (sameKeys) {
                used = before.decisions;
                shared = true;
            }
        }

        int of(Object key) {
            if (shared) {
                Integer id = used.get(key);
                if (id != null) {
                    return id;
                }
                used = new HashMap<>(used); // not the same keys after all: only new ones are added below
                shared = false;
            }
            return used.computeIfAbsent(key, k -> {
                Integer old = previous.get(k);
                return old != null ? old : next++;
            });
        }

        Map<Object, Integer> used() {
            return used;
        }

        int next() {
            return next;
        }
    }
}
