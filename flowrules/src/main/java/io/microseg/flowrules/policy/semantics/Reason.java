package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.Posture;
import java.util.List;
import java.util.Objects;

/** Why one side of a connection was allowed or denied. */
public sealed interface Reason {

    Verdict verdict();

    /** The endpoint on this side is a bare address, not a managed workload: it has no policy of its own. */
    record NotManaged() implements Reason {
        @Override
        public Verdict verdict() {
            return Verdict.ALLOW;
        }

        @Override
        public String toString() {
            return "not managed: allow";
        }
    }

    /** Source and destination are the same workload: always allowed. */
    record SameWorkload() implements Reason {
        @Override
        public Verdict verdict() {
            return Verdict.ALLOW;
        }

        @Override
        public String toString() {
            return "same workload: allow";
        }
    }

    /** The first matching tiered rule allowed or denied (a {@code pass} never decides). */
    record TieredRule(RuleRef rule, Action action) implements Reason {
        public TieredRule {
            Objects.requireNonNull(rule, "rule");
            if (action == Action.PASS) {
                throw new IllegalArgumentException("a pass rule does not decide");
            }
        }

        @Override
        public Verdict verdict() {
            return action == Action.ALLOW ? Verdict.ALLOW : Verdict.DENY;
        }

        @Override
        public String toString() {
            return action + " by " + rule;
        }
    }

    /** The workload is isolated by NetworkPolicies in this direction and this rule (the first, by policy name) allows. */
    record NetworkPolicyRule(String policy, Direction direction, int index) implements Reason {
        public NetworkPolicyRule {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public Verdict verdict() {
            return Verdict.ALLOW;
        }

        @Override
        public String toString() {
            return "allow by NetworkPolicy " + policy + " " + direction + "[" + index + "]";
        }
    }

    /** The workload is isolated by these NetworkPolicies in this direction and none of their rules allows. */
    record NetworkPolicyIsolation(List<String> policies) implements Reason {
        public NetworkPolicyIsolation {
            policies = List.copyOf(policies);
        }

        @Override
        public Verdict verdict() {
            return Verdict.DENY;
        }

        @Override
        public String toString() {
            return "deny: isolated by NetworkPolicy " + String.join(", ", policies) + " and no rule allows";
        }
    }

    /** No rule decided: the default posture did. */
    record DefaultPosture(Posture posture) implements Reason {
        public DefaultPosture {
            Objects.requireNonNull(posture, "posture");
        }

        @Override
        public Verdict verdict() {
            return posture == Posture.ALLOW ? Verdict.ALLOW : Verdict.DENY;
        }

        @Override
        public String toString() {
            return "default posture: " + posture;
        }
    }
}
