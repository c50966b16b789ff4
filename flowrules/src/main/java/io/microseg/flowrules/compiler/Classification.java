package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.Labels;
import io.microseg.flowrules.policy.NamedPort;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The classification of endpoints: what tells identities apart ({@link ClassKey}: managed or not, enforcement mode,
 * the sets an endpoint is in), worked out once per workload signature (namespace, labels, named ports) and per address
 * only for sets that name IP blocks; and the regions bare addresses are cut into. Pure functions.
 */
final class Classification {

    private Classification() {
    }

    /** What tells identities apart. The bit set is never changed after construction. */
    record ClassKey(boolean managed, EnforcementMode mode, BitSet members) {
    }

    /** What decides a workload's memberships apart from its addresses: namespace, labels, named ports. */
    record Signature(String namespace, Labels labels, List<NamedPort> namedPorts) {
        static Signature of(Workload workload) {
            return new Signature(workload.namespace(), workload.labels(), workload.namedPorts());
        }
    }

    /** The memberships (label part) and mode of one signature. */
    record Membership(EnforcementMode mode, BitSet members) {
    }

    /** The memberships of the workload's signature: from {@code memberships}, else worked out and added there. */
    static Membership membership(Map<Signature, Membership> memberships, Workload workload, List<SetKey> sets,
            SetResolver resolver) {
        return memberships.computeIfAbsent(Signature.of(workload), signature -> {
            BitSet members = new BitSet(sets.size());
            for (int i = 0; i < sets.size(); i++) {
                if (resolver.containsByLabels(sets.get(i), workload)) {
                    members.set(i);
                }
            }
            return new Membership(resolver.modeOf(workload), members);
        });
    }

    /** The class of a workload address: its label memberships plus the IP-block sets holding the address. */
    static ClassKey classOf(Membership membership, Ipv4Prefix host, List<Integer> blockSets, List<SetKey> sets,
            SetResolver resolver) {
        BitSet members = membership.members();
        for (int i : blockSets) {
            if (!members.get(i) && resolver.containsByAddress(sets.get(i), host)) {
                if (members == membership.members()) {
                    members = (BitSet) members.clone();
                }
                members.set(i);
            }
        }
        return new ClassKey(true, membership.mode(), members);
    }

    /** The indices of the sets that name IP blocks (membership by address). */
    static List<Integer> blockSets(List<SetKey> sets, SetResolver resolver) {
        List<Integer> blockSets = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            if (resolver.hasBlocks(sets.get(i))) {
                blockSets.add(i);
            }
        }
        return blockSets;
    }

    /** The sets an endpoint (a workload's address, or a bare address region) is in. */
    static BitSet members(List<SetKey> sets, SetResolver resolver, Optional<Workload> workload,
            Ipv4Prefix address) {
        BitSet members = new BitSet(sets.size());
        for (int i = 0; i < sets.size(); i++) {
            if (resolver.contains(sets.get(i), workload, address)) {
                members.set(i);
            }
        }
        return members;
    }

    /** 0.0.0.0/0 and every CIDR and except of the sets' IP blocks, shortest first. */
    static List<Ipv4Prefix> relevantPrefixes(List<SetKey> sets, SetResolver resolver) {
        Set<Ipv4Prefix> prefixes = new HashSet<>();
        prefixes.add(Ipv4Prefix.parse("0.0.0.0/0"));
        for (SetKey set : sets) {
            for (IpBlock block : resolver.blocks(set)) {
                prefixes.add(block.cidr());
                prefixes.addAll(block.except());
            }
        }
        List<Ipv4Prefix> sorted = new ArrayList<>(prefixes);
        sorted.sort(Comparator.comparingInt(Ipv4Prefix::length).thenComparing(Ipv4Prefix::address));
        return sorted;
    }

    static Optional<Ipv4Prefix> parent(Ipv4Prefix prefix, Set<Ipv4Prefix> relevant) {
        for (int length = prefix.length() - 1; length >= 0; length--) {
            Ipv4Prefix candidate = Ipv4Prefix.of(prefix.address(), length);
            if (relevant.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
