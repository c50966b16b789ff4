package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the segmentation policy is made of: namespaces, workloads, segments, native policies, Kubernetes
 * NetworkPolicies, tiers, enforcement settings and global settings. Construction only checks shape;
 * {@link #validate()} returns every problem at once.
 */
public record PolicyModel(List<Namespace> namespaces, List<Workload> workloads, List<Segment> segments,
        List<Policy> policies, List<KubernetesNetworkPolicy> networkPolicies, List<Tier> tiers,
        List<EnforcementSetting> enforcementSettings, GlobalSettings settings) {

    public PolicyModel {
        namespaces = List.copyOf(namespaces);
        workloads = List.copyOf(workloads);
        segments = List.copyOf(segments);
        policies = List.copyOf(policies);
        networkPolicies = List.copyOf(networkPolicies);
        tiers = List.copyOf(tiers);
        enforcementSettings = List.copyOf(enforcementSettings);
        Objects.requireNonNull(settings, "settings");
    }

    /** The default tiers and settings, nothing else. */
    public static PolicyModel empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this model's contents, to derive a changed model. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.namespaces.addAll(namespaces);
        builder.workloads.addAll(workloads);
        builder.segments.addAll(segments);
        builder.policies.addAll(policies);
        builder.networkPolicies.addAll(networkPolicies);
        builder.tiers = new ArrayList<>(tiers);
        builder.enforcementSettings.addAll(enforcementSettings);
        builder.settings = settings;
        return builder;
    }

    /** This model with its native policies replaced. */
    public PolicyModel withPolicies(List<Policy> replacement) {
        return new PolicyModel(namespaces, workloads, segments, replacement, networkPolicies, tiers,
                enforcementSettings, settings);
    }

    /** This model with its workloads replaced. */
    public PolicyModel withWorkloads(List<Workload> replacement) {
        return new PolicyModel(namespaces, replacement, segments, policies, networkPolicies, tiers,
                enforcementSettings, settings);
    }

    /** Every problem of the model: of each part alone, and across parts (references, duplicates). */
    public List<Problem> validate() {
        return ModelValidation.problems(this);
    }

    /** Collects the parts of a model; starts with {@link Tier#DEFAULTS} and {@link GlobalSettings#DEFAULTS}. */
    public static final class Builder {
        private final List<Namespace> namespaces = new ArrayList<>();
        private final List<Workload> workloads = new ArrayList<>();
        private final List<Segment> segments = new ArrayList<>();
        private final List<Policy> policies = new ArrayList<>();
        private final List<KubernetesNetworkPolicy> networkPolicies = new ArrayList<>();
        private List<Tier> tiers = new ArrayList<>(Tier.DEFAULTS);
        private final List<EnforcementSetting> enforcementSettings = new ArrayList<>();
        private GlobalSettings settings = GlobalSettings.DEFAULTS;

        private Builder() {
        }

        public Builder namespace(Namespace... more) {
            namespaces.addAll(List.of(more));
            return this;
        }

        public Builder workload(Workload... more) {
            workloads.addAll(List.of(more));
            return this;
        }

        public Builder segment(Segment... more) {
            segments.addAll(List.of(more));
            return this;
        }

        public Builder policy(Policy... more) {
            policies.addAll(List.of(more));
            return this;
        }

        public Builder networkPolicy(KubernetesNetworkPolicy... more) {
            networkPolicies.addAll(List.of(more));
            return this;
        }

        /** Replaces the tiers (the defaults included). */
        public Builder tiers(List<Tier> replacement) {
            tiers = new ArrayList<>(replacement);
            return this;
        }

        public Builder tier(Tier... more) {
            tiers.addAll(List.of(more));
            return this;
        }

        public Builder enforcement(EnforcementSetting... more) {
            enforcementSettings.addAll(List.of(more));
            return this;
        }

        public Builder settings(GlobalSettings replacement) {
            settings = Objects.requireNonNull(replacement, "settings");
            return this;
        }

        public Builder posture(Posture posture) {
            settings = new GlobalSettings(posture, settings.defaultMode(), settings.onTighten(), settings.learning());
            return this;
        }

        public Builder defaultMode(EnforcementMode mode) {
            settings = new GlobalSettings(settings.posture(), mode, settings.onTighten(), settings.learning());
            return this;
        }

        public Builder onTighten(OnTighten onTighten) {
            settings = settings.withOnTighten(onTighten);
            return this;
        }

        public Builder learning(Learning learning) {
            settings = settings.withLearning(learning);
            return this;
        }

        public PolicyModel build() {
            return new PolicyModel(namespaces, workloads, segments, policies, networkPolicies, tiers,
                    enforcementSettings, settings);
        }
    }
}
