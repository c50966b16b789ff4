package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowKey;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.pipeline.FlowCategory;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Pipeline;
import io.microseg.flowrules.pipeline.Priorities;
import io.microseg.flowrules.pipeline.Tables;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.EnforcementMode;
import io.microseg.flowrules.policy.PortMatch;
import io.microseg.flowrules.policy.Posture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Fragments before;
    private final Fragments after = new Fragments();

    /**
     * The flows of one rule, or of one identity's bits, with what they were made from: the next compilation reuses
     * them (the very same list, so {@code changesFrom} skips it by reference) while those inputs are equal.
     */
    private record Fragment(Object inputs, String description, List<FlowEntry> flows, List<List<SetKey>> selfKeys,
            List<List<SetKey>> peerKeys) {
        Fragment(Object inputs, String description, List<FlowEntry> flows) {
            this(inputs, description, flows, null, null);
        }
    }

    /** The fragments of one compilation of a stage, for the next one. */
    static final class Fragments {
        static final Fragments NONE = new Fragments();

        private final Map<Object, Fragment> rules = new HashMap<>();
        private final Map<Integer, Fragment> bits = new HashMap<>();
        private List<FlowEntry> isolation = List.of();
        private List<Object> isolationParts;
        private int checked;
        /** What the tiered rules' fragments were made with (the rules' match inputs besides the sides' answers). */
        private StagePlan plan;
        private Map<Allocations.RuleKey, Integer> priorities;
        private Set<SetKey.NamedPort> namedPorts;
    }

    StageFlows(StagePlan plan, SideMatches self, SideMatches peer, Set<SetKey.NamedPort> namedPorts,
            Map<Allocations.RuleKey, Integer> priorities, Allocations.DecisionIds decisions,
            Map<Integer, String> described) {
        this(plan, self, peer, namedPorts, priorities, decisions, described, Fragments.NONE);
    }

    /** @param before the fragments of this stage in the previous compilation (only reused when equal inputs) */
    StageFlows(StagePlan plan, SideMatches self, SideMatches peer, Set<SetKey.NamedPort> namedPorts,
            Map<Allocations.RuleKey, Integer> priorities, Allocations.DecisionIds decisions,
            Map<Integer, String> described, Fragments before) {
        this.plan = plan;
        this.self = self;
        this.peer = peer;
        this.namedPorts = namedPorts;
        this.priorities = priorities;
        this.decisions = decisions;
        this.described = described;
        this.before = before;
    }

    /** This compilation's fragments, for the next one. */
    Fragments fragments() {
        return after;
    }

    /** How many flows were built (not reused) this time: only those need the pipeline check. */
    int built() {
        return after.checked;
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

    /**
     * Identity-to-bits flows of this stage's two sides (mode marks on the self side), one list per identity that
     * has any; an identity's list is reused while its id and class and both
     * sides' bits are the same ({@code sameBits}: the caller checked the bits and sets).
     */
    List<List<FlowEntry>> bitsChunks(Identities identities, boolean sameBits) {
        List<List<FlowEntry>> chunks = new ArrayList<>();
        int sourceTable = egress() ? Tables.EGRESS_SOURCE_BITS : Tables.INGRESS_SOURCE_BITS;
        SideMatches source = egress() ? self : peer;
        SideMatches destination = egress() ? peer : self;
        for (Identities.Identity identity : identities.all()) {
            Fragment fragment = sameBits ? before.bits.get(identity.id()) : null;
            if (fragment == null || !fragment.inputs().equals(identity.key())) {
                List<FlowEntry> flows = new ArrayList<>(bitsFlow(sourceTable, source, identity, egress()));
                flows.addAll(bitsFlow(sourceTable + 1, destination, identity, !egress()));
                fragment = new Fragment(identity.key(), null, List.copyOf(flows));
                after.checked += flows.size();
                check(fragment.flows());
            }
            after.bits.put(identity.id(), fragment);
            if (!fragment.flows().isEmpty()) {
                chunks.add(fragment.flows());
            }
        }
        return chunks;
    }

    private static void check(List<FlowEntry> flows) {
        List<String> misfits = Pipeline.problems(flows);
        if (!misfits.isEmpty()) {
            throw new IllegalStateException("compiled flows do not fit the pipeline: " + misfits);
        }
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
                Cookie.of(FlowCategory.IDENTITY_BITS, identity.id())));
    }

    /** What a rule's flows are made of besides the rule: its priority, decision and match alternatives. */
    private record RuleInputs(Object rule, int priority, int decision, List<Object> matches) {
    }

    /**
     * The tiered rules, one list per rule (a rule's flows never share a key with another rule's: every rule has its
     * own priority), each reused from the previous compilation while its inputs are equal.
     */
    List<List<FlowEntry>> tieredChunks() {
        List<List<FlowEntry>> chunks = new ArrayList<>(plan.tiered().size() + 1);
        after.plan = plan;
        after.priorities = priorities;
        after.namedPorts = namedPorts;
        // the same rules, priorities, decision ids, and named ports, and both sides carry their previous
        // answers: a rule's inputs are equal unless one of the answers it asked for changed
        boolean carried = before.plan == plan && before.priorities == priorities && before.namedPorts == namedPorts && self.changedKeys() != null
                && peer.changedKeys() != null;
        Set<List<SetKey>> selfChanged = carried ? self.changedKeys() : null;
        Set<List<SetKey>> peerChanged = carried ? peer.changedKeys() : null;
        for (StagePlan.TieredRule rule : plan.tiered()) {
            if (carried) {
                Fragment kept = before.rules.get(rule.key());
                // shared decision ids are the previous ones, which a kept fragment was made with
                int decision = kept != null && decisions.shared() ? ((RuleInputs) kept.inputs()).decision()
                        : decisions.of(rule.key());
                if (kept != null && kept.selfKeys() != null && ((RuleInputs) kept.inputs()).decision() == decision
                        && unaffected(kept.selfKeys(), selfChanged) && unaffected(kept.peerKeys(), peerChanged)) {
                    after.rules.put(rule.key(), kept);
                    described.put(decision, kept.description());
                    chunks.add(kept.flows());
                    continue;
                }
            }
            int decision = decisions.of(rule.key());
            int priority = priorities.get(rule.key());
            List<List<SetKey>> selfKeys = new ArrayList<>();
            List<List<SetKey>> peerKeys = new ArrayList<>();
            RuleInputs inputs = new RuleInputs(rule, priority, decision,
                    matches(rule.self(), rule.peer(), rule.ports(), selfKeys, peerKeys));
            Fragment fragment = before.rules.get(rule.key());
            if (fragment == null || !fragment.inputs().equals(inputs)) {
                String description = rule.tier() + "/" + rule.key().policy() + " " + rule.key().direction() + "["
                        + rule.key().index() + "] " + rule.action();
                Cookie cookie = Cookie.of(FlowCategory.TIERED_RULE, decision);
                Outcome outcome = switch (rule.action()) {
                    case ALLOW -> Outcome.ALLOW;
                    case DENY -> Outcome.DENY;
                    case PASS -> Outcome.PASS;
                };
                List<FlowEntry> flows = new ArrayList<>();
                emit(flows, rulesTable(), priority, rule.self(), rule.peer(), rule.ports(), outcome, decision, cookie);
                fragment = new Fragment(inputs, description, unique(flows), selfKeys, peerKeys);
                after.checked += flows.size();
                check(fragment.flows());
            } else {
                // the same flows, with the set lists as this compilation's sides hold them (a later carried
                // compilation tells changed answers by these instances)
                fragment = new Fragment(fragment.inputs(), fragment.description(), fragment.flows(), selfKeys,
                        peerKeys);
            }
            after.rules.put(rule.key(), fragment);
            described.put(decision, fragment.description());
            chunks.add(fragment.flows());
        }
        return chunks;
    }

    /** Whether none of {@code keys} is in {@code changed} (an identity set of the sides' key instances). */
    private static boolean unaffected(List<List<SetKey>> keys, Set<List<SetKey>> changed) {
        if (changed.isEmpty()) {
            return true;
        }
        for (List<SetKey> key : keys) {
            if (changed.contains(key)) {
                return false;
            }
        }
        return true;
    }

    private List<Object> matches(SetKey selfSet, Optional<SetKey> peerSet, List<PortMatch> ports) {
        return matches(selfSet, peerSet, ports, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Per port alternative: the alternative and both sides' match alternatives (what {@link #emit} combines); the
     * set lists asked of each side go to {@code selfKeys} and {@code peerKeys}.
     */
    private List<Object> matches(SetKey selfSet, Optional<SetKey> peerSet, List<PortMatch> ports,
            List<List<SetKey>> selfKeys, List<List<SetKey>> peerKeys) {
        List<Object> out = new ArrayList<>();
        for (PortAlternatives.Alternative port : PortAlternatives.of(ports, namedPorts)) {
            List<SetKey> selfSets = new ArrayList<>(List.of(selfSet));
            List<SetKey> peerSets = new ArrayList<>();
            peerSet.ifPresent(peerSets::add);
            port.named().ifPresent(named -> (plan.destinationIsSelf() ? selfSets : peerSets).add(named));
            SideMatches.Answer selfAnswer = self.answer(selfSets);
            SideMatches.Answer peerAnswer = peer.answer(peerSets);
            out.add(port);
            out.add(selfAnswer.alternatives());
            out.add(peerAnswer.alternatives());
            selfKeys.add(selfAnswer.key());
            peerKeys.add(peerAnswer.key());
        }
        return out;
    }

    /** Deduplicated on (table, priority, match), the first kept, in their order. */
    static List<FlowEntry> unique(List<FlowEntry> flows) {
        Map<FlowKey, FlowEntry> unique = new LinkedHashMap<>(flows.size() * 2);
        for (FlowEntry flow : flows) {
            unique.putIfAbsent(flow.key(), flow);
        }
        return List.copyOf(unique.values());
    }

    /**
     * The isolation table's flows as one list: NetworkPolicy allows, then the isolation each selection causes, then
     * the posture, deduplicated (NetworkPolicy allows share a priority). The allows and isolations are fragments
     * like rules; the previous compilation's very list when all pieces are the same.
     */
    List<FlowEntry> isolationChunk(Posture posture) {
        List<Object> parts = new ArrayList<>();
        for (StagePlan.NetworkPolicyRule rule : plan.networkPolicyRules()) {
            int decision = decisions.of(rule.key());
            RuleInputs inputs = new RuleInputs(rule, Priorities.NETWORK_POLICY_ALLOW, decision,
                    matches(rule.self(), rule.peer(), rule.ports()));
            Fragment fragment = before.rules.get(rule.key());
            if (fragment == null || !fragment.inputs().equals(inputs)) {
                List<FlowEntry> flows = new ArrayList<>();
                emit(flows, isolationTable(), Priorities.NETWORK_POLICY_ALLOW, rule.self(), rule.peer(), rule.ports(),
                        Outcome.ALLOW, decision, Cookie.of(FlowCategory.NETWORK_POLICY, decision));
                fragment = new Fragment(inputs, "NetworkPolicy " + rule.key().policy() + " " + rule.key().direction()
                        + "[" + rule.key().index() + "] allow", List.copyOf(flows));
            }
            after.rules.put(rule.key(), fragment);
            described.put(decision, fragment.description());
            parts.add(fragment);
        }
        for (int i = 0; i < plan.isolations().size(); i++) {
            SetKey.Selected selection = plan.isolations().get(i);
            // distinct priorities where there is room: overlapping isolations must not be ambiguous about which one reports
            int priority = Math.max(Priorities.POSTURE + 1, Priorities.NETWORK_POLICY_ISOLATION - i);
            Allocations.IsolationKey key = new Allocations.IsolationKey(plan.direction(), selection);
            int decision = decisions.of(key);
            RuleInputs inputs = new RuleInputs(selection, priority, decision,
                    matches(selection, Optional.empty(), List.of()));
            Fragment fragment = before.rules.get(key);
            if (fragment == null || !fragment.inputs().equals(inputs)) {
                List<FlowEntry> flows = new ArrayList<>();
                emit(flows, isolationTable(), priority, selection, Optional.empty(), List.of(), Outcome.DENY, decision,
                        Cookie.of(FlowCategory.NETWORK_POLICY, decision));
                fragment = new Fragment(inputs, "deny: " + plan.direction() + " isolated by NetworkPolicies selecting "
                        + selection.podSelector() + " in " + selection.namespace(), List.copyOf(flows));
            }
            after.rules.put(key, fragment);
            described.put(decision, fragment.description());
            parts.add(fragment);
        }
        List<FlowEntry> posturePart = new ArrayList<>();
        posture(posturePart, posture);
        parts.add(posturePart);
        after.isolationParts = parts;
        if (samePieces(parts, before.isolationParts)) {
            after.isolation = before.isolation;
            return before.isolation;
        }
        List<FlowEntry> flows = new ArrayList<>();
        for (Object part : parts) {
            flows.addAll(part instanceof Fragment fragment ? fragment.flows() : posturePart);
        }
        List<FlowEntry> unique = unique(flows);
        if (unique.equals(before.isolation)) {
            unique = before.isolation;
        } else {
            after.checked += unique.size();
            check(unique);
        }
        after.isolation = unique;
        return unique;
    }

    /** The same fragments (by reference) and the same posture flows. */
    private static boolean samePieces(List<Object> now, List<Object> then) {
        if (then == null || now.size() != then.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            Object a = now.get(i);
            Object b = then.get(i);
            if (a != b && (a instanceof Fragment || !a.equals(b))) {
                return false;
            }
        }
        return true;
    }

    /** The posture: what neither a rule nor an isolation decided. */
    private void posture(List<FlowEntry> flows, Posture posture) {
        int postureDecision = egress() ? Allocations.EGRESS_POSTURE : Allocations.INGRESS_POSTURE;
        described.put(postureDecision, "default posture " + posture + " (" + plan.direction() + ")");
        Cookie cookie = Cookie.of(FlowCategory.POSTURE, postureDecision);
        if (posture == Posture.ALLOW) {
            flows.add(FlowEntry.of(isolationTable(), Priorities.POSTURE, FlowMatch.any(), cookie,
                    new Instruction.GotoTable(nextStage())));
        } else {
            deny(flows, isolationTable(), Priorities.POSTURE, FlowMatch.builder(), postureDecision, cookie);
        }
    }

    private enum Outcome { ALLOW, DENY, PASS }

    private void emit(List<FlowEntry> flows, int table, int priority, SetKey selfSet, Optional<SetKey> peerSet,
            List<PortMatch> ports, Outcome outcome, int decision, Cookie cookie) {
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
