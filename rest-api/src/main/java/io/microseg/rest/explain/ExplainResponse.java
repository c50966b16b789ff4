package io.microseg.rest.explain;

import java.util.List;

/** The answers, in query order, and the model revision they were computed on. */
public record ExplainResponse(long revision, List<Result> results) {

    /** One connection's answer: verdict, data-plane action, each side, and the staged verdict if it differs. */
    public record Result(String from, String to, String protocol, int port, String verdict, String action, Side egress,
            Side ingress, Staged staged) {
    }

    /**
     * One side's decision: the workload (absent for a bare address), its enforcement mode, the verdict and the
     * action under that mode, the reason in words and in parts.
     */
    public record Side(String direction, String workload, String mode, String verdict, String action, String reason,
            String decidedBy, RuleRef rule, String networkPolicy, Integer ruleIndex, List<String> isolatedBy,
            String posture, RuleRef passedAt) {
    }

    /** A native policy rule. */
    public record RuleRef(String tier, String policy, String direction, int index, boolean staged) {
    }

    /** The verdict if staged policies were enforced. */
    public record Staged(String verdict, Side egress, Side ingress) {
    }
}
