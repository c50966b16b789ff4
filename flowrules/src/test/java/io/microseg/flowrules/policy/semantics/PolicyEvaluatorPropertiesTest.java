package io.microseg.flowrules.policy.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.flowrules.policy.Action;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.KubernetesNetworkPolicy;
import io.microseg.flowrules.policy.Policy;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.RandomModels;
import io.microseg.flowrules.policy.Rule;
import io.microseg.flowrules.policy.Workload;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of the reference semantics over random valid models ({@link RandomModels}); each seed is one case,
 * named in the test report so a failure can be replayed.
 */
class PolicyEvaluatorPropertiesTest {

    static Stream<Long> seeds() {
        return new Random(20240601L).longs(100).boxed();
    }

    private static PolicyEvaluator evaluator(PolicyModel model) {
        assertThat(model.validate()).isEmpty();
        return PolicyEvaluator.of(model);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aWorkloadAlwaysReachesItself(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        PolicyEvaluator evaluator = evaluator(model);

        for (Workload workload : model.workloads()) {
            for (Ipv4Address address : workload.addresses()) {
                String self = address.toString();
                for (Protocol protocol : Protocol.values()) {
                    assertThat(evaluator.action(Connection.of(self, self, protocol, 80)))
                            .isEqualTo(DataPlaneAction.ALLOW);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stagedPoliciesNeverChangeTheEnforcedOutcome(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        PolicyModel withoutStaged = model.withPolicies(model.policies().stream().filter(p -> !p.staged()).toList());
        PolicyEvaluator with = evaluator(model);
        PolicyEvaluator without = evaluator(withoutStaged);

        for (Connection connection : RandomModels.connections(model)) {
            Explanation staged = with.explain(connection);
            Explanation plain = without.explain(connection);
            assertThat(staged.verdict()).as("%s", connection).isEqualTo(plain.verdict());
            assertThat(staged.action()).as("%s", connection).isEqualTo(plain.action());
            assertThat(staged.egress()).isEqualTo(plain.egress());
            assertThat(staged.ingress()).isEqualTo(plain.ingress());
            assertThat(plain.staged()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void stagingEveryPolicyReportsTheFullyEnforcedVerdict(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        PolicyModel allStaged = model.withPolicies(model.policies().stream().map(p -> p.asStaged(true)).toList());
        PolicyModel noneStaged = model.withPolicies(model.policies().stream().map(p -> p.asStaged(false)).toList());
        PolicyEvaluator staged = evaluator(allStaged);
        PolicyEvaluator enforced = evaluator(noneStaged);

        for (Connection connection : RandomModels.connections(model)) {
            assertThat(staged.explain(connection).stagedVerdict()).as("%s", connection)
                    .isEqualTo(enforced.verdict(connection));
        }
    }

    /** First match means an added allow rule either decides (allow) or leaves the decision as it was; deny rules too. */
    @ParameterizedTest
    @MethodSource("seeds")
    void addingAnAllowRuleNeverDeniesAnAllowedConnection(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        List<Policy> policies = new ArrayList<>(model.policies());
        Rule allow = models.rule(Action.ALLOW);
        Random random = new Random(seed);
        if (policies.isEmpty() || random.nextBoolean()) {
            Policy fresh = models.policy("added");
            policies.add(Policy.of(fresh.name(), fresh.tier(), fresh.priority(), fresh.appliedTo().get(0)));
        }
        int target = random.nextInt(policies.size());
        Policy policy = policies.get(target);
        Direction direction = models.direction();
        List<Rule> rules = new ArrayList<>(policy.rules(direction));
        rules.add(random.nextInt(rules.size() + 1), allow);
        policies.set(target, direction == Direction.INGRESS
                ? new Policy(policy.name(), policy.tier(), policy.priority(), policy.appliedTo(), rules, policy.egress(),
                        policy.staged())
                : new Policy(policy.name(), policy.tier(), policy.priority(), policy.appliedTo(), policy.ingress(), rules,
                        policy.staged()));
        PolicyEvaluator before = evaluator(model);
        PolicyEvaluator after = evaluator(model.withPolicies(policies));

        for (Connection connection : RandomModels.connections(model)) {
            if (before.verdict(connection).allows()) {
                assertThat(after.verdict(connection)).as("%s after adding %s to %s", connection, allow, policy.name())
                        .isEqualTo(Verdict.ALLOW);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void addingARuleToANetworkPolicyNeverDeniesAnAllowedConnection(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        if (model.networkPolicies().isEmpty()) {
            return;
        }
        List<KubernetesNetworkPolicy> networkPolicies = new ArrayList<>(model.networkPolicies());
        KubernetesNetworkPolicy first = networkPolicies.get(0);
        networkPolicies.set(0, models.direction() == Direction.INGRESS ? first.withIngress(models.kubernetesRule())
                : first.withEgress(models.kubernetesRule()).withPolicyTypes(first.effectivePolicyTypes()
                        .toArray(Direction[]::new)));
        PolicyModel changed = new PolicyModel(model.namespaces(), model.workloads(), model.segments(), model.policies(),
                networkPolicies, model.tiers(), model.enforcementSettings(), model.settings());
        PolicyEvaluator before = evaluator(model);
        PolicyEvaluator after = evaluator(changed);

        for (Connection connection : RandomModels.connections(model)) {
            if (before.verdict(connection).allows()) {
                assertThat(after.verdict(connection)).as("%s", connection).isEqualTo(Verdict.ALLOW);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theVerdictIsBothSidesAndTheActionFollowsTheModes(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        PolicyEvaluator evaluator = evaluator(model);

        for (Connection connection : RandomModels.connections(model)) {
            Explanation explanation = evaluator.explain(connection);
            boolean bothAllow = explanation.egress().verdict().allows() && explanation.ingress().verdict().allows();
            assertThat(explanation.verdict().allows()).isEqualTo(bothAllow);
            if (explanation.verdict().allows()) {
                assertThat(explanation.action()).isEqualTo(DataPlaneAction.ALLOW);
            } else {
                assertThat(explanation.action()).isNotEqualTo(DataPlaneAction.ALLOW);
            }
            if (explanation.action() == DataPlaneAction.DENY) {
                assertThat(List.of(explanation.egress(), explanation.ingress())).anySatisfy(side -> {
                    assertThat(side.verdict()).isEqualTo(Verdict.DENY);
                    assertThat(side.mode()).isEqualTo(EnforcementMode.ENFORCE);
                });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void monitoringEverythingNeverDropsAndBareAddressesAreNeverJudged(long seed) {
        RandomModels models = new RandomModels(seed);
        PolicyModel model = models.model();
        PolicyModel monitored = model.toBuilder().defaultMode(EnforcementMode.MONITOR).build();
        monitored = new PolicyModel(monitored.namespaces(), monitored.workloads(), monitored.segments(),
                monitored.policies(), monitored.networkPolicies(), monitored.tiers(), List.of(), monitored.settings());
        PolicyEvaluator evaluator = evaluator(monitored);

        for (Connection connection : RandomModels.connections(model)) {
            assertThat(evaluator.action(connection)).isIn(DataPlaneAction.ALLOW, DataPlaneAction.ALLOW_AND_LOG);
        }
        for (String source : RandomModels.BARE_ADDRESSES) {
            for (String destination : RandomModels.BARE_ADDRESSES) {
                assertThat(evaluator.verdict(Connection.tcp(source, destination, 80))).isEqualTo(Verdict.ALLOW);
            }
        }
    }
}
