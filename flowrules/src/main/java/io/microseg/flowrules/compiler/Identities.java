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

    /** An endpoint of an identity; a workload address knows its workload and which address it is. */
    record Member(EndpointKey endpoint, Workload owner, int index) {
        /** The order endpoints are met in: workloads by id, then their addresses; regions after every workload. */
        static int compare(Member a, Member b) {
            if (a.owner == null || b.owner == null) {
                return a.owner == null ? (b.owner == null ? 0 : 1) : -1;
            }
            int order = a.owner.namespace().compareTo(b.owner.namespace());
            if (order == 0) {
                order = a.owner.name().compareTo(b.owner.name());
            }
            return order != 0 ? order : Integer.compare(a.index, b.index);
        }
    }

    /** One identity: id, its class, and the endpoints in it (in the order they are met). */
    record Identity(int id, ClassKey key, List<Member> members) {
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

    /**
     * Identity ids by endpoint, persistent: a new version is this one's entries plus a few changes (a removed
     * endpoint maps to 0), so a small change does not copy every endpoint. Flattened when the changes pile up.
     */
    static final class EndpointIds {
        static final EndpointIds EMPTY = new EndpointIds(Map.of(), Map.of());
        private static final int FLATTEN = 4096;

        private final Map<EndpointKey, Integer> base;
        private final Map<EndpointKey, Integer> changes;

        private EndpointIds(Map<EndpointKey, Integer> base, Map<EndpointKey, Integer> changes) {
            this.base = base;
            this.changes = changes;
        }

        static EndpointIds of(Map<EndpointKey, Integer> all) {
            return new EndpointIds(all, Map.of());
        }

        /** The id of an endpoint, or null. */
        Integer get(EndpointKey endpoint) {
            Integer id = changes.get(endpoint);
            if (id == null) {
                id = base.get(endpoint);
            }
            return id == null || id == 0 ? null : id;
        }

        /** Every endpoint with an id. */
        void forEach(java.util.function.BiConsumer<EndpointKey, Integer> action) {
            base.forEach((endpoint, id) -> {
                if (!changes.containsKey(endpoint) && id != 0) {
                    action.accept(endpoint, id);
                }
            });
            changes.forEach((endpoint, id) -> {
                if (id != 0) {
                    action.accept(endpoint, id);
                }
            });
        }

        /** These ids with {@code more} applied (0: removed). */
        EndpointIds with(Map<EndpointKey, Integer> more) {
            if (more.isEmpty()) {
                return this;
            }
            Map<EndpointKey, Integer> merged = new HashMap<>(changes);
            merged.putAll(more);
            if (merged.size() < FLATTEN && merged.size() < base.size() / 4) {
                return new EndpointIds(base, merged);
            }
            Map<EndpointKey, Integer> flat = new HashMap<>(base);
            merged.forEach((endpoint, id) -> {
                if (id == 0) {
                    flat.remove(endpoint);
                } else {
                    flat.put(endpoint, id);
                }
            });
            return new EndpointIds(flat, Map.of());
        }
    }

    private final List<Identity> identities;
    private final EndpointIds byEndpoint;
    private final List<Region> regions;
    private final int nextId;
    private final Map<ClassKey, Identity> byKey;
    /** Old ids whose endpoints (some or all) now have another id; empty after a computation from scratch. */
    private Set<Integer> movedIds = Set.of();
    /** Identities that are gone or new since the previous version, by (id, class); null after a computation from scratch. */
    private List<Identity> gone;
    private List<Identity> added;

    private Identities(List<Identity> identities, EndpointIds byEndpoint, List<Region> regions, int nextId,
            Map<ClassKey, Identity> byKey) {
        this.identities = List.copyOf(identities);
        this.byEndpoint = byEndpoint;
        this.regions = List.copyOf(regions);
        this.nextId = nextId;
        this.byKey = byKey;
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
            EndpointIds previous, int previousNextId) {
        return compute(workloads, sets, resolver, previous, previousNextId, Memo.NONE, null);
    }

    static Identities compute(List<Workload> workloads, List<SetKey> sets, SetResolver resolver,
            EndpointIds previous, int previousNextId, Memo previousMemo, Object resolverInput) {
        Map<ClassKey, List<Member>> classes = new LinkedHashMap<>();
        List<Workload> sorted = new ArrayList<>(workloads);
        sorted.sort(Comparator.comparing(Workload::namespace).thenComparing(Workload::name)); // WorkloadId order
        Map<Signature, Membership> memberships = previousMemo.validFor(sets, resolverInput)
                ? new HashMap<>(previousMemo.bySignature) : new HashMap<>();
        List<Integer> blockSets = blockSets(sets, resolver);
        for (Workload workload : sorted) {
            Membership membership = membership(memberships, workload, sets, resolver);
            for (int a = 0; a < workload.addresses().size(); a++) {
                Ipv4Prefix host = Ipv4Prefix.host(workload.addresses().get(a));
                classes.computeIfAbsent(classOf(membership, host, blockSets, sets, resolver), k -> new ArrayList<>())
                        .add(new Member(new EndpointKey(true, host), workload, a));
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
            classes.computeIfAbsent(key, k -> new ArrayList<>()).add(new Member(new EndpointKey(false, prefix), null, 0));
        }

        int nextId = Math.max(1, previousNextId);
        Set<Integer> taken = new HashSet<>();
        List<Identity> identities = new ArrayList<>();
        Map<EndpointKey, Integer> byEndpoint = new HashMap<>();
        Map<ClassKey, Identity> byKey = new HashMap<>();
        for (Map.Entry<ClassKey, List<Member>> entry : classes.entrySet()) {
            Integer id = vote(entry.getValue(), previous, taken);
            if (id == null) {
                id = nextId++;
            }
            taken.add(id);
            Identity identity = new Identity(id, entry.getKey(), List.copyOf(entry.getValue()));
            byKey.put(entry.getKey(), identity);
            identities.add(identity);
            for (Member member : entry.getValue()) {
                byEndpoint.put(member.endpoint(), id);
            }
        }
        identities.sort(Comparator.comparingInt(Identity::id));
        List<Region> regions = new ArrayList<>();
        for (Ipv4Prefix prefix : kept) {
            regions.add(new Region(prefix, byKey.get(regionClass.get(prefix)).id()));
        }
        Identities out = new Identities(identities, EndpointIds.of(byEndpoint), regions, nextId, byKey);
        out.memo = nextMemo;
        return out;
    }

    private static Membership membership(Map<Signature, Membership> memberships, Workload workload, List<SetKey> sets,
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
    private static ClassKey classOf(Membership membership, Ipv4Prefix host, List<Integer> blockSets, List<SetKey> sets,
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

    /** The most workloads {@link #update} re-classifies before a computation from scratch is cheaper. */
    private static final int FEW_WORKLOADS = 512;

    /**
     * The identities of {@code after} (workloads sorted by id) given those of {@code before}, computed with the same
     * sets and resolver input (the caller checks {@code before.memo().validFor}), by re-classifying only the
     * workloads that are not in {@code previousWorkloads} as they are: the result, ids included, is what
     * {@link #compute} gives with {@code before}'s ids. Null when too many workloads changed.
     *
     * <p>Why only the touched classes need a vote: a class no changed endpoint enters or leaves has all its
     * endpoints' old id, and only endpoints that left that class can vote for its id elsewhere; so the touched
     * classes (those gaining or losing endpoints) vote among themselves, in the order they are met, and every other
     * class keeps its identity.
     */
    static Identities update(Identities before, List<Workload> previousWorkloads, List<Workload> after,
            List<SetKey> sets, SetResolver resolver) {
        Map<Signature, Membership> memberships = before.memo.bySignature;
        boolean copied = false;
        List<Integer> blockSets = null;
        Map<ClassKey, List<Member>> entering = new HashMap<>();
        Map<ClassKey, Set<EndpointKey>> leaving = new HashMap<>();
        Map<Integer, Identity> byId = new HashMap<>();
        int changed = 0;
        int i = 0;
        int j = 0;
        while (i < previousWorkloads.size() || j < after.size()) {
            Workload old = i < previousWorkloads.size() ? previousWorkloads.get(i) : null;
            Workload now = j < after.size() ? after.get(j) : null;
            if (old != null && old == now) {
                i++;
                j++;
                continue;
            }
            int order = old == null ? 1 : now == null ? -1 : compare(old, now);
            if (order == 0 && old.equals(now)) {
                i++;
                j++;
                continue;
            }
            if (++changed > FEW_WORKLOADS) {
                return null;
            }
            if (order <= 0) {
                if (byId.isEmpty()) {
                    before.identities.forEach(identity -> byId.put(identity.id(), identity));
                }
                for (Ipv4Address address : old.addresses()) {
                    EndpointKey endpoint = new EndpointKey(true, Ipv4Prefix.host(address));
                    leaving.computeIfAbsent(byId.get(before.byEndpoint.get(endpoint)).key(), k -> new HashSet<>())
                            .add(endpoint);
                }
                i++;
            }
            if (order >= 0) {
                Signature signature = Signature.of(now);
                if (!copied && !memberships.containsKey(signature)) {
                    memberships = new HashMap<>(memberships);
                    copied = true;
                }
                if (blockSets == null) {
                    blockSets = blockSets(sets, resolver);
                }
                Membership membership = membership(memberships, now, sets, resolver);
                for (int a = 0; a < now.addresses().size(); a++) {
                    Ipv4Prefix host = Ipv4Prefix.host(now.addresses().get(a));
                    entering.computeIfAbsent(classOf(membership, host, blockSets, sets, resolver),
                            k -> new ArrayList<>()).add(new Member(new EndpointKey(true, host), now, a));
                }
                j++;
            }
        }
        Identities out;
        if (changed == 0) {
            out = new Identities(before.identities, before.byEndpoint, before.regions, before.nextId, before.byKey);
            out.movedIds = Set.of();
            out.gone = List.of();
            out.added = List.of();
            out.memo = before.memo;
            return out;
        }
        // the touched classes with their new members, in the order they are met
        Set<ClassKey> touched = new java.util.LinkedHashSet<>(leaving.keySet());
        touched.addAll(entering.keySet());
        List<Map.Entry<ClassKey, List<Member>>> classes = new ArrayList<>();
        for (ClassKey key : touched) {
            Identity old = before.byKey.get(key);
            Set<EndpointKey> left = leaving.getOrDefault(key, Set.of());
            List<Member> members = new ArrayList<>();
            if (old != null) {
                for (Member member : old.members()) {
                    if (!left.contains(member.endpoint())) {
                        members.add(member);
                    }
                }
            }
            members.addAll(entering.getOrDefault(key, List.of()));
            members.sort(Member::compare);
            if (!members.isEmpty()) {
                classes.add(Map.entry(key, members));
            }
        }
        classes.sort((a, b) -> Member.compare(a.getValue().get(0), b.getValue().get(0)));
        int nextId = before.nextId;
        Set<Integer> taken = new HashSet<>();
        Map<ClassKey, Identity> byKey = new HashMap<>(before.byKey);
        Map<EndpointKey, Integer> endpointChanges = new HashMap<>();
        List<Identity> gone = new ArrayList<>();
        List<Identity> added = new ArrayList<>();
        Set<Integer> moved = new HashSet<>();
        touched.forEach(byKey::remove);
        leaving.values().forEach(left -> left.forEach(endpoint -> endpointChanges.put(endpoint, 0)));
        for (Map.Entry<ClassKey, List<Member>> entry : classes) {
            Integer id = vote(entry.getValue(), before.byEndpoint, taken);
            if (id == null) {
                id = nextId++;
            }
            taken.add(id);
            Identity identity = new Identity(id, entry.getKey(), List.copyOf(entry.getValue()));
            byKey.put(entry.getKey(), identity);
            Identity old = before.byKey.get(entry.getKey());
            boolean sameId = old != null && old.id() == id;
            if (!sameId) {
                added.add(identity);
            }
            for (Member member : sameId ? entering.getOrDefault(entry.getKey(), List.of()) : entry.getValue()) {
                endpointChanges.put(member.endpoint(), id);
            }
        }
        for (ClassKey key : touched) {
            Identity old = before.byKey.get(key);
            Identity now = byKey.get(key);
            if (old != null && (now == null || now.id() != old.id())) {
                gone.add(old);
                moved.add(old.id());
            }
        }
        List<Identity> identities = new ArrayList<>(byKey.values());
        identities.sort(Comparator.comparingInt(Identity::id));
        out = new Identities(identities, before.byEndpoint.with(endpointChanges), before.regions, nextId, byKey);
        out.movedIds = moved;
        out.gone = gone;
        out.added = added;
        out.memo = copied ? new Memo(before.memo.sets, before.memo.resolverInput, memberships) : before.memo;
        return out;
    }

    private static int compare(Workload a, Workload b) {
        int order = a.namespace().compareTo(b.namespace());
        return order != 0 ? order : a.name().compareTo(b.name());
    }

    private static List<Integer> blockSets(List<SetKey> sets, SetResolver resolver) {
        List<Integer> blockSets = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            if (resolver.hasBlocks(sets.get(i))) {
                blockSets.add(i);
            }
        }
        return blockSets;
    }

    /** Old ids some endpoint no longer has: a workload holding none of them keeps its identity ids. */
    Set<Integer> movedIds() {
        return movedIds;
    }

    /** Identities (by id and class) gone since the previous version; null when computed from scratch. */
    List<Identity> gone() {
        return gone;
    }

    /** Identities (by id and class) new since the previous version; null when computed from scratch. */
    List<Identity> added() {
        return added;
    }

    /** The old id most of these endpoints had and no other class claimed yet (ties: the smaller id). */
    private static Integer vote(List<Member> members, EndpointIds previous, Set<Integer> taken) {
        Map<Integer, Integer> votes = new HashMap<>();
        for (Member member : members) {
            Integer old = previous.get(member.endpoint());
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

    EndpointIds byEndpoint() {
        return byEndpoint;
    }

    int nextId() {
        return nextId;
    }
}
