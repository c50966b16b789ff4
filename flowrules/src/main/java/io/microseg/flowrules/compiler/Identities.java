package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.IpBlock;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identities of a model: endpoints no policy can tell apart share one. Two workload addresses are the same
 * identity when they belong to the same sets (selectors, segments, peers, IP blocks, named-port resolutions) and
 * have the same enforcement mode; bare addresses are cut into regions by the IP blocks' prefixes and likewise
 * grouped. Ids are kept stable across compilations: a class keeps the id most of its endpoints had before.
 */
final class Identities {

    /** An address-classified endpoint: a workload address (/32) or a bare region (its longest relevant prefix). */
    record EndpointKey(boolean managed, Ipv4Prefix prefix) {
        /** Mixed: addresses differ in few bits, and the record's default hash collides badly in hash maps. */
        @Override
        public int hashCode() {
            int h = prefix.address().value() * 0x9E3779B1 + prefix.length() * 0x85EBCA6B + (managed ? 0x27D4EB2F : 0);
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            return h;
        }
    }

    /** What tells identities apart. The bit set is never changed after construction. */
    record ClassKey(boolean managed, EnforcementMode mode, BitSet members) {
    }

    /** One identity: id, its class, and the endpoints in it. */
    record Identity(int id, ClassKey key, List<EndpointKey> endpoints) {
        boolean managed() {
            return key.managed();
        }

        Optional<EnforcementMode> mode() {
            return Optional.ofNullable(key.mode());
        }

        boolean in(int setIndex) {
            return key.members().get(setIndex);
        }
    }

    /** A region of bare addresses that needs its own classification flow. */
    record Region(Ipv4Prefix prefix, int identity) {
    }

    private final List<Identity> identities;
    private final Map<EndpointKey, Integer> byEndpoint;
    private final List<Region> regions;
    private final int nextId;

    private Identities(List<Identity> identities, Map<EndpointKey, Integer> byEndpoint, List<Region> regions, int nextId) {
        this.identities = List.copyOf(identities);
        this.byEndpoint = java.util.Collections.unmodifiableMap(byEndpoint);
        this.regions = List.copyOf(regions);
        this.nextId = nextId;
    }

    /** What decides a workload's memberships apart from its addresses: namespace, labels, named ports. */
    record Signature(String namespace, io.microseg.flowrules.policy.Labels labels,
            List<io.microseg.flowrules.policy.NamedPort> namedPorts) {
        static Signature of(Workload workload) {
            return new Signature(workload.namespace(), workload.labels(), workload.namedPorts());
        }
    }

    /** The memberships (label part) and mode of one signature. */
    record Membership(EnforcementMode mode, BitSet members) {
    }

    /**
     * Memberships by signature, valid for one list of sets and one resolver input (namespaces, segments,
     * enforcement settings, default mode): carried from one compilation to the next so unchanged workloads cost a
     * lookup.
     */
    static final class Memo {
        static final Memo NONE = new Memo(List.of(), null, new HashMap<>());

        final List<SetKey> sets;
        final Object resolverInput;
        final Map<Signature, Membership> bySignature;

        Memo(List<SetKey> sets, Object resolverInput, Map<Signature, Membership> bySignature) {
            this.sets = sets;
            this.resolverInput = resolverInput;
            this.bySignature = bySignature;
        }

        boolean validFor(List<SetKey> otherSets, Object otherInput) {
            return (sets == otherSets || sets.equals(otherSets)) && java.util.Objects.equals(resolverInput, otherInput);
        }
    }

    private Memo memo = Memo.NONE;

    Memo memo() {
        return memo;
    }

    static Identities compute(List<Workload> workloads, List<SetKey> sets, SetResolver resolver,
            Map<EndpointKey, Integer> previous, int previousNextId) {
        return compute(workloads, sets, resolver, previous, previousNextId, Memo.NONE, null);
    }

