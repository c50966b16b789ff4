package io.microseg.flowrules.compiler;

import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.ModelValidation;
import io.microseg.flowrules.policy.OnTighten;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.flowrules.policy.ValidatedModel;
import io.microseg.flowrules.policy.semantics.InvalidModelException;
import io.microseg.topology.DatapathId;
import java.util.List;
import java.util.Map;

/**
 * Compiles a policy model and a network view into the desired flows of every switch (pure: it returns flows, it
 * never sends them). Identity-based: endpoints are classified into identities by address early, each identity gets
 * set bits per stage, and every rule is a handful of flows matching bits, never a cross product of workloads.
 * Staged policies never reach the data plane.
 *
 * <pre>
 * CompiledNetwork next = PolicyCompiler.compile(model, view, previous);   // previous: CompiledNetwork.empty() at first
 * next.changesFrom(previous)                                                // per switch FlowDiff, fail-closed ordered
 * </pre>
 *
 * <p>{@link #compile(ValidatedModel, NetworkView, CompiledNetwork, int)} reads top to bottom as its stages (the model
 * is validated already: {@link ModelValidation#validate} made the {@link ValidatedModel}): stage plans, sorted workloads, sets, identities, set bits, rule fragments, region and workload flows, epoch,
 * per-switch assembly. Each stage is a pure function of typed inputs ({@link StagePlan}, {@link SortedWorkloads},
 * {@link SetLayout}, {@link Identities}, {@link SideBits}, {@link RuleFlows}, {@link WorkloadFlowList},
 * {@link SwitchAssembly}); what a stage may reuse of the previous compilation is decided in one place beside it,
 * {@link CompilationMemo}.
 */
public final class PolicyCompiler {

    private PolicyCompiler() {
    }

    /** A first compilation of a model not validated yet. */
    public static CompiledNetwork compile(PolicyModel model, NetworkView view) {
        return compile(model, view, CompiledNetwork.empty());
    }

    /**
     * A compilation that keeps ids, bits and priorities of {@code previous} so unchanged flows compare equal. Validates
     * the model (against the one {@code previous} was compiled from: only its changes are checked), then
     * compiles it.
     *
     * @throws InvalidModelException with every problem when the model does not validate
     */
    public static CompiledNetwork compile(PolicyModel model, NetworkView view, CompiledNetwork previous) {
        ModelValidation.Validation validation = ModelValidation.validate(model, previous.validated());
        if (!validation.problems().isEmpty()) {
            throw new InvalidModelException(validation.problems());
        }
        return compile(validation.orElseThrow(), view, previous);
    }

    /** A compilation of a model validated already (the daemon validates each write once, before committing it). */
    public static CompiledNetwork compile(ValidatedModel validated, NetworkView view, CompiledNetwork previous) {
        PolicyModel model = validated.model();
        CompilationMemo memo = new CompilationMemo(previous);
        Map<Direction, StagePlan> plans = memo.plans(model);
        SortedWorkloads workloads = memo.workloads(model);
        SetLayout sets = memo.sets(plans, workloads);
        Allocations before = memo.allocations(sets, plans);
        Identities identities = memo.identities(model, sets, workloads, before);
        SideBits bits = memo.bits(sets, identities, before);
        RuleFlows rules = memo.rules(plans, sets, identities, bits, before, model.settings().posture());
        SwitchFlows located = new SwitchFlows(view, workloads.all(), identities);
        SwitchAssembly.Regions regions = memo.regions(identities, located);
        WorkloadFlows.Instructions instructions = memo.instructions();
        WorkloadFlowList workloadFlows = memo.workloadFlows(workloads, identities, view, instructions);
        long epoch = memo.epoch(regions, rules, workloadFlows);
        // a zone of its own for every switch; one that cannot get one is refused (no flows are compiled for it)
        ConntrackZones.Assignment zones = ConntrackZones.assign(view.switches(), before.zones,
                view.options().pinnedZones());
        boolean cut = model.settings().onTighten() == OnTighten.CUT;
        Map<DatapathId, List<FlowEntry>> portFlows = PortFlows.perSwitch(view, workloadFlows.flows());
        Map<DatapathId, CompiledNetwork.SwitchPart> parts = memo.parts(view, located, zones, epoch, cut, before,
                portFlows);

        long total = SwitchAssembly.total(parts, regions, rules.sharedFlows(), workloadFlows.counts());
        Allocations after = new Allocations(identities.byEndpoint(), identities.nextId(), bits.bits(),
                rules.priorities(), rules.decisions(), rules.nextDecision(), epoch).withZones(zones.zones());
        StageResults results = new StageResults(validated, workloads, plans, sets, identities, bits.sizes(), rules,
                workloadFlows.counts());
        return new CompiledNetwork(parts, workloadFlows.flows(), regions.source(), regions.destination(),
                rules.shared(), instructions, view, rules.described(),
                new CompiledNetwork.Stats(identities.all().size(), Math.toIntExact(total), rules.ruleFlows(),
                        rules.enumerated()), after, results);
    }
}
