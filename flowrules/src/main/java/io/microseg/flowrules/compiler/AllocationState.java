package io.microseg.flowrules.compiler;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The allocations of a compilation as a plain value, for storing it and compiling from it after a restart
 * ({@link CompiledNetwork#allocations()}, {@link CompiledNetwork#resume}): with them, the same model compiles to the
 * same flows (identity ids, set bits, rule priorities and decision ids, hence matches and cookies).
 *
 * <p>Every key is a stable text of what it allocates for, never a hash code: identities by endpoint
 * ({@code workload 10.0.1.11/32}, {@code region 198.51.100.0/28}); bits by stage side ({@code EGRESS_DESTINATION})
 * and then set; priorities by direction and then rule; decision ids by what decides. A key the next compilation does
 * not recognise, or an entry that would collide or is out of range, is ignored: that key is allocated afresh.
 *
 * @param nextIdentity the next identity id never handed out
 * @param identities identity id by endpoint
 * @param bits set bit by set, per stage side
 * @param priorities tiered-rule priority by rule, per direction
 * @param nextDecision the next decision id never handed out
 * @param decisions decision id by what decides (tiered rule, NetworkPolicy rule, isolation)
 * @param epoch the policy epoch connections are committed in (ct_mark); 0: none yet
 * @param zones conntrack zone by switch ({@code 6d:74:00:00:00:00:6d:01}), switches absent now included
 */
public record AllocationState(int nextIdentity, Map<String, Integer> identities,
        Map<String, Map<String, Integer>> bits, Map<String, Map<String, Integer>> priorities, int nextDecision,
        Map<String, Integer> decisions, long epoch, Map<String, Integer> zones) {

    /** Nothing allocated: resuming from it is a first compilation. */
    public static final AllocationState EMPTY = new AllocationState(1, Map.of(), Map.of(), Map.of(), 16, Map.of(), 0,
            Map.of());

    /** A state without zones (as stored before zones were allocated). */
    public AllocationState(int nextIdentity, Map<String, Integer> identities,
            Map<String, Map<String, Integer>> bits, Map<String, Map<String, Integer>> priorities, int nextDecision,
            Map<String, Integer> decisions, long epoch) {
        this(nextIdentity, identities, bits, priorities, nextDecision, decisions, epoch, Map.of());
    }

    /** Sorted copies (so equal states print alike); no null keys or values. */
    public AllocationState {
        identities = sorted(identities, "identities");
        bits = sortedNested(bits, "bits");
        priorities = sortedNested(priorities, "priorities");
        decisions = sorted(decisions, "decisions");
        zones = sorted(zones, "zones");
    }

    private static Map<String, Integer> sorted(Map<String, Integer> map, String what) {
        Objects.requireNonNull(map, what);
        Map<String, Integer> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, what + " key"),
                Objects.requireNonNull(value, what + " value")));
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, Map<String, Integer>> sortedNested(Map<String, Map<String, Integer>> map, String what) {
        Objects.requireNonNull(map, what);
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        map.forEach((key, inner) -> copy.put(Objects.requireNonNull(key, what + " key"), sorted(inner, what)));
        return Collections.unmodifiableMap(copy);
    }
}
