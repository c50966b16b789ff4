package io.microseg.flowrules.policy;

import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Validation of a whole {@link PolicyModel}: each part's own problems plus the checks across parts
 * (duplicate names, duplicate addresses across workloads, references to missing namespaces, segments, tiers).
 * Pure functions.
 */
public final class ModelValidation {

    private ModelValidation() {
    }

    public static List<Problem> problems(PolicyModel model) {
        return validate(model, ValidatedModel.EMPTY).problems();
    }

    /** A model validated on its own (no valid model it derives from); throws with every problem when it has some. */
    public static ValidatedModel validated(PolicyModel model) {
        return validate(model, ValidatedModel.EMPTY).orElseThrow();
    }

    /** The outcome of a validation: every problem, or none and the model as validated. */
    public record Validation(List<Problem> problems, Optional<ValidatedModel> validated) {
        public Validation {
            problems = List.copyOf(problems);
            if (problems.isEmpty() == validated.isEmpty()) {
                throw new IllegalArgumentException("a validation has either problems or a validated model");
            }
        }

        /** The validated model; throws with every problem when there are some. */
        public ValidatedModel orElseThrow() {
            return validated.orElseThrow(() -> new IllegalArgumentException("invalid model: " + problems));
        }
    }

    /**
     * Validates {@code model}, faster when most of it comes from {@code validBefore}: a part that is the very same
     * object as a part of that valid model has no problems of its own (they depend on the part alone), so only new
     * parts and the checks across parts are done, against the index {@code validBefore} carries. The problems are
     * those of a full validation.
     */
    public static Validation validate(PolicyModel model, ValidatedModel validBefore) {
        if (model == validBefore.model()) {
            return new Validation(List.of(), Optional.of(validBefore));
        }
        ValidatedModel clean = changesAreClean(model, validBefore);
        if (clean != null) {
            return new Validation(List.of(), Optional.of(clean));
        }
        List<Problem> problems = allProblems(model, validBefore.model());
        return problems.isEmpty() ? new Validation(problems, Optional.of(new ValidatedModel(model, null)))
                : new Validation(problems, Optional.empty());
    }

    /** How many new parts the check of only the changes takes on; more and the whole model is checked. */
    private static final int FEW = 64;

