/**
 * The reference semantics (the oracle) of the segmentation policy: {@link
 * PolicyEvaluator} indexes a valid model once and explains any new connection
 * between workloads or bare addresses: the verdict, what the data plane does, and why, side by side.
 * The rules of evaluation are documented on {@code PolicyEvaluator}; compiled flow tables are tested against it.
 */
package io.microseg.flowrules.policy.semantics;
