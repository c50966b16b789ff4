package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.Posture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flows of one stage, the same on every switch: identity to bits (both sides), the tiered rules, the
 * NetworkPolicy rules and isolation, the posture. A rule becomes (self alternatives) x (peer alternatives) x (port
 * alternatives) flows; with bits each side is one alternative, so a rule costs one flow per port alternative.
 */
final class StageFlows {

    private final StagePlan plan;
    private final SideMatches self;
    private final SideMatches peer;
    private final Set<SetKey.NamedPort> namedPorts;
    private final Map<Allocations.RuleKey, Integer> priorities;
    private final Allocations.DecisionIds decisions;
    private final Map<Integer, String> described;
    private final int generation;

    StageFlows(StagePlan plan, SideMatches self, SideMatches peer, Set<SetKey.NamedPort> namedPorts,
            Map<Allocations.RuleKey, Integer> priorities, Allocations.DecisionIds decisions,
            Map<Integer, String> described, int generation) {
        this.plan = plan;
        this.self = self;
        this.peer = peer;
        this.namedPorts = namedPorts;
        this.priorities = priorities;
        this.decisions = decisions;
        this.described = described;
        this.generation = generation;
    }

    private boolean egress() {
        return plan.direction() == Direction.EGRESS;
    }

    private int rulesTable() {
        return egress() ? Tables.EGRESS_RULES : Tables.INGRESS_RULES;
    }

    private int isolationTable() {
        return egress() ? Tables.EGRESS_ISOLATION : Tables.INGRESS_ISOLATION;
    }

    /** Where an allowed side goes: the ingress stage after egress, the commit after ingress. */
    private int nextStage() {
        return egress() ? Tables.INGRESS_SOURCE_BITS : Tables.COMMIT;
    }

    private long lenientMark() {
        return egress() ? Marks.SOURCE_LENIENT : Marks.DESTINATION_LENIENT;
    }

    /** Identity-to-bits flows of this stage's two sides (mode marks on the self side). */
    List<FlowEntry> bitsFlows(Identities identities) {
        List<FlowEntry> flows = new ArrayList<>();
        int sourceTable = egress() ? Tables.EGRESS_SOURCE_BITS : Tables.INGRESS_SOURCE_BITS;
        SideMatches source = egress() ? self : peer;
        SideMatches destination = egress() ? peer : self;
        for (Identities.Identity identity : identities.all()) {
            flows.addAll(bitsFlow(sourceTable, source, identity, egress()));
            flows.addAll(bitsFlow(sourceTable + 1, destination, identity, !egress()));
        }
        return flows;
    }

    private List<FlowEntry> bitsFlow(int table, SideMatches side, Identities.Identity identity, boolean carriesMode) {
        long[] values = side.valuesOf(identity);
        long modeMask = egress() ? Marks.SOURCE_MODE_MASK : Marks.DESTINATION_MODE_MASK;
        long mode = 0;
        if (carriesMode && identity.mode().isPresent() && identity.mode().get() != EnforcementMode.ENFORCE) {
            mode = egress() ? Marks.SOURCE_LENIENT : Marks.DESTINATION_LENIENT;
            if (identity.mode().get() == EnforcementMode.ALERT) {
                mode |= egress() ? Marks.SOURCE_ALERT : Marks.DESTINATION_ALERT;
            }
        }
        if (values[0] == 0 && values[1] == 0 && mode == 0) {
            return List.of(); // the table miss clears the registers and mode
        }
        List<Instruction> instructions = new ArrayList<>();
        instructions.add(Instruction.ApplyActions.of(new Action.SetField(side.registers()[0], values[0]),
                new Action.SetField(side.registers()[1], values[1])));
        if (carriesMode) {
            instructions.add(new Instruction.WriteMetadata(mode, modeMask));
        }
        instructions.add(new Instruction.GotoTable(table + 1));
        return List.of(new FlowEntry(table, Priorities.IDENTITY_BITS,
                FlowMatch.builder().exact(side.idField(), identity.id()).build(), instructions,
                Cookie.of(FlowCategory.IDENTITY_BITS, generation, identity.id())));
    }

    /** The tiered rules, first rule at the highest priority. */
    List<FlowEntry> tieredFlows() {
        List<FlowEntry> flows = new ArrayList<>();
        for (StagePlan.TieredRule rule : plan.tiered()) {
            int decision = decisions.of(rule.key());
            described.put(decision, rule.tier() + "/" + rule.key().policy() + " " + rule.key().direction() + "["
                    + rule.key().index() + "] " + rule.action());
            int priority = priorities.get(rule.key());
            Cookie cookie = Cookie.of(FlowCategory.TIERED_RULE, generation, decision);
            Outcome outcome = switch (rule.action()) {
                case ALLOW -> Outcome.ALLOW;
                case DENY -> Outcome.DENY;
                case PASS -> Outcome.PASS;
            };
            emit(flows, rulesTable(), priority, rule.self(), rule.peer(), rule.ports(), outcome, decision, cookie);
        }
        return flows;
    }

