package io.microseg.flowrules.compiler;

import io.microseg.flowrules.policy.Direction;
import io.microseg.flowrules.policy.ValidatedModel;
import java.util.Map;

/**
 * What one compilation's stages produced besides the result itself, carried to the next compilation for
 * {@link CompilationMemo} to reuse. Never changed after construction ({@code sizes} is copied before it is patched).
 *
 * @param model the model compiled, as validated: the next model derived from it is validated against it, and its
 *     parts are compared (by identity) with the next model's
 * @param plans the stage plans, or null (nothing compiled)
 * @param identities the identities, or null (nothing compiled)
 * @param counts the per-switch counts of {@code workloadFlows}' list, or null
 */
record StageResults(ValidatedModel model, SortedWorkloads workloads, Map<Direction, StagePlan> plans, SetLayout sets,
        Identities identities, int[] sizes, RuleFlows rules, WorkloadFlowList.WorkloadCounts counts) {

    static final StageResults NONE = new StageResults(ValidatedModel.EMPTY, SortedWorkloads.NONE, null, SetLayout.NONE, null, new int[0],
            RuleFlows.NONE, null);
}
