package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.MatchField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one side of a stage (source or destination) is matched for a conjunction of sets: by the sets' bits in the
 * side's register pair when every set has a bit (one alternative, whatever the number of identities), otherwise by
 * enumerating the identities in all the sets (one alternative per identity id).
 */
final class SideMatches {

    /** One field constraint. */
    record FieldMatch(MatchField field, long value, long mask) {
        void apply(FlowMatch.Builder builder) {
            builder.masked(field, value, mask);
        }
    }

    private final Identities identities;
    private final Map<SetKey, Integer> setIndex;
    private final Map<SetKey, Integer> bits;
    private final MatchField idField;
    private final MatchField[] registers;
    /** An answer with the very list of sets it is the answer for (the same instance as its key in the cache). */
    record Answer(List<SetKey> key, List<List<FieldMatch>> alternatives) {
    }

    private final Map<List<SetKey>, Answer> cache;
    private int enumerated;
    /**
     * When this side carries all of the previous compilation's answers (the same requests are made: see
     * {@link #SideMatches(Identities, Map, Map, MatchField, MatchField[], SideMatches, boolean)}), the set lists
     * whose answer is not what it was; null otherwise.
     */
    private final Set<List<SetKey>> changedKeys;

    /** Enumerations of the previous compilation that stay valid unless a changed identity is in all their sets. */
    private final Map<List<SetKey>, List<List<FieldMatch>>> previous;
    private final List<Identities.Identity> changed;
    private final Map<List<SetKey>, List<List<FieldMatch>>> enumerations = new HashMap<>();

    SideMatches(Identities identities, Map<SetKey, Integer> setIndex, Map<SetKey, Integer> bits, MatchField idField,
            MatchField[] registers) {
        this(identities, setIndex, bits, idField, registers, null);
    }

    /**
     * @param before this side in the previous compilation, or null; its enumerations are reused when it had the
     *     same sets and {@code identities} says which identities changed since
     */
    SideMatches(Identities identities, Map<SetKey, Integer> setIndex, Map<SetKey, Integer> bits, MatchField idField,
            MatchField[] registers, SideMatches before) {
        this(identities, setIndex, bits, idField, registers, before, false);
    }

    /**
     * @param sameRequests the caller's promise that this compilation asks this side for exactly the set lists
     *     {@code before} was asked for (the same stage plan and named ports): then, when {@code before} had the same
     *     sets and bits, all its answers are carried (the enumerations a changed identity is in recomputed) and
     *     {@link #changedKeys()} tells which answers changed
     */
    SideMatches(Identities identities, Map<SetKey, Integer> setIndex, Map<SetKey, Integer> bits, MatchField idField,
            MatchField[] registers, SideMatches before, boolean sameRequests) {
        this.identities = identities;
        this.setIndex = setIndex;
        this.bits = bits;
        this.idField = idField;
        this.registers = registers;
        if (before != null && identities.gone() != null && before.setIndex == setIndex) {
            this.previous = before.enumerations;
            this.changed = new ArrayList<>(identities.gone());
            this.changed.addAll(identities.added());
        } else {
            this.previous = Map.of();
            this.changed = List.of();
        }
        if (sameRequests && before != null && identities.gone() != null && before.setIndex == setIndex
                && before.bits == bits && before.idField == idField) {
            cache = new HashMap<>(before.cache);
            changedKeys = Collections.newSetFromMap(new IdentityHashMap<>());
            enumerations.putAll(before.enumerations);
            for (Map.Entry<List<SetKey>, List<List<FieldMatch>>> entry : before.enumerations.entrySet()) {
                List<SetKey> sets = entry.getKey();
                int[] indices = indices(sets);
                List<List<FieldMatch>> answer = entry.getValue();
                if (changed.stream().anyMatch(identity -> inAll(identity, indices))) {
                    List<List<FieldMatch>> now = enumerate(indices);
                    if (!now.equals(answer)) {
                        changedKeys.add(sets);
                        answer = now;
                    }
                    cache.put(sets, new Answer(sets, answer));
                    enumerations.put(sets, answer);
                }
                enumerated += answer.size();
            }
        } else {
            cache = new HashMap<>();
            changedKeys = null;
        }
    }

