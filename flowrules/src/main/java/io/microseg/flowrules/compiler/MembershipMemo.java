package io.microseg.flowrules.compiler;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The incremental memo of classification: memberships by signature, valid for one list of sets and one resolver input
 * (namespaces, segments, enforcement settings, default mode); carried from one compilation to the next so unchanged
 * workloads cost a lookup.
 */
final class MembershipMemo {
    static final MembershipMemo NONE = new MembershipMemo(List.of(), null, new HashMap<>());

    final List<SetKey> sets;
    final Object resolverInput;
    final Map<Classification.Signature, Classification.Membership> bySignature;

    MembershipMemo(List<SetKey> sets, Object resolverInput,
            Map<Classification.Signature, Classification.Membership> bySignature) {
        this.sets = sets;
        this.resolverInput = resolverInput;
        this.bySignature = bySignature;
    }

    boolean validFor(List<SetKey> otherSets, Object otherInput) {
        return (sets == otherSets || sets.equals(otherSets)) && Objects.equals(resolverInput, otherInput);
    }
}
