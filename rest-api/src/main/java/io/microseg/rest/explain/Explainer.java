package io.microseg.rest.explain;

import io.microseg.flowrules.policy.Protocol;
import io.microseg.flowrules.policy.WorkloadId;
import io.microseg.flowrules.policy.semantics.Connection;
import io.microseg.flowrules.policy.semantics.Endpoint;
import io.microseg.flowrules.policy.semantics.Explanation;
import io.microseg.flowrules.policy.semantics.PolicyEvaluator;
import io.microseg.flowrules.policy.semantics.Reason;
import io.microseg.flowrules.policy.semantics.RuleRef;
import io.microseg.flowrules.policy.semantics.SideDecision;
import io.microseg.rest.model.FieldProblems;
import io.microseg.rest.model.Snapshot;
import io.microseg.rest.store.Kind;
import io.microseg.topology.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers explain requests with the evaluator of the snapshot's revision (built once per revision). Every bad
 * query is reported at once; nothing is evaluated unless all are good.
 */
public final class Explainer {

    private Explainer() {
    }

    public static ExplainResponse explain(Snapshot snapshot, ExplainRequest request) {
        FieldProblems problems = new FieldProblems();
        if (request.queries().isEmpty()) {
            problems.add("queries", "at least one query is needed");
        }
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < request.queries().size(); i++) {
            connection(snapshot, "queries[" + i + "]", request.queries().get(i), problems).ifPresent(connections::add);
        }
        problems.throwIfAny("explain");
        PolicyEvaluator evaluator = snapshot.evaluator();
        List<ExplainResponse.Result> results = new ArrayList<>(connections.size());
        for (Connection connection : connections) {
            results.add(result(connection, evaluator.explain(connection)));
        }
        return new ExplainResponse(snapshot.revision(), results);
    }

    private static Optional<Connection> connection(Snapshot snapshot, String at, ExplainRequest.Query query,
            FieldProblems problems) {
        if (!problems.require(at, query)) {
            return Optional.empty();
        }
        Optional<Endpoint> from = endpoint(snapshot, at + ".from", query.from(), problems);
        Optional<Endpoint> to = endpoint(snapshot, at + ".to", query.to(), problems);
        Optional<Protocol> protocol = query.protocol() == null ? Optional.of(Protocol.TCP)
                : problems.parse(at + ".protocol", query.protocol(), Protocol::parse);
        int port = 0;
        if (protocol.isPresent() && protocol.get().hasPorts()) {
            if (query.port() == null) {
                problems.add(at + ".port", "is required for " + protocol.get());
            } else if (query.port() < 1 || query.port() > 65535) {
                problems.add(at + ".port", "port must be 1..65535: " + query.port());
            } else {
                port = query.port();
            }
        }
        if (from.isEmpty() || to.isEmpty() || protocol.isEmpty() || (protocol.get().hasPorts() && port == 0)) {
            return Optional.empty();
        }
        return Optional.of(Connection.of(from.get(), to.get(), protocol.get(), port));
    }

    private static Optional<Endpoint> endpoint(Snapshot snapshot, String at, String text, FieldProblems problems) {
        if (!problems.require(at, text)) {
            return Optional.empty();
        }
        if (Ipv4Address.isValid(text)) {
            return Optional.of(Endpoint.address(text));
        }
        Optional<WorkloadId> id = problems.parse(at, text, WorkloadId::parse);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        if (snapshot.get(Kind.WORKLOAD, id.get().toString()).isEmpty()) {
            problems.add(at, "no such workload (namespace/name) and not an IPv4 address: " + text);
            return Optional.empty();
        }
        return Optional.of(Endpoint.workload(id.get()));
    }

    private static ExplainResponse.Result result(Connection connection, Explanation explanation) {
        ExplainResponse.Staged staged = explanation.staged().map(s -> new ExplainResponse.Staged(s.verdict().toString(),
                side(s.egress()), side(s.ingress()))).orElse(null);
        return new ExplainResponse.Result(connection.source().toString(), connection.destination().toString(),
                connection.protocol().toString(), connection.port(), explanation.verdict().toString(),
                explanation.action().toString(), side(explanation.egress()), side(explanation.ingress()), staged);
    }

    private static ExplainResponse.Side side(SideDecision decision) {
        Reason reason = decision.reason();
        ExplainResponse.RuleRef rule = null;
        String networkPolicy = null;
        Integer ruleIndex = null;
        List<String> isolatedBy = null;
        String posture = null;
        String decidedBy;
        if (reason instanceof Reason.TieredRule tiered) {
            decidedBy = "tiered-rule";
            rule = ref(tiered.rule());
        } else if (reason instanceof Reason.NetworkPolicyRule np) {
            decidedBy = "network-policy-rule";
            networkPolicy = np.policy();
            ruleIndex = np.index();
        } else if (reason instanceof Reason.NetworkPolicyIsolation isolation) {
            decidedBy = "network-policy-isolation";
            isolatedBy = isolation.policies();
        } else if (reason instanceof Reason.DefaultPosture defaultPosture) {
            decidedBy = "default-posture";
            posture = defaultPosture.posture().toString();
        } else if (reason instanceof Reason.SameWorkload) {
            decidedBy = "same-workload";
        } else {
            decidedBy = "not-managed";
        }
        return new ExplainResponse.Side(decision.direction().toString(),
                decision.workload().map(WorkloadId::toString).orElse(null), decision.mode().toString(),
                decision.verdict().toString(), decision.action().toString(), reason.toString(), decidedBy, rule,
                networkPolicy, ruleIndex, isolatedBy, posture, decision.passedAt().map(Explainer::ref).orElse(null));
    }

    private static ExplainResponse.RuleRef ref(RuleRef rule) {
        return new ExplainResponse.RuleRef(rule.tier(), rule.policy(), rule.direction().toString(), rule.index(),
                rule.staged());
    }
}