    /**
     * The set lists (the instances {@link #answer} gives as keys) whose answer changed since the carried side, or
     * null when this side carries nothing.
     */
    Set<List<SetKey>> changedKeys() {
        return changedKeys;
    }

    private int[] indices(List<SetKey> sets) {
        int[] indices = new int[sets.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = setIndex.get(sets.get(i));
        }
        return indices;
    }

    private List<List<FieldMatch>> enumerate(int[] indices) {
        List<List<FieldMatch>> alternatives = new ArrayList<>();
        for (Identities.Identity identity : identities.all()) {
            if (inAll(identity, indices)) {
                alternatives.add(List.of(new FieldMatch(idField, identity.id(), idField.fullMask())));
            }
        }
        return List.copyOf(alternatives);
    }

    /** The sets' bits on this side, to tell whether bit-matched alternatives are still the same. */
    Map<SetKey, Integer> bits() {
        return bits;
    }

    /** Alternatives matching endpoints in every one of {@code sets}; one empty alternative when there are none. */
    List<List<FieldMatch>> of(List<SetKey> sets) {
        return answer(sets).alternatives();
    }

    /** {@link #of} with the set list it answers, one instance per list for as long as answers are carried. */
    Answer answer(List<SetKey> sets) {
        List<SetKey> key = List.copyOf(sets);
        Answer answer = cache.get(key);
        if (answer == null) {
            answer = new Answer(key, compute(key));
            cache.put(key, answer);
        }
        return answer;
    }

    private List<List<FieldMatch>> compute(List<SetKey> sets) {
        if (sets.isEmpty()) {
            return List.of(List.of());
        }
        if (sets.stream().allMatch(bits::containsKey)) {
            long[] masks = new long[registers.length];
            for (SetKey set : sets) {
                int bit = bits.get(set);
                masks[bit / 32] |= 1L << (bit % 32);
            }
            List<FieldMatch> matches = new ArrayList<>();
            for (int i = 0; i < registers.length; i++) {
                if (masks[i] != 0) {
                    matches.add(new FieldMatch(registers[i], masks[i], masks[i]));
                }
            }
            return List.of(List.copyOf(matches));
        }
        int[] indices = new int[sets.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = setIndex.get(sets.get(i));
        }
        List<List<FieldMatch>> before = previous.get(sets);
        if (before != null && changed.stream().noneMatch(identity -> inAll(identity, indices))) {
            enumerated += before.size();
            enumerations.put(sets, before);
            return before;
        }
        List<List<FieldMatch>> alternatives = new ArrayList<>();
        for (Identities.Identity identity : identities.all()) {
            boolean inAll = true;
            for (int index : indices) {
                if (!identity.in(index)) {
                    inAll = false;
                    break;
                }
            }
            if (inAll) {
                alternatives.add(List.of(new FieldMatch(idField, identity.id(), idField.fullMask())));
            }
        }
        enumerated += alternatives.size();
        List<List<FieldMatch>> out = List.copyOf(alternatives);
        enumerations.put(sets, out);
        return out;
    }

    private static boolean inAll(Identities.Identity identity, int[] indices) {
        for (int index : indices) {
            if (!identity.in(index)) {
                return false;
            }
        }
        return true;
    }

    /** The register values an identity gets on this side: bit b of the pair for each of its sets that has bit b. */
    long[] valuesOf(Identities.Identity identity) {
        if (bitIndex == null) {
            bitIndex = new int[bits.size()];
            bitOf = new int[bits.size()];
            int i = 0;
            for (Map.Entry<SetKey, Integer> entry : bits.entrySet()) {
                bitIndex[i] = setIndex.get(entry.getKey());
                bitOf[i] = entry.getValue();
                i++;
            }
        }
        long[] values = new long[registers.length];
        for (int i = 0; i < bitIndex.length; i++) {
            if (identity.in(bitIndex[i])) {
                values[bitOf[i] / 32] |= 1L << (bitOf[i] % 32);
            }
        }
        return values;
    }

    private int[] bitIndex;
    private int[] bitOf;

    MatchField[] registers() {
        return registers;
    }

    MatchField idField() {
        return idField;
    }

    /** How many identity alternatives had to be enumerated for sets without bits (0 when all fit). */
    int enumerated() {
        return enumerated;
    }
}
