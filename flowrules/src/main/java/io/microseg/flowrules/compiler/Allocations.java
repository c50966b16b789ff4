package io.microseg.flowrules.compiler;

import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.policy.Direction;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * What must stay the same from one compilation to the next so unchanged flows compare equal: identity ids (by
 * endpoint), set bits (by set, per stage and side), tiered-rule priorities (by rule) and decision ids (cookie ids
 * of deciding flows). Opaque to callers: pass the previous {@link CompiledNetwork} to the compiler, or store
 * {@link #export} and compile from {@link #resumed} after a restart.
 */
final class Allocations {

    /** A stage and side whose set bits live in one register pair. */
    enum Domain {
        EGRESS_SOURCE, EGRESS_DESTINATION, INGRESS_SOURCE, INGRESS_DESTINATION;

        /** The source side of a stage. */
        static Domain source(Direction direction) {
            return direction == Direction.EGRESS ? EGRESS_SOURCE : INGRESS_SOURCE;
        }

        /** The destination side of a stage. */
        static Domain destination(Direction direction) {
            return direction == Direction.EGRESS ? EGRESS_DESTINATION : INGRESS_DESTINATION;
        }
    }

    /** A tiered rule: policy, direction, index in that direction's list. */
    record RuleKey(String policy, Direction direction, int index) {
    }

    /** The isolation a NetworkPolicy selection causes in one direction. */
    record IsolationKey(Direction direction, SetKey.Selected selection) {
    }

    static final int EGRESS_POSTURE = 1;
    static final int INGRESS_POSTURE = 2;
    private static final int FIRST_DECISION = 16;

    static final Allocations NONE = new Allocations(EndpointIds.EMPTY, 1, new EnumMap<>(Domain.class),
            new EnumMap<>(Direction.class), Map.of(), FIRST_DECISION, 0);

    /** Ids beyond this in a stored state are garbled (real ones are counted up from 1 and 16). */
    private static final int MAX_STORED_ID = 1 << 30;
    private static final String WORKLOAD = "workload ";
    private static final String REGION = "region ";

    final EndpointIds identities;
    final int nextIdentity;
    final Map<Domain, Map<SetKey, Integer>> bits;
    final Map<Direction, Map<RuleKey, Integer>> priorities;
    final Map<Object, Integer> decisions;
    final int nextDecision;
    /** The policy epoch connections are committed in (ct_mark); 0 before the first compilation. */
    final long epoch;
    /** Conntrack zone by switch, absent switches included ({@link ConntrackZones}). */
    final Map<DatapathId, Integer> zones;
    /**
     * A stored state's bits, priorities and decision ids, still keyed by text: {@link #resolve} looks up the sets and
     * rules of the first compilation after a restart in it. Null once resolved (and for every compilation's own).
     */
    private final AllocationState stored;

    Allocations(EndpointIds identities, int nextIdentity, Map<Domain, Map<SetKey, Integer>> bits,
            Map<Direction, Map<RuleKey, Integer>> priorities, Map<Object, Integer> decisions, int nextDecision,
            long epoch) {
        this(identities, nextIdentity, bits, priorities, decisions, nextDecision, epoch, Map.of(), null);
    }

    private Allocations(EndpointIds identities, int nextIdentity, Map<Domain, Map<SetKey, Integer>> bits,
            Map<Direction, Map<RuleKey, Integer>> priorities, Map<Object, Integer> decisions, int nextDecision,
            long epoch, Map<DatapathId, Integer> zones, AllocationState stored) {
        this.identities = identities;
        this.nextIdentity = nextIdentity;
        this.bits = Map.copyOf(bits);
        this.priorities = Map.copyOf(priorities);
        this.decisions = decisions;
        this.nextDecision = nextDecision;
        this.epoch = epoch;
        this.zones = Map.copyOf(zones);
        this.stored = stored;
    }

    /** These allocations with {@code assigned} as the switches' conntrack zones. */
    Allocations withZones(Map<DatapathId, Integer> assigned) {
        return new Allocations(identities, nextIdentity, bits, priorities, decisions, nextDecision, epoch, assigned,
                stored);
    }

    /** These allocations as a plain value with textual keys (a stored state not yet resolved: as it was given). */
    AllocationState export() {
        Map<String, Integer> zoneTexts = new HashMap<>();
        zones.forEach((dpid, zone) -> zoneTexts.put(dpid.toString(), zone));
        if (stored != null) {
            return new AllocationState(stored.nextIdentity(), stored.identities(), stored.bits(),
                    stored.priorities(), stored.nextDecision(), stored.decisions(), stored.epoch(), zoneTexts);
        }
        Map<String, Integer> ids = new HashMap<>();
        identities.forEach((endpoint, id) -> ids.put((endpoint.managed() ? WORKLOAD : REGION) + endpoint.prefix(), id));
        Map<String, Map<String, Integer>> bitTexts = new HashMap<>();
        bits.forEach((domain, assigned) -> bitTexts.put(domain.name(), texts(assigned)));
        Map<String, Map<String, Integer>> priorityTexts = new HashMap<>();
        priorities.forEach((direction, assigned) -> priorityTexts.put(direction.name(), texts(assigned)));
        return new AllocationState(nextIdentity, ids, bitTexts, priorityTexts, nextDecision,
                texts(decisions), epoch, zoneTexts);
    }

    private static Map<String, Integer> texts(Map<?, Integer> byKey) {
        Map<String, Integer> out = new HashMap<>(byKey.size() * 2);
        byKey.forEach((key, value) -> out.put(StableText.of(key), value));
        return out;
    }

    /**
     * The allocations a stored state describes. Identity ids are read now (their keys are endpoints); an unreadable
     * key or an id out of range is dropped, and the counters start past every stored id, so a fresh id never meets a
     * kept one. Bits, priorities and decision ids wait for {@link #resolve}, which knows the sets and rules.
     */
    static Allocations resumed(AllocationState state) {
        Map<EndpointKey, Integer> ids = new HashMap<>();
        int maxIdentity = 0;
        for (Map.Entry<String, Integer> entry : state.identities().entrySet()) {
            EndpointKey endpoint = endpoint(entry.getKey());
            int id = entry.getValue();
            if (endpoint != null && id > 0 && id < MAX_STORED_ID) {
                ids.put(endpoint, id);
                maxIdentity = Math.max(maxIdentity, id);
            }
        }
        int maxDecision = FIRST_DECISION - 1;
        for (int id : state.decisions().values()) {
            if (id >= FIRST_DECISION && id < MAX_STORED_ID) {
                maxDecision = Math.max(maxDecision, id);
            }
        }
        int nextIdentity = Math.max(maxIdentity + 1, clamp(state.nextIdentity(), 1));
        int nextDecision = Math.max(maxDecision + 1, clamp(state.nextDecision(), FIRST_DECISION));
        long epoch = Epochs.valid(state.epoch()) ? state.epoch() : 0;
        Map<DatapathId, Integer> zones = new HashMap<>();
        state.zones().forEach((text, zone) -> {
            try {
                if (zone >= ConntrackZones.LOWEST && zone <= ConntrackZones.HIGHEST) {
                    zones.put(DatapathId.parse(text), zone); // a zone claimed twice is settled by ConntrackZones
                }
            } catch (IllegalArgumentException e) {
                // an unreadable switch: it gets a fresh zone when it connects
            }
        });
        AllocationState sanitized = new AllocationState(nextIdentity, state.identities(),
                state.bits(), state.priorities(), nextDecision, state.decisions(), epoch, state.zones());
        return new Allocations(EndpointIds.of(ids), nextIdentity, new EnumMap<>(Domain.class),
                new EnumMap<>(Direction.class), Map.of(), nextDecision, epoch, zones, sanitized);
    }

    private static int clamp(int next, int lowest) {
        return next < lowest || next >= MAX_STORED_ID ? lowest : next;
    }

    private static EndpointKey endpoint(String text) {
        boolean managed = text.startsWith(WORKLOAD);
        if (!managed && !text.startsWith(REGION)) {
            return null;
        }
        try {
            Ipv4Prefix prefix = Ipv4Prefix.parse(text.substring(managed ? WORKLOAD.length() : REGION.length()));
            return managed && prefix.length() != 32 ? null : new EndpointKey(managed, prefix);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * These allocations with a stored state's bits, priorities and decision ids keyed by the sets and rules of
     * {@code domains} and {@code plans} (this, when there is no stored state). Entries for keys no longer in use are
     * dropped, as are out-of-range values and a decision id a second key claims; two sets claiming one bit, or two
     * rules one priority, are settled by {@link #assignBits} and {@link StablePriorities} (one keeps it).
     */
    Allocations resolve(Map<Domain, List<SetKey>> domains, Map<Direction, StagePlan> plans) {
        if (stored == null) {
            return this;
        }
        Map<Domain, Map<SetKey, Integer>> keptBits = new EnumMap<>(Domain.class);
        domains.forEach((domain, used) -> {
            Map<String, Integer> texts = stored.bits().getOrDefault(domain.name(), Map.of());
            Map<SetKey, Integer> kept = new HashMap<>();
            for (SetKey set : used) {
                Integer bit = texts.isEmpty() ? null : texts.get(StableText.of(set));
                if (bit != null && bit >= 0 && bit < Marks.BITS_PER_SIDE) {
                    kept.put(set, bit);
                }
            }
            keptBits.put(domain, kept);
        });
        Map<Direction, Map<RuleKey, Integer>> keptPriorities = new EnumMap<>(Direction.class);
        Map<Object, Integer> keptDecisions = new HashMap<>();
        Set<Integer> claimed = new HashSet<>();
        plans.forEach((direction, plan) -> {
            Map<String, Integer> texts = stored.priorities().getOrDefault(direction.name(), Map.of());
            Map<RuleKey, Integer> kept = new HashMap<>();
            for (StagePlan.TieredRule rule : plan.tiered()) {
                Integer priority = texts.get(StableText.of(rule.key()));
                if (priority != null && priority >= Priorities.TIERED_LOWEST && priority <= Priorities.TIERED_HIGHEST) {
                    kept.put(rule.key(), priority);
                }
                keepDecision(rule.key(), keptDecisions, claimed);
            }
            keptPriorities.put(direction, kept);
            plan.networkPolicyRules().forEach(rule -> keepDecision(rule.key(), keptDecisions, claimed));
            plan.isolations().forEach(selection -> keepDecision(new IsolationKey(direction, selection), keptDecisions,
                    claimed));
        });
        return new Allocations(identities, nextIdentity, keptBits, keptPriorities, keptDecisions, nextDecision, epoch,
                zones, null);
    }

    private void keepDecision(Object key, Map<Object, Integer> kept, Set<Integer> claimed) {
        Integer id = stored.decisions().get(StableText.of(key));
        if (id != null && id >= FIRST_DECISION && id < nextDecision && !claimed.contains(id) && !kept.containsKey(key)) {
            kept.put(key, id);
            claimed.add(id);
        }
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
            ToIntFunction<SetKey> identities) {
        Map<SetKey, Integer> assigned = new LinkedHashMap<>();
        BitSet taken = new BitSet(capacity);
        for (SetKey set : used) {
            Integer bit = previous.get(set);
            if (bit != null && bit >= 0 && bit < capacity && !taken.get(bit) && !assigned.containsKey(set)) {
                assigned.put(set, bit);
                taken.set(bit);
            }
        }
        List<SetKey> waiting = new ArrayList<>();
        for (SetKey set : used) {
            if (!assigned.containsKey(set) && identities.applyAsInt(set) > 1) {
                waiting.add(set);
            }
        }
        waiting.sort(Comparator.comparingInt(identities).reversed()); // stable: ties keep first use order
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

        /** Whether every id asked for so far is the previous one (the previous map is still shared). */
        boolean shared() {
            return shared;
        }

        int next() {
            return next;
        }
    }
}