    static Identities compute(List<Workload> workloads, List<SetKey> sets, SetResolver resolver,
            Map<EndpointKey, Integer> previous, int previousNextId, Memo previousMemo, Object resolverInput) {
        Map<ClassKey, List<EndpointKey>> classes = new LinkedHashMap<>();
        List<Workload> sorted = new ArrayList<>(workloads);
        sorted.sort(Comparator.comparing(Workload::namespace).thenComparing(Workload::name)); // WorkloadId order
        Map<Signature, Membership> memberships = previousMemo.validFor(sets, resolverInput)
                ? new HashMap<>(previousMemo.bySignature) : new HashMap<>();
        List<Integer> blockSets = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            if (resolver.hasBlocks(sets.get(i))) {
                blockSets.add(i);
            }
        }
        for (Workload workload : sorted) {
            Membership membership = memberships.computeIfAbsent(Signature.of(workload), signature -> {
                BitSet members = new BitSet(sets.size());
                for (int i = 0; i < sets.size(); i++) {
                    if (resolver.containsByLabels(sets.get(i), workload)) {
                        members.set(i);
                    }
                }
                return new Membership(resolver.modeOf(workload), members);
            });
            for (Ipv4Address address : workload.addresses()) {
                Ipv4Prefix host = Ipv4Prefix.host(address);
                BitSet members = membership.members();
                for (int i : blockSets) {
                    if (!members.get(i) && resolver.containsByAddress(sets.get(i), host)) {
                        if (members == membership.members()) {
                            members = (BitSet) members.clone();
                        }
                        members.set(i);
                    }
                }
                classes.computeIfAbsent(new ClassKey(true, membership.mode(), members), k -> new ArrayList<>())
                        .add(new EndpointKey(true, host));
            }
        }
        Memo nextMemo = new Memo(sets, resolverInput, memberships);
        List<Ipv4Prefix> prefixes = relevantPrefixes(sets, resolver);
        Map<Ipv4Prefix, ClassKey> regionClass = new HashMap<>();
        List<Ipv4Prefix> kept = new ArrayList<>();
        Set<Ipv4Prefix> relevant = new HashSet<>(prefixes);
        for (Ipv4Prefix prefix : prefixes) {
            ClassKey key = new ClassKey(false, null, members(sets, resolver, Optional.empty(), prefix));
            regionClass.put(prefix, key);
            Optional<Ipv4Prefix> parent = parent(prefix, relevant);
            if (parent.isPresent() && regionClass.get(parent.get()).equals(key)) {
                continue; // the enclosing region's flow classifies it the same way
            }
            kept.add(prefix);
            classes.computeIfAbsent(key, k -> new ArrayList<>()).add(new EndpointKey(false, prefix));
        }

        int nextId = Math.max(1, previousNextId);
        Set<Integer> taken = new HashSet<>();
        List<Identity> identities = new ArrayList<>();
        Map<EndpointKey, Integer> byEndpoint = new HashMap<>();
        Map<ClassKey, Integer> idOfClass = new HashMap<>();
        for (Map.Entry<ClassKey, List<EndpointKey>> entry : classes.entrySet()) {
            Integer id = vote(entry.getValue(), previous, taken);
            if (id == null) {
                id = nextId++;
            }
            taken.add(id);
            idOfClass.put(entry.getKey(), id);
            identities.add(new Identity(id, entry.getKey(), List.copyOf(entry.getValue())));
            for (EndpointKey endpoint : entry.getValue()) {
                byEndpoint.put(endpoint, id);
            }
        }
        identities.sort(Comparator.comparingInt(Identity::id));
        List<Region> regions = new ArrayList<>();
        for (Ipv4Prefix prefix : kept) {
            regions.add(new Region(prefix, idOfClass.get(regionClass.get(prefix))));
        }
        Identities out = new Identities(identities, byEndpoint, regions, nextId);
        out.memo = nextMemo;
        return out;
    }

    /** The old id most of these endpoints had and no other class claimed yet (ties: the smaller id). */
    private static Integer vote(List<EndpointKey> endpoints, Map<EndpointKey, Integer> previous, Set<Integer> taken) {
        Map<Integer, Integer> votes = new HashMap<>();
        for (EndpointKey endpoint : endpoints) {
            Integer old = previous.get(endpoint);
            if (old != null && !taken.contains(old)) {
                votes.merge(old, 1, Integer::sum);
            }
        }
        Integer best = null;
        for (Map.Entry<Integer, Integer> vote : votes.entrySet()) {
            if (best == null || vote.getValue() > votes.get(best)
                    || (vote.getValue().equals(votes.get(best)) && vote.getKey() < best)) {
                best = vote.getKey();
            }
        }
        return best;
    }

    private static BitSet members(List<SetKey> sets, SetResolver resolver, Optional<Workload> workload,
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
    private static List<Ipv4Prefix> relevantPrefixes(List<SetKey> sets, SetResolver resolver) {
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

    private static Optional<Ipv4Prefix> parent(Ipv4Prefix prefix, Set<Ipv4Prefix> relevant) {
        for (int length = prefix.length() - 1; length >= 0; length--) {
            Ipv4Prefix candidate = Ipv4Prefix.of(prefix.address(), length);
            if (relevant.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    List<Identity> all() {
        return identities;
    }

    int idOf(EndpointKey endpoint) {
        Integer id = byEndpoint.get(endpoint);
        if (id == null) {
            throw new IllegalArgumentException("no identity for " + endpoint);
        }
        return id;
    }

    int idOfWorkloadAddress(Ipv4Address address) {
        return idOf(new EndpointKey(true, Ipv4Prefix.host(address)));
    }

    List<Region> regions() {
        return regions;
    }

    Map<EndpointKey, Integer> byEndpoint() {
        return byEndpoint;
    }

    int nextId() {
        return nextId;
    }
}