    /** NetworkPolicy allows, then the isolation each selection causes, then the posture. */
    List<FlowEntry> isolationFlows(Posture posture) {
        List<FlowEntry> flows = new ArrayList<>();
        for (StagePlan.NetworkPolicyRule rule : plan.networkPolicyRules()) {
            int decision = decisions.of(rule.key());
            described.put(decision, "NetworkPolicy " + rule.key().policy() + " " + rule.key().direction() + "["
                    + rule.key().index() + "] allow");
            emit(flows, isolationTable(), Priorities.NETWORK_POLICY_ALLOW, rule.self(), rule.peer(), rule.ports(),
                    Outcome.ALLOW, decision, Cookie.of(FlowCategory.NETWORK_POLICY, generation, decision));
        }
        for (int i = 0; i < plan.isolations().size(); i++) {
            SetKey.Selected selection = plan.isolations().get(i);
            // distinct priorities: overlapping isolations must not be ambiguous about which one reports
            int priority = Math.max(Priorities.POSTURE + 1, Priorities.NETWORK_POLICY_ISOLATION - i);
            int decision = decisions.of(new Allocations.IsolationKey(plan.direction(), selection));
            described.put(decision, "deny: " + plan.direction() + " isolated by NetworkPolicies selecting "
                    + selection.podSelector() + " in " + selection.namespace());
            emit(flows, isolationTable(), priority, selection, Optional.empty(), List.of(),
                    Outcome.DENY, decision, Cookie.of(FlowCategory.NETWORK_POLICY, generation, decision));
        }
        int postureDecision = egress() ? Allocations.EGRESS_POSTURE : Allocations.INGRESS_POSTURE;
        described.put(postureDecision, "default posture " + posture + " (" + plan.direction() + ")");
        Cookie cookie = Cookie.of(FlowCategory.POSTURE, generation, postureDecision);
        if (posture == Posture.ALLOW) {
            flows.add(FlowEntry.of(isolationTable(), Priorities.POSTURE, FlowMatch.any(), cookie,
                    new Instruction.GotoTable(nextStage())));
        } else {
            deny(flows, isolationTable(), Priorities.POSTURE, FlowMatch.builder(), postureDecision, cookie);
        }
        return flows;
    }

    private enum Outcome { ALLOW, DENY, PASS }

    private void emit(List<FlowEntry> flows, int table, int priority, SetKey selfSet, Optional<SetKey> peerSet,
            List<io.microseg.flowrules.policy.PortMatch> ports, Outcome outcome, int decision, Cookie cookie) {
        for (PortAlternatives.Alternative port : PortAlternatives.of(ports, namedPorts)) {
            List<SetKey> selfSets = new ArrayList<>(List.of(selfSet));
            List<SetKey> peerSets = new ArrayList<>();
            peerSet.ifPresent(peerSets::add);
            port.named().ifPresent(named -> (plan.destinationIsSelf() ? selfSets : peerSets).add(named));
            for (List<SideMatches.FieldMatch> selfMatch : self.of(selfSets)) {
                for (List<SideMatches.FieldMatch> peerMatch : peer.of(peerSets)) {
                    FlowMatch.Builder match = FlowMatch.builder();
                    selfMatch.forEach(m -> m.apply(match));
                    peerMatch.forEach(m -> m.apply(match));
                    port.apply(match);
                    switch (outcome) {
                        case ALLOW -> flows.add(FlowEntry.of(table, priority, match.build(), cookie,
                                new Instruction.GotoTable(nextStage())));
                        case PASS -> flows.add(FlowEntry.of(table, priority, match.build(), cookie,
                                new Instruction.GotoTable(isolationTable())));
                        case DENY -> deny(flows, table, priority, match, decision, cookie);
                    }
                }
            }
        }
    }

    /**
     * A deny is two flows: an enforced side drops (this flow's counter tells which rule denied); a monitored or
     * alerting side records the decision, marks the packet for the report and goes on.
     */
    private void deny(List<FlowEntry> flows, int table, int priority, FlowMatch.Builder match, int decision,
            Cookie cookie) {
        long lenient = lenientMark();
        FlowMatch base = match.build();
        flows.add(FlowEntry.of(table, priority, base.toBuilder().metadata(0, lenient).build(), cookie));
        List<Instruction> report = new ArrayList<>();
        if (egress()) {
            report.add(Instruction.ApplyActions.of(new Action.SetField(Marks.EGRESS_DECISION, decision)));
            report.add(new Instruction.WriteMetadata(Marks.WOULD_DENY, Marks.WOULD_DENY));
        } else {
            report.add(new Instruction.WriteMetadata(Marks.WOULD_DENY | ((long) decision << Marks.INGRESS_DECISION_SHIFT),
                    Marks.WOULD_DENY | Marks.INGRESS_DECISION_MASK));
        }
        report.add(new Instruction.GotoTable(nextStage()));
        flows.add(new FlowEntry(table, priority, base.toBuilder().metadata(lenient, lenient).build(), report, cookie));
    }
}
