package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.pipeline.Marks;
import io.microseg.flowrules.pipeline.Tables;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy epochs: every connection is committed with the epoch of the policy that admitted it (ct_mark), and with
 * onTighten cut an established packet whose epoch is not the current one is checked again (flowrules/PIPELINE.md).
 * The epoch moves on only with a compilation that can take an allow away: one whose decision flows (classification,
 * bits, rules, isolation, regions) differ from the previous compilation's in any way other than new or widened
 * allows and dropped denies. A pure addition of allows therefore re-checks nothing.
 */
final class Epochs {
    /** The first epoch; 0 marks a connection committed before epochs (always stale). */
    static final long FIRST = 1;

    private Epochs() {
    }

    /** A compilation's decision flows, as held by {@link CompiledNetwork}: what the next epoch is decided on. */
    record Basis(List<FlowEntry> sourceRegions, List<FlowEntry> destinationRegions, List<List<FlowEntry>> shared,
            List<WorkloadFlows> workloads) {
    }

    static boolean valid(long epoch) {
        return epoch >= FIRST && epoch <= Marks.CT_EPOCH_MASK;
    }

    /** The epoch after {@code epoch}, wrapping to {@link #FIRST} past the 31 bits ct_mark has for it. */
    static long next(long epoch) {
        return epoch >= Marks.CT_EPOCH_MASK || epoch < FIRST ? FIRST : epoch + 1;
    }

    /**
     * The epoch of a compilation whose previous one is {@code before}: the same, or the next when these decision
     * flows can deny something the previous ones allowed. The first compilation (nothing before, or a restart's
     * stored allocations) keeps the stored epoch, so a restart changes no flow.
     */
    static long of(CompiledNetwork before, List<FlowEntry> sourceRegions, List<FlowEntry> destinationRegions,
            List<List<FlowEntry>> shared, List<WorkloadFlows> workloads) {
        long epoch = before.carried().epoch;
        if (!valid(epoch)) {
            return FIRST;
        }
        Basis basis = before.epochBasis();
        if (basis == null) {
            return epoch;
        }
        return tightens(basis, new Basis(sourceRegions, destinationRegions, shared, workloads)) ? next(epoch) : epoch;
    }

    /** Whether the decision flows differ from {@code before}'s in a way that can deny what was allowed. */
    static boolean tightens(Basis before, Basis after) {
        List<FlowEntry> gone = new ArrayList<>();
        List<FlowEntry> come = new ArrayList<>();
        NetworkDiff.differing(before.sourceRegions(), after.sourceRegions(), gone, come);
        NetworkDiff.differing(before.destinationRegions(), after.destinationRegions(), gone, come);
        if (!gone.isEmpty() || !come.isEmpty()) {
            return true; // an address is classified otherwise
        }
        List<WorkloadFlows> changedBefore = new ArrayList<>();
        List<WorkloadFlows> changedAfter = new ArrayList<>();
        NetworkDiff.changedWorkloads(before.workloads(), after.workloads(), changedBefore, changedAfter);
        if (changedBefore.size() != changedAfter.size()) {
            return true; // a workload came or went: its addresses are classified otherwise
        }
        for (int i = 0; i < changedBefore.size(); i++) {
            WorkloadFlows was = changedBefore.get(i);
            WorkloadFlows is = changedAfter.get(i);
            if (!was.workload.id().equals(is.workload.id()) || !was.sourceIdentity.equals(is.sourceIdentity)
                    || !was.localDestination.equals(is.localDestination)
                    || !was.remoteDestination.equals(is.remoteDestination)) {
                return true; // its identity changed (labels, mode, addresses)
            }
        }
        NetworkDiff.differingChunks(before.shared(), after.shared(), gone, come);
        for (FlowEntry flow : gone) {
            if (!(isRuleTable(flow.table()) && flow.instructions().isEmpty())) {
                return true; // only a dropped deny cannot take an allow away
            }
        }
        for (FlowEntry flow : come) {
            if (!(isRuleTable(flow.table()) && isAllow(flow))) {
                return true; // only a new allow cannot take an allow away
            }
        }
        return false;
    }

    private static boolean isRuleTable(int table) {
        return table == Tables.EGRESS_RULES || table == Tables.EGRESS_ISOLATION || table == Tables.INGRESS_RULES
                || table == Tables.INGRESS_ISOLATION;
    }

    /** Allowed on this side: straight on to the next stage (ingress after egress, commit after ingress). */
    private static boolean isAllow(FlowEntry flow) {
        int next = flow.table() <= Tables.EGRESS_ISOLATION ? Tables.INGRESS_SOURCE_BITS : Tables.COMMIT;
        return flow.instructions().equals(List.of(new Instruction.GotoTable(next)));
    }
}
