package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.KubernetesRule;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one stage (egress at the source's switch, or ingress at the destination's) evaluates, with selectors turned
 * into {@link SetKey}s: the tiered rules in evaluation order, the NetworkPolicy rules, the isolating selections.
 * The "self" side is the workload whose side is decided; the "peer" side the other end.
 */
record StagePlan(Direction direction, List<TieredRule> tiered, List<NetworkPolicyRule> networkPolicyRules,
        List<SetKey.Selected> isolations) {

    record TieredRule(Allocations.RuleKey key, String tier, SetKey self, Optional<SetKey> peer, List<PortMatch> ports,
            Action action) {
    }

    /** Decision key of a NetworkPolicy rule. */
    record NetworkPolicyRuleKey(String policy, Direction direction, int index) {
    }

    record NetworkPolicyRule(NetworkPolicyRuleKey key, SetKey.Selected self, Optional<SetKey> peer,
            List<PortMatch> ports) {
    }

    StagePlan {
        tiered = List.copyOf(tiered);
        networkPolicyRules = List.copyOf(networkPolicyRules);
        isolations = List.copyOf(isolations);
    }

    /**
     * The plans of both stages: the policies that are not staged in evaluation order (tier order, priority, name),
     * the NetworkPolicies by qualified name.
     */
    static Map<Direction, StagePlan> byDirection(PolicyModel model) {
        Map<String, Integer> tierOrder = new HashMap<>();
        model.tiers().forEach(tier -> tierOrder.put(tier.name(), tier.order()));
        List<Policy> policies = new ArrayList<>(model.policies().stream().filter(policy -> !policy.staged()).toList());
        policies.sort(Comparator.<Policy>comparingInt(policy -> tierOrder.get(policy.tier()))
                .thenComparingInt(Policy::priority).thenComparing(Policy::name));
        List<KubernetesNetworkPolicy> networkPolicies = new ArrayList<>(model.networkPolicies());
        networkPolicies.sort(Comparator.comparing(KubernetesNetworkPolicy::qualifiedName));
        Map<Direction, StagePlan> plans = new EnumMap<>(Direction.class);
        for (Direction direction : List.of(Direction.EGRESS, Direction.INGRESS)) {
            plans.put(direction, of(direction, policies, networkPolicies));
        }
        return plans;
    }

    /** {@code policies} already in evaluation order, staged ones removed; {@code networkPolicies} sorted by name. */
    static StagePlan of(Direction direction, List<Policy> policies, List<KubernetesNetworkPolicy> networkPolicies) {
        List<TieredRule> tiered = new ArrayList<>();
        for (Policy policy : policies) {
            List<Rule> rules = policy.rules(direction);
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                Optional<SetKey> peer = rule.peers().isEmpty() ? Optional.empty()
                        : Optional.of(new SetKey.NativePeers(rule.peers()));
                tiered.add(new TieredRule(new Allocations.RuleKey(policy.name(), direction, i), policy.tier(),
                        new SetKey.Applied(policy.appliedTo()), peer, rule.ports(), rule.action()));
            }
        }
        List<NetworkPolicyRule> rules = new ArrayList<>();
        Set<SetKey.Selected> isolations = new LinkedHashSet<>();
        for (KubernetesNetworkPolicy policy : networkPolicies) {
            if (!policy.isolates(direction)) {
                continue;
            }
            SetKey.Selected self = new SetKey.Selected(policy.namespace(), policy.podSelector());
            isolations.add(self);
            List<KubernetesRule> policyRules = policy.rules(direction);
            for (int i = 0; i < policyRules.size(); i++) {
                KubernetesRule rule = policyRules.get(i);
                Optional<SetKey> peer = rule.peers().isEmpty() ? Optional.empty()
                        : Optional.of(new SetKey.KubernetesPeers(policy.namespace(), rule.peers()));
                rules.add(new NetworkPolicyRule(new NetworkPolicyRuleKey(policy.qualifiedName(), direction, i), self,
                        peer, rule.ports()));
            }
        }
        return new StagePlan(direction, tiered, rules, List.copyOf(isolations));
    }

    /** Whether the destination is this stage's self side (ingress) or its peer side (egress). */
    boolean destinationIsSelf() {
        return direction == Direction.INGRESS;
    }

    /** The (name, protocol) pairs of named ports this stage's rules use. */
    void namedPortsUsed(Set<Map.Entry<String, Protocol>> names) {
        tiered.forEach(rule -> PortAlternatives.namesIn(rule.ports(), names));
        networkPolicyRules.forEach(rule -> PortAlternatives.namesIn(rule.ports(), names));
    }
}
