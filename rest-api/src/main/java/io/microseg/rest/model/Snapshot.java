package io.microseg.rest.model;

import io.microseg.flowrules.policy.EnforcementSetting;
import io.microseg.flowrules.policy.GlobalSettings;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.Namespace;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Problem;
import io.microseg.flowrules.policy.Segment;
import io.microseg.flowrules.policy.Tier;
import io.microseg.flowrules.policy.Workload;
import io.microseg.flowrules.policy.semantics.PolicyEvaluator;
import io.microseg.rest.store.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model at one revision: every object by kind and key (sorted), the {@link PolicyModel} built from them in that
 * order, and the evaluator of that model, built on first use and cached for the life of the revision.
 */
public final class Snapshot {

    private static final Pattern MODEL_PATH = Pattern.compile("^([A-Za-z]+)\\[(\\d+)\\]\\.?(.*)$");

    private final long revision;
    private final Map<Kind, SortedMap<String, Entry>> objects;
    private final PolicyModel model;
    private volatile PolicyEvaluator evaluator;

    private Snapshot(long revision, Map<Kind, SortedMap<String, Entry>> objects, PolicyModel model) {
        this.revision = revision;
        this.objects = objects;
        this.model = model;
    }

    /** The snapshot of these objects; the maps are copied. */
    static Snapshot of(long revision, Map<Kind, ? extends SortedMap<String, Entry>> objects) {
        Map<Kind, SortedMap<String, Entry>> copy = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            SortedMap<String, Entry> entries = objects.get(kind);
            copy.put(kind, Collections.unmodifiableSortedMap(entries == null ? new TreeMap<>() : new TreeMap<>(entries)));
        }
        PolicyModel.Builder builder = PolicyModel.builder();
        copy.get(Kind.NAMESPACE).values().forEach(e -> builder.namespace((Namespace) e.domain()));
        copy.get(Kind.WORKLOAD).values().forEach(e -> builder.workload((Workload) e.domain()));
        copy.get(Kind.SEGMENT).values().forEach(e -> builder.segment((Segment) e.domain()));
        copy.get(Kind.POLICY).values().forEach(e -> builder.policy((Policy) e.domain()));
        copy.get(Kind.NETWORK_POLICY).values().forEach(e -> builder.networkPolicy((KubernetesNetworkPolicy) e.domain()));
        copy.get(Kind.ENFORCEMENT).values().forEach(e -> builder.enforcement((EnforcementSetting) e.domain()));
        copy.get(Kind.TIERS).values().forEach(e -> builder.tiers(((TierList) e.domain()).tiers()));
        copy.get(Kind.SETTINGS).values().forEach(e -> builder.settings((GlobalSettings) e.domain()));
        return new Snapshot(revision, copy, builder.build());
    }

    /**
     * This snapshot with the objects of some kinds replaced, at {@code revision}. The replacement maps are taken over
     * (the caller must not change them afterwards); the other kinds' maps and model lists are shared with this
     * snapshot, so a change costs a copy of the kinds it touches only. Equal to {@link #of} of the same objects.
     */
    Snapshot next(long nextRevision, Map<Kind, ? extends SortedMap<String, Entry>> replaced) {
        Map<Kind, SortedMap<String, Entry>> nextObjects = new EnumMap<>(objects);
        replaced.forEach((kind, entries) -> nextObjects.put(kind, Collections.unmodifiableSortedMap(entries)));
        PolicyModel nextModel = new PolicyModel(
                replaced.containsKey(Kind.NAMESPACE) ? domains(nextObjects, Kind.NAMESPACE) : model.namespaces(),
                replaced.containsKey(Kind.WORKLOAD) ? domains(nextObjects, Kind.WORKLOAD) : model.workloads(),
                replaced.containsKey(Kind.SEGMENT) ? domains(nextObjects, Kind.SEGMENT) : model.segments(),
                replaced.containsKey(Kind.POLICY) ? domains(nextObjects, Kind.POLICY) : model.policies(),
                replaced.containsKey(Kind.NETWORK_POLICY) ? domains(nextObjects, Kind.NETWORK_POLICY)
                        : model.networkPolicies(),
                replaced.containsKey(Kind.TIERS) ? nextObjects.get(Kind.TIERS).values().stream()
                        .reduce((first, second) -> second).map(e -> ((TierList) e.domain()).tiers())
                        .orElse(Tier.DEFAULTS) : model.tiers(),
                replaced.containsKey(Kind.ENFORCEMENT) ? domains(nextObjects, Kind.ENFORCEMENT)
                        : model.enforcementSettings(),
                replaced.containsKey(Kind.SETTINGS) ? nextObjects.get(Kind.SETTINGS).values().stream()
                        .reduce((first, second) -> second).map(e -> (GlobalSettings) e.domain())
                        .orElse(GlobalSettings.DEFAULTS) : model.settings());
        return new Snapshot(nextRevision, nextObjects, nextModel);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> domains(Map<Kind, SortedMap<String, Entry>> objects, Kind kind) {
        Object[] values = new Object[objects.get(kind).size()];
        int i = 0;
        for (Entry entry : objects.get(kind).values()) {
            values[i++] = entry.domain();
        }
        return (List<T>) List.of(values);
    }

    static Snapshot empty() {
        return of(0, Map.of());
    }

    public long revision() {
        return revision;
    }

    public PolicyModel model() {
        return model;
    }

    public Optional<Entry> get(Kind kind, String key) {
        return Optional.ofNullable(objects.get(kind).get(key));
    }

    public Collection<Entry> list(Kind kind) {
        return objects.get(kind).values();
    }

    Map<Kind, SortedMap<String, Entry>> objects() {
        return objects;
    }

    /** The evaluator of this revision's model, built once. */
    public PolicyEvaluator evaluator() {
        PolicyEvaluator result = evaluator;
        if (result == null) {
            synchronized (this) {
                result = evaluator;
                if (result == null) {
                    result = PolicyEvaluator.of(model);
                    evaluator = result;
                }
            }
        }
        return result;
    }

    /** A model problem ({@code workloads[3].addresses[0]}) as the object and DTO field it concerns. */
    FieldError locate(Problem problem) {
        Matcher matcher = MODEL_PATH.matcher(problem.path());
        if (matcher.matches()) {
            String list = matcher.group(1);
            int index = Integer.parseInt(matcher.group(2));
            String rest = matcher.group(3);
            if (list.equals("tiers")) {
                return new FieldError(Kind.TIERS.plural() + "/" + Codecs.SINGLETON, "tiers[" + index + "]" + (rest.isEmpty() ? "" : "." + rest),
                        problem.message());
            }
            for (Kind kind : Kind.values()) {
                if (Codecs.modelList(kind).equals(list)) {
                    List<String> keys = new ArrayList<>(objects.get(kind).keySet());
                    if (index < keys.size()) {
                        return new FieldError(kind.plural() + "/" + keys.get(index), Codecs.dtoPath(kind, rest),
                                problem.message());
                    }
                }
            }
        }
        return new FieldError("", problem.path(), problem.message());
    }
}
