package io.microseg.flowrules.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microseg.topology.DatapathId;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every switch a conntrack zone of its own: kept, pinned, collisions resolved, exhaustion refused. */
class ConntrackZonesTest {
    private static final DatapathId A = DatapathId.of(0x1);
    private static final DatapathId B = DatapathId.of(0x1_0001); // the same low 16 bits as A
    private static final DatapathId C = DatapathId.of(0x2);
    private static final DatapathId ZERO = DatapathId.of(0x7_0000); // low 16 bits 0

    @Test
    void aSwitchPrefersTheLowBitsOfItsDatapathIdAndNeverZoneZero() {
        var zones = ConntrackZones.assign(Set.of(A, C, ZERO), Map.of(), Map.of());
        assertThat(zones.zones()).isEqualTo(Map.of(A, 1, C, 2, ZERO, 0xffff));
        assertThat(zones.refused()).isEmpty();
    }

    @Test
    void switchesWhoseLowBitsCollideGetDifferentZones() {
        var zones = ConntrackZones.assign(Set.of(A, B, C), Map.of(), Map.of());
        assertThat(zones.zones().get(A)).isEqualTo(1); // the lower dpid keeps its preference
        assertThat(zones.zones().get(C)).isEqualTo(2);
        assertThat(zones.zones().get(B)).isEqualTo(3); // the next free zone above its preference
        assertThat(new HashSet<>(zones.zones().values())).hasSize(3);
    }

    @Test
    void aSwitchKeepsItsZoneWhateverConnectsLaterAndWhileItIsAway() {
        var first = ConntrackZones.assign(Set.of(B), Map.of(), Map.of());
        assertThat(first.zones()).isEqualTo(Map.of(B, 1)); // alone, B has its preference
        var later = ConntrackZones.assign(Set.of(A, B), first.zones(), Map.of());
        assertThat(later.zones().get(B)).as("B keeps its zone; A, new, takes another").isEqualTo(1);
        assertThat(later.zones().get(A)).isEqualTo(2);
        var bAway = ConntrackZones.assign(Set.of(A), later.zones(), Map.of());
        assertThat(bAway.zones()).as("an absent switch keeps its zone").isEqualTo(later.zones());
        var again = ConntrackZones.assign(Set.of(A, B, C), bAway.zones(), Map.of());
        assertThat(again.zones()).containsEntry(A, 2).containsEntry(B, 1).containsEntry(C, 3);
    }

    @Test
    void aPinnedZoneWinsAndTheSwitchHoldingItMoves() {
        var before = ConntrackZones.assign(Set.of(A, C), Map.of(), Map.of());
        var pinned = ConntrackZones.assign(Set.of(A, C), before.zones(), Map.of(C, 1));
        assertThat(pinned.zones()).containsEntry(C, 1);
        assertThat(pinned.zones().get(A)).isNotEqualTo(1);
        assertThat(ConntrackZones.assign(Set.of(A), Map.of(), Map.of(C, 1)).zones().get(A))
                .as("a zone pinned for an absent switch stays reserved").isEqualTo(2);
    }

    @Test
    void aZonePinnedTwiceOrOutOfRangeIsRefused() {
        assertThatThrownBy(() -> ConntrackZones.assign(Set.of(A, C), Map.of(), Map.of(A, 7, C, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pinned for both");
        assertThatThrownBy(() -> new DataPlaneOptions(true, Map.of(A, 7, C, 7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pinned for both");
        assertThatThrownBy(() -> new DataPlaneOptions(true, Map.of(A, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> new DataPlaneOptions(true, Map.of(A, 0x1_0000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void storedZonesThatCollideAreSettledNotShared() {
        var zones = ConntrackZones.assign(Set.of(A, B), Map.of(A, 5, B, 5), Map.of());
        assertThat(zones.zones().get(A)).isEqualTo(5);
        assertThat(zones.zones().get(B)).isNotEqualTo(5);
        var outOfRange = ConntrackZones.assign(Set.of(A), Map.of(A, 0), Map.of());
        assertThat(outOfRange.zones().get(A)).isEqualTo(1);
    }

    @Test
    void whenEveryZoneIsTakenAnAbsentSwitchsZoneIsReclaimedThenTheSwitchIsRefused() {
        DatapathId d = DatapathId.of(0x4);
        var full = ConntrackZones.assign(Set.of(A, C), Map.of(), Map.of(), 1, 2);
        assertThat(full.zones()).isEqualTo(Map.of(A, 1, C, 2));
        var reclaimed = ConntrackZones.assign(Set.of(A, d), full.zones(), Map.of(), 1, 2);
        assertThat(reclaimed.zones()).as("C is away: its zone goes to d").isEqualTo(Map.of(A, 1, d, 2));
        assertThat(reclaimed.refused()).isEmpty();
        var refused = ConntrackZones.assign(Set.of(A, d, C), reclaimed.zones(), Map.of(), 1, 2);
        assertThat(refused.refused()).containsExactly(C);
        assertThat(refused.zones()).isEqualTo(Map.of(A, 1, d, 2));
        var pinnedFull = ConntrackZones.assign(Set.of(A), Map.of(), Map.of(C, 1, d, 2), 1, 2);
        assertThat(pinnedFull.refused()).as("pinned zones are never reclaimed").containsExactly(A);
    }
}
