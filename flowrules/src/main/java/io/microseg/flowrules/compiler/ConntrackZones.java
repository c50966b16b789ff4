package io.microseg.flowrules.compiler;

import io.microseg.topology.DatapathId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hands every switch a conntrack zone of its own. Bridges of one ovs-vswitchd share one conntrack table, so two
 * switches in one zone see each other's commits: a connection admitted at the first hop would look established at
 * the next and skip its ingress check. Zones are therefore unique across every switch this controller ever compiled
 * for (an absent switch keeps its zone, so it comes back to the same one), stable across compilations and restarts
 * (they are part of the allocations), and never zone 0 (the zone of anything that names none).
 *
 * <p>Order: a pinned zone (operator configuration) first; then the zone a switch had; then, for a new switch, its
 * preferred zone (the low 16 bits of its datapath id, 0 becoming 0xffff: what every switch had before zones were
 * allocated, so an upgrade changes only colliding switches), else the next free one above it. When every zone is
 * taken, an absent switch's zone is reclaimed; when none is, the switch is refused (no flows are compiled for it).
 */
final class ConntrackZones {
    static final int LOWEST = 1;
    static final int HIGHEST = 0xffff;

    /** The zones of every switch that has one (present or not) and the present switches left without one. */
    record Assignment(Map<DatapathId, Integer> zones, Set<DatapathId> refused) {
        Assignment {
            zones = Collections.unmodifiableMap(new TreeMap<>(zones));
            refused = Collections.unmodifiableSet(new TreeSet<>(refused));
        }
    }

    private ConntrackZones() {
    }

    /** The zone a switch gets when nothing else claims it: the low 16 bits of its datapath id (0 becomes 0xffff). */
    static int preferred(DatapathId dpid) {
        int zone = (int) (dpid.value() & 0xffff);
        return zone == 0 ? HIGHEST : zone;
    }

    static Assignment assign(Set<DatapathId> present, Map<DatapathId, Integer> previous,
            Map<DatapathId, Integer> pinned) {
        return assign(present, previous, pinned, LOWEST, HIGHEST);
    }

    /**
     * @param present the switches to compile for
     * @param previous the zones of the last assignment (or of stored allocations; out-of-range or doubly claimed
     *     entries are dropped)
     * @param pinned zones the operator fixed; each zone at most once, in range
     * @throws IllegalArgumentException if a pinned zone is out of range or pinned twice
     */
    static Assignment assign(Set<DatapathId> present, Map<DatapathId, Integer> previous, Map<DatapathId, Integer> pinned,
            int lowest, int highest) {
        Map<DatapathId, Integer> zones = new TreeMap<>();
        Map<Integer, DatapathId> owner = new TreeMap<>();
        BitSet taken = new BitSet(highest + 1);
        for (Map.Entry<DatapathId, Integer> pin : new TreeMap<>(pinned).entrySet()) {
            int zone = pin.getValue();
            if (zone < lowest || zone > highest) {
                throw new IllegalArgumentException("conntrack zone " + zone + " pinned for " + pin.getKey()
                        + " is out of range " + lowest + ".." + highest);
            }
            if (taken.get(zone)) {
                throw new IllegalArgumentException("conntrack zone " + zone + " is pinned for both "
                        + owner.get(zone) + " and " + pin.getKey());
            }
            take(zones, owner, taken, pin.getKey(), zone);
        }
        // the present switches keep their zones first, then the absent ones
        List<Map.Entry<DatapathId, Integer>> kept = new ArrayList<>(new TreeMap<>(previous).entrySet());
        kept.sort((a, b) -> Boolean.compare(!present.contains(a.getKey()), !present.contains(b.getKey())));
        for (Map.Entry<DatapathId, Integer> entry : kept) {
            int zone = entry.getValue();
            if (!zones.containsKey(entry.getKey()) && zone >= lowest && zone <= highest && !taken.get(zone)) {
                take(zones, owner, taken, entry.getKey(), zone);
            }
        }
        Set<DatapathId> refused = new TreeSet<>();
        for (DatapathId dpid : new TreeSet<>(present)) {
            if (zones.containsKey(dpid)) {
                continue;
            }
            int zone = free(taken, Math.min(Math.max(preferred(dpid), lowest), highest), lowest, highest);
            if (zone < 0) {
                zone = reclaim(zones, owner, taken, present, pinned);
            }
            if (zone < 0) {
                refused.add(dpid);
            } else {
                take(zones, owner, taken, dpid, zone);
            }
        }
        return new Assignment(zones, refused);
    }

    private static void take(Map<DatapathId, Integer> zones, Map<Integer, DatapathId> owner, BitSet taken,
            DatapathId dpid, int zone) {
        zones.put(dpid, zone);
        owner.put(zone, dpid);
        taken.set(zone);
    }

    /** The first free zone from {@code from} upward, wrapping around; -1 when all are taken. */
    private static int free(BitSet taken, int from, int lowest, int highest) {
        int zone = taken.nextClearBit(from);
        if (zone <= highest) {
            return zone;
        }
        zone = taken.nextClearBit(lowest);
        return zone < from ? zone : -1;
    }

    /** Frees the zone of the lowest absent, unpinned switch; -1 when there is none. */
    private static int reclaim(Map<DatapathId, Integer> zones, Map<Integer, DatapathId> owner, BitSet taken,
            Set<DatapathId> present, Map<DatapathId, Integer> pinned) {
        for (Map.Entry<DatapathId, Integer> entry : zones.entrySet()) {
            DatapathId dpid = entry.getKey();
            if (!present.contains(dpid) && !pinned.containsKey(dpid)) {
                int zone = entry.getValue();
                zones.remove(dpid);
                owner.remove(zone);
                taken.clear(zone);
                return zone;
            }
        }
        return -1;
    }
}
