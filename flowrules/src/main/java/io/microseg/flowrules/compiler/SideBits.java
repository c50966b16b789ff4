package io.microseg.flowrules.compiler;

import io.microseg.flowrules.pipeline.Marks;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Stage output: how many identities each set has (by set index), and the register bit of each set per stage and
 * side. The functions here are pure.
 */
record SideBits(int[] sizes, Map<Allocations.Domain, Map<SetKey, Integer>> bits) {

    /**
     * How many identities each of {@code setCount} sets has: {@code before} (the sizes of the same sets for the
     * previous identities) corrected by the identities gone and added, or counted over all identities when
     * {@code before} is null.
     */
    static int[] sizes(Identities identities, int setCount, int[] before) {
        int[] sizes;
        if (before != null) {
            sizes = before.clone();
            for (Identities.Identity gone : identities.gone()) {
                BitSet members = gone.key().members();
                for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                    sizes[i]--;
                }
            }
            for (Identities.Identity added : identities.added()) {
                BitSet members = added.key().members();
                for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                    sizes[i]++;
                }
            }
            return sizes;
        }
        sizes = new int[setCount];
        for (Identities.Identity identity : identities.all()) {
            BitSet members = identity.key().members();
            for (int i = members.nextSetBit(0); i >= 0 && i < sizes.length; i = members.nextSetBit(i + 1)) {
                sizes[i]++;
            }
        }
        return sizes;
    }

    /** Bits per domain: a set keeps its bit of {@code before} while it is used (see {@link Allocations#assignBits}). */
    static Map<Allocations.Domain, Map<SetKey, Integer>> assign(Map<Allocations.Domain, List<SetKey>> domains,
            Allocations before, Map<SetKey, Integer> setIndex, int[] sizes) {
        Map<Allocations.Domain, Map<SetKey, Integer>> bits = new EnumMap<>(Allocations.Domain.class);
        domains.forEach((domain, used) -> bits.put(domain, Allocations.assignBits(used, before.bits(domain),
                Marks.BITS_PER_SIDE, set -> sizes[setIndex.get(set)])));
        return bits;
    }
}