    /**
     * Whether a model derived from the valid {@code valid} by a few changes is valid, looking only at the parts
     * that are not the very objects of {@code before}: their own problems, and the checks across parts that involve
     * them (references, duplicate names and addresses against every other part): the model validated, with its index
     * derived from {@code valid}'s. Null when it cannot tell (the namespaces, segments or tiers changed, or many parts
     * did) or a new part has a problem; the caller then checks the whole model, which also gives every problem with
     * its path.
     */
    private static ValidatedModel changesAreClean(PolicyModel model, ValidatedModel valid) {
        PolicyModel before = valid.model();
        if (!model.namespaces().equals(before.namespaces()) || !model.segments().equals(before.segments())
                || !model.tiers().equals(before.tiers())) {
            return null;
        }
        ListChanges.Changes workloadChanges = ListChanges.between(before.workloads(), model.workloads(), FEW);
        int[] workloads = workloadChanges == null ? null : workloadChanges.added();
        int[] policies = ListChanges.added(before.policies(), model.policies(), FEW);
        int[] networkPolicies = ListChanges.added(before.networkPolicies(), model.networkPolicies(), FEW);
        int[] settings = ListChanges.added(before.enforcementSettings(), model.enforcementSettings(), FEW);
        if (workloads == null || policies == null || networkPolicies == null || settings == null) {
            return null;
        }
        Set<String> namespaceNames = new HashSet<>(Set.of(Namespace.DEFAULT));
        model.namespaces().forEach(namespace -> namespaceNames.add(namespace.name()));
        WorkloadIndex index = workloads.length > 0 ? valid.index() : null;
        Set<Workload> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int j : workloadChanges.removed()) {
            removed.add(before.workloads().get(j));
        }
        for (int j : workloads) {
            Workload workload = model.workloads().get(j);
            if (!workload.problems("workloads[" + j + "]").isEmpty() || !namespaceNames.contains(workload.namespace())
                    || sharesIdOrAddress(model.workloads(), j, workloads, index, removed)) {
                return null;
            }
        }
        if (policies.length > 0) {
            Map<String, Segment> segments = new HashMap<>();
            model.segments().forEach(segment -> segments.putIfAbsent(segment.name(), segment));
            Set<String> tierNames = new HashSet<>();
            model.tiers().forEach(tier -> tierNames.add(tier.name()));
            for (int j : policies) {
                Policy policy = model.policies().get(j);
                String path = "policies[" + j + "]";
                if (!policy.problems(path).isEmpty() || !tierNames.contains(policy.tier())
                        || !segmentReferences(policy, path, segments).isEmpty()
                        || sharesKey(model.policies(), j, Policy::name)) {
                    return null;
                }
            }
        }
        for (int j : networkPolicies) {
            KubernetesNetworkPolicy policy = model.networkPolicies().get(j);
            if (!policy.problems("networkPolicies[" + j + "]").isEmpty() || !namespaceNames.contains(policy.namespace())
                    || sharesKey(model.networkPolicies(), j, KubernetesNetworkPolicy::qualifiedName)) {
                return null;
            }
        }
        for (int j : settings) {
            EnforcementSetting setting = model.enforcementSettings().get(j);
            if (!setting.problems("enforcementSettings[" + j + "]").isEmpty()
                    || sharesKey(model.enforcementSettings(), j, EnforcementSetting::name)) {
                return null;
            }
        }
        if (workloads.length == 0 && workloadChanges.removed().length == 0) {
            return new ValidatedModel(model, valid.indexIfBuilt()); // the same workloads: the same index
        }
        WorkloadIndex derivedFrom = index != null ? index : valid.indexIfBuilt();
        return new ValidatedModel(model, derivedFrom == null ? null : derivedFrom.derived(before, model, workloadChanges));
    }

    /**
     * {@link #sharesIdOrAddress(List, int)} for a new workload {@code j} of a model derived from a valid one: the
     * valid one's workloads by id and address ({@code index}), less the {@code removed} ones, plus the other new ones
     * ({@code added}), instead of a walk over all workloads.
     */
    private static boolean sharesIdOrAddress(List<Workload> workloads, int j, int[] added, WorkloadIndex index,
            Set<Workload> removed) {
        Workload workload = workloads.get(j);
        List<Ipv4Address> addresses = workload.addresses();
        if (new HashSet<>(addresses).size() != addresses.size()) {
            return true; // its own duplicate addresses are the full check's to report
        }
        Workload holder = index.byId(workload.id());
        if (holder != null && !removed.contains(holder)) {
            return true;
        }
        for (Ipv4Address address : addresses) {
            holder = index.byAddress(address);
            if (holder != null && !removed.contains(holder)) {
                return true;
            }
        }
        for (int k : added) {
            if (k == j) {
                continue;
            }
            Workload other = workloads.get(k);
            if (other.name().equals(workload.name()) && other.namespace().equals(workload.namespace())) {
                return true;
            }
            for (Ipv4Address address : other.addresses()) {
                if (addresses.contains(address)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether another workload has the id or one of the addresses of workload {@code j}. */
    private static boolean sharesIdOrAddress(List<Workload> workloads, int j) {
        Workload workload = workloads.get(j);
        List<Ipv4Address> addresses = workload.addresses();
        for (int k = 0; k < workloads.size(); k++) {
            Workload other = workloads.get(k);
            if (k == j) {
                if (new HashSet<>(addresses).size() != addresses.size()) {
                    return true; // its own duplicate addresses are the full check's to report
                }
                continue;
            }
            if (other.name().equals(workload.name()) && other.namespace().equals(workload.namespace())) {
                return true;
            }
            List<Ipv4Address> others = other.addresses();
            for (int a = 0; a < others.size(); a++) {
                for (int b = 0; b < addresses.size(); b++) {
                    if (others.get(a).equals(addresses.get(b))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static <T> boolean sharesKey(List<T> items, int j, Function<T, String> key) {
        String name = key.apply(items.get(j));
        for (int k = 0; k < items.size(); k++) {
            if (k != j && key.apply(items.get(k)).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<Problem> allProblems(PolicyModel model, PolicyModel validBefore) {
        Set<Object> known = Collections.newSetFromMap(new IdentityHashMap<>());
        known.addAll(validBefore.namespaces());
        known.addAll(validBefore.workloads());
        known.addAll(validBefore.segments());
        known.addAll(validBefore.tiers());
        known.addAll(validBefore.policies());
        known.addAll(validBefore.networkPolicies());
        known.addAll(validBefore.enforcementSettings());
        List<Problem> problems = new ArrayList<>();
        Set<String> namespaceNames = new HashSet<>(Set.of(Namespace.DEFAULT));
        model.namespaces().forEach(namespace -> namespaceNames.add(namespace.name()));
        Map<String, Segment> segments = new HashMap<>();
        model.segments().forEach(segment -> segments.putIfAbsent(segment.name(), segment));
        Set<String> tierNames = new HashSet<>();
        model.tiers().forEach(tier -> tierNames.add(tier.name()));

        eachWithPath(model.namespaces(), "namespaces", (namespace, path) ->
                problems.addAll(known.contains(namespace) ? List.of() : namespace.problems(path)));
        problems.addAll(duplicates(model.namespaces(), "namespaces", Namespace::name, "namespace"));

        eachWithPath(model.workloads(), "workloads", (workload, path) -> {
            problems.addAll(known.contains(workload) ? List.of() : workload.problems(path));
            if (!namespaceNames.contains(workload.namespace())) {
                problems.add(Problem.at(path + ".namespace", "no such namespace: " + workload.namespace()));
            }
        });
        problems.addAll(duplicates(model.workloads(), "workloads", w -> w.id().toString(), "workload"));
        problems.addAll(duplicateAddresses(model.workloads()));

        eachWithPath(model.segments(), "segments", (segment, path) ->
                problems.addAll(known.contains(segment) ? List.of() : segment.problems(path)));
        problems.addAll(duplicates(model.segments(), "segments", Segment::name, "segment"));

        eachWithPath(model.tiers(), "tiers", (tier, path) ->
                problems.addAll(known.contains(tier) ? List.of() : tier.problems(path)));
        problems.addAll(duplicates(model.tiers(), "tiers", Tier::name, "tier"));
        problems.addAll(duplicates(model.tiers(), "tiers", tier -> Integer.toString(tier.order()), "tier order"));

        eachWithPath(model.policies(), "policies", (policy, path) -> {
            problems.addAll(known.contains(policy) ? List.of() : policy.problems(path));
            if (!tierNames.contains(policy.tier())) {
                problems.add(Problem.at(path + ".tier", "no such tier: " + policy.tier()));
            }
            problems.addAll(segmentReferences(policy, path, segments));
        });
        problems.addAll(duplicates(model.policies(), "policies", Policy::name, "policy"));

        eachWithPath(model.networkPolicies(), "networkPolicies", (policy, path) -> {
            problems.addAll(known.contains(policy) ? List.of() : policy.problems(path));
            if (!namespaceNames.contains(policy.namespace())) {
                problems.add(Problem.at(path + ".namespace", "no such namespace: " + policy.namespace()));
            }
        });
        problems.addAll(duplicates(model.networkPolicies(), "networkPolicies", KubernetesNetworkPolicy::qualifiedName,
                "NetworkPolicy"));

        eachWithPath(model.enforcementSettings(), "enforcementSettings",
                (setting, path) -> problems.addAll(known.contains(setting) ? List.of() : setting.problems(path)));
        problems.addAll(duplicates(model.enforcementSettings(), "enforcementSettings", EnforcementSetting::name,
                "enforcement setting"));
        return problems;
    }

    private static List<Problem> segmentReferences(Policy policy, String path, Map<String, Segment> segments) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < policy.appliedTo().size(); i++) {
            if (policy.appliedTo().get(i) instanceof AppliedTo.OfSegment ref) {
                String at = path + ".appliedTo[" + i + "].segment";
                Segment segment = segments.get(ref.segment());
                if (segment == null) {
                    problems.add(Problem.at(at, "no such segment: " + ref.segment()));
                } else if (segment.members().isEmpty()) {
                    problems.add(Problem.at(at, "segment " + ref.segment()
                            + " has only IP blocks; a policy applies to workloads"));
                }
            }
        }
        for (Direction direction : Direction.values()) {
            List<Rule> rules = policy.rules(direction);
            for (int r = 0; r < rules.size(); r++) {
                List<Peer> peers = rules.get(r).peers();
                for (int p = 0; p < peers.size(); p++) {
                    if (peers.get(p) instanceof Peer.OfSegment ref && !segments.containsKey(ref.segment())) {
                        problems.add(Problem.at(path + "." + direction + "[" + r + "].peers[" + p + "].segment",
                                "no such segment: " + ref.segment()));
                    }
                }
            }
        }
        return problems;
    }

    private static List<Problem> duplicateAddresses(List<Workload> workloads) {
        List<Problem> problems = new ArrayList<>();
        Map<Ipv4Address, WorkloadId> owners = new HashMap<>();
        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            for (int a = 0; a < workload.addresses().size(); a++) {
                Ipv4Address address = workload.addresses().get(a);
                WorkloadId owner = owners.putIfAbsent(address, workload.id());
                if (owner != null && !owner.equals(workload.id())) {
                    problems.add(Problem.at("workloads[" + w + "].addresses[" + a + "]",
                            address + " is already an address of " + owner));
                }
            }
        }
        return problems;
    }

    private static <T> List<Problem> duplicates(List<T> items, String listPath, Function<T, String> key, String what) {
        List<Problem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String name = key.apply(items.get(i));
            if (!seen.add(name)) {
                problems.add(Problem.at(listPath + "[" + i + "]", "duplicate " + what + ": " + name));
            }
        }
        return problems;
    }

    private interface PathConsumer<T> {
        void accept(T item, String path);
    }

    private static <T> void eachWithPath(List<T> items, String listPath, PathConsumer<T> consumer) {
        for (int i = 0; i < items.size(); i++) {
            consumer.accept(items.get(i), listPath + "[" + i + "]");
        }
    }
}
