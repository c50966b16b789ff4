package io.microseg.controller.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The API's object kinds: their manifest kind ({@code apiVersion: microseg.io/v1}), the singular used in output
 * ({@code policy/web}), the URL plural and the short names {@code get} and {@code delete} accept. Declared in the
 * order {@code apply} writes them, so that what others refer to exists first.
 */
enum ObjectKind {
    SETTINGS("Settings", "settings", "settings", Scope.SINGLETON, List.of("setting")),
    TIERS("Tiers", "tiers", "tiers", Scope.SINGLETON, List.of("tier")),
    NAMESPACE("Namespace", "namespace", "namespaces", Scope.CLUSTER, List.of("ns")),
    SEGMENT("Segment", "segment", "segments", Scope.CLUSTER, List.of("seg")),
    WORKLOAD("Workload", "workload", "workloads", Scope.NAMESPACED, List.of("wl")),
    ENFORCEMENT("Enforcement", "enforcement", "enforcement", Scope.CLUSTER, List.of("enforcements", "enf")),
    POLICY("Policy", "policy", "policies", Scope.CLUSTER, List.of("pol")),
    /** Kubernetes NetworkPolicies: imported, not applied as our own kind. */
    NETWORK_POLICY(null, "networkpolicy", "networkpolicies", Scope.NAMESPACED, List.of("netpol"));

    /** How objects of a kind are named. */
    enum Scope {
        /** One object, no name: {@code /api/v1/settings}. */
        SINGLETON,
        /** By name. */
        CLUSTER,
        /** By namespace and name. */
        NAMESPACED
    }

    private final String manifestKind;
    private final String singular;
    private final String plural;
    private final Scope scope;
    private final List<String> aliases;

    ObjectKind(String manifestKind, String singular, String plural, Scope scope, List<String> aliases) {
        this.manifestKind = manifestKind;
        this.singular = singular;
        this.plural = plural;
        this.scope = scope;
        this.aliases = aliases;
    }

    /** The kind for {@code get}/{@code delete}: plural, singular or short name, any case. */
    static Optional<ObjectKind> byName(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (ObjectKind kind : values()) {
            if (kind.plural.equals(lower) || kind.singular.equals(lower) || kind.aliases.contains(lower)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The kind of a {@code microseg.io/v1} manifest document, exactly as spelled. */
    static Optional<ObjectKind> byManifestKind(String text) {
        for (ObjectKind kind : values()) {
            if (text.equals(kind.manifestKind)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    static List<String> manifestKinds() {
        return Arrays.stream(values()).map(kind -> kind.manifestKind)
                .filter(Objects::nonNull).toList();
    }

    String singular() {
        return singular;
    }

    String plural() {
        return plural;
    }

    Scope scope() {
        return scope;
    }

    /** Labels in {@code metadata.labels} belong to the object. */
    boolean hasLabels() {
        return this == NAMESPACE || this == WORKLOAD;
    }

    /** The URL of one object; namespace and name are ignored for singletons. */
    String path(String namespace, String name) {
        return switch (scope) {
            case SINGLETON -> ApiClient.path(plural);
            case CLUSTER -> ApiClient.path(plural, name);
            case NAMESPACED -> ApiClient.path(plural, namespace, name);
        };
    }

    /** {@code policy/web}, {@code workload/prod/web1}, {@code settings}. */
    String display(String namespace, String name) {
        return switch (scope) {
            case SINGLETON -> singular;
            case CLUSTER -> singular + "/" + name;
            case NAMESPACED -> singular + "/" + namespace + "/" + name;
        };
    }
}
