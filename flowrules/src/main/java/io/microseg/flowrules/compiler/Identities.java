package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.compiler.Classification.ClassKey;
import io.microseg.flowrules.compiler.Classification.Membership;
import io.microseg.flowrules.compiler.Classification.Signature;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.Ipv4Address;
import io.microseg.topology.Ipv4Prefix;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identities of a model: endpoints no policy can tell apart share one. Two workload addresses are the same
 * identity when they belong to the same sets (selectors, segments, peers, IP blocks, named-port resolutions) and
 * have the same enforcement mode; bare addresses are cut into regions by the IP blocks' prefixes and likewise
 * grouped. Ids are kept stable across compilations: a class keeps the id most of its endpoints had before.
 *
 * <p>Three parts, each in a class of its own: {@link Classification} (which class an endpoint is in),
 * {@link EndpointIds} (the allocation of ids by endpoint, and the vote that keeps them stable) and
 * {@link MembershipMemo} (memberships by signature carried to the next compilation). This class puts them together:
 * {@link #compute} from scratch, {@link #update} by the workloads that changed.
 */
final class Identities {

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

    private final List<Identity> identities;
    private final EndpointIds byEndpoint;
    private final List<Region> regions;
    private final int nextId;
    private final Map<ClassKey, Identity> byKey;
    private final Delta delta;
    private final MembershipMemo memo;

    /**
     * What changed since the previous version (after {@link #update}).
     *
     * @param movedIds old ids whose endpoints (some or all) now have another id; empty after a computation from scratch
     * @param gone identities gone since the previous version, by (id, class); null after a computation from scratch
     * @param added identities new since the previous version, by (id, class); null after a computation from scratch
     */
    private record Delta(Set<Integer> movedIds, List<Identity> gone, List<Identity> added) {
        static final Delta FROM_SCRATCH = new Delta(Set.of(), null, null);
        static final Delta NONE = new Delta(Set.of(), List.of(), List.of());
    }

    private Identities(List<Identity> identities, EndpointIds byEndpoint, List<Region> regions, int nextId,
            Map<ClassKey, Identity> byKey, Delta delta, MembershipMemo memo) {
        this.identities = List.copyOf(identities);
        this.byEndpoint = byEndpoint;
        this.regions = List.copyOf(regions);
        this.nextId = nextId;
        this.byKey = byKey;
        this.delta = delta;
        this.memo = memo;
    }

    /** The memberships by signature this version was classified with, for the next version. */
    MembershipMemo memo() {
        return memo;
    }

    static Identities compute(List<Workload> workloads, List<SetKey> sets, SetResolver resolver,
            EndpointIds previous, int previousNextId) {
        return compute(workloads, sets, resolver, previous, previousNextId, MembershipMemo.NONE, null);
    }

    /**
     * The identities of the workloads and of the regions of bare addresses, classified from scratch (with the
     * memberships of {@code previousMemo} when it is valid for these sets and resolver input), each class taking the
     * id most of its endpoints had in {@code previous}.
     */
    static Identities compute(List<Workload> workloads, List<SetKey> sets, SetResolver resolver,
            EndpointIds previous, int previousNextId, MembershipMemo previousMemo, Object resolverInput) {
        Map<ClassKey, List<Member>> classes = new LinkedHashMap<>();
        List<Workload> sorted = new ArrayList<>(workloads);
        sorted.sort(Comparator.comparing(Workload::namespace).thenComparing(Workload::name)); // WorkloadId order
        Map<Signature, Membership> memberships = previousMemo.validFor(sets, resolverInput)
                ? new HashMap<>(previousMemo.bySignature) : new HashMap<>();
        List<Integer> blockSets = Classification.blockSets(sets, resolver);
        for (Workload workload : sorted) {
            Membership membership = Classification.membership(memberships, workload, sets, resolver);
            for (int a = 0; a < workload.addresses().size(); a++) {
                Ipv4Prefix host = Ipv4Prefix.host(workload.addresses().get(a));
                classes.computeIfAbsent(Classification.classOf(membership, host, blockSets, sets, resolver),
                        k -> new ArrayList<>())
                        .add(new Member(new EndpointKey(true, host), workload, a));
            }
        }
        MembershipMemo nextMemo = new MembershipMemo(sets, resolverInput, memberships);
        List<Ipv4Prefix> prefixes = Classification.relevantPrefixes(sets, resolver);
        Map<Ipv4Prefix, ClassKey> regionClass = new HashMap<>();
        List<Ipv4Prefix> kept = new ArrayList<>();
        Set<Ipv4Prefix> relevant = new HashSet<>(prefixes);
        for (Ipv4Prefix prefix : prefixes) {
            ClassKey key = new ClassKey(false, null, Classification.members(sets, resolver, Optional.empty(), prefix));
            regionClass.put(prefix, key);
            Optional<Ipv4Prefix> parent = Classification.parent(prefix, relevant);
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
            Integer id = EndpointIds.vote(entry.getValue(), previous, taken);
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
        return new Identities(identities, EndpointIds.of(byEndpoint), regions, nextId, byKey, Delta.FROM_SCRATCH,
                nextMemo);
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
                    blockSets = Classification.blockSets(sets, resolver);
                }
                Membership membership = Classification.membership(memberships, now, sets, resolver);
                for (int a = 0; a < now.addresses().size(); a++) {
                    Ipv4Prefix host = Ipv4Prefix.host(now.addresses().get(a));
                    entering.computeIfAbsent(Classification.classOf(membership, host, blockSets, sets, resolver),
                            k -> new ArrayList<>()).add(new Member(new EndpointKey(true, host), now, a));
                }
                j++;
            }
        }
        if (changed == 0) {
            return new Identities(before.identities, before.byEndpoint, before.regions, before.nextId, before.byKey,
                    Delta.NONE, before.memo);
        }
        // the touched classes with their new members, in the order they are met
        Set<ClassKey> touched = new LinkedHashSet<>(leaving.keySet());
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
            Integer id = EndpointIds.vote(entry.getValue(), before.byEndpoint, taken);
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
        return new Identities(identities, before.byEndpoint.with(endpointChanges), before.regions, nextId, byKey,
                new Delta(moved, gone, added),
                copied ? new MembershipMemo(before.memo.sets, before.memo.resolverInput, memberships) : before.memo);
    }

    private static int compare(Workload a, Workload b) {
        int order = a.namespace().compareTo(b.namespace());
        return order != 0 ? order : a.name().compareTo(b.name());
    }

    /** Old ids some endpoint no longer has: a workload holding none of them keeps its identity ids. */
    Set<Integer> movedIds() {
        return delta.movedIds();
    }

    /** Identities (by id and class) gone since the previous version; null when computed from scratch. */
    List<Identity> gone() {
        return delta.gone();
    }

    /** Identities (by id and class) new since the previous version; null when computed from scratch. */
    List<Identity> added() {
        return delta.added();
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
