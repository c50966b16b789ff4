package io.microseg.flowrules.compiler;

import io.microseg.topology.DatapathId;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the operator configures about every switch's pipeline, beside the policy model.
 *
 * @param dropTaggedFrames whether 802.1Q-tagged frames are dropped in table 0 (default): OpenFlow polices a tagged
 *     frame on its inner packet and delivers it still tagged
 * @param pinnedZones conntrack zones fixed by the operator (each zone at most once, 1..65535); every other switch is
 *     allocated a free zone of its own
 */
public record DataPlaneOptions(boolean dropTaggedFrames, Map<DatapathId, Integer> pinnedZones) {

    public static final DataPlaneOptions DEFAULTS = new DataPlaneOptions(true, Map.of());

    /** @throws IllegalArgumentException when a zone is out of range or pinned for two switches */
    public DataPlaneOptions {
        Objects.requireNonNull(pinnedZones, "pinnedZones");
        Map<Integer, DatapathId> owners = new HashMap<>();
        for (Map.Entry<DatapathId, Integer> pin : new TreeMap<>(pinnedZones).entrySet()) {
            int zone = Objects.requireNonNull(pin.getValue(), "zone");
            if (zone < ConntrackZones.LOWEST || zone > ConntrackZones.HIGHEST) {
                throw new IllegalArgumentException("conntrack zone " + zone + " for " + pin.getKey() + " is out of range "
                        + ConntrackZones.LOWEST + ".." + ConntrackZones.HIGHEST);
            }
            DatapathId other = owners.putIfAbsent(zone, pin.getKey());
            if (other != null) {
                throw new IllegalArgumentException("conntrack zone " + zone + " is pinned for both " + other + " and "
                        + pin.getKey() + ": switches sharing a zone see each other's connections as established");
            }
        }
        pinnedZones = Collections.unmodifiableMap(new TreeMap<>(pinnedZones));
    }
}
