/**
 * The segmentation policy model: labels and Kubernetes label selectors, namespaces, workloads, segments, the native
 * tiered {@link Policy}, Kubernetes NetworkPolicies kept with their upstream meaning,
 * tiers, enforcement settings and global settings, gathered in {@link PolicyModel}.
 *
 * <p>Values are immutable records. Their constructors only check shape (no nulls, collections copied); everything a
 * user can get wrong (label syntax, port ranges, references to missing segments or tiers, duplicate addresses) is
 * reported by pure {@code problems(path)} functions and {@link PolicyModel#validate()},
 * which return every {@link Problem} at once with a field path such as
 * {@code policies[2].ingress[0].ports[1].endPort}.
 *
 * <p>The meaning of a model is defined by {@link PolicyEvaluator}.
 */
package io.microseg.flowrules.policy;

import io.microseg.flowrules.policy.semantics.PolicyEvaluator;
