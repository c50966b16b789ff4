package io.microseg.flowrules.policy.semantics;

import io.microseg.flowrules.policy.Problem;
import java.util.List;

/** Thrown when asked to evaluate a model that has problems; carries all of them. */
public final class InvalidModelException extends IllegalArgumentException {

    private final transient List<Problem> problems;

    public InvalidModelException(List<Problem> problems) {
        super("the policy model has " + problems.size() + " problem(s): " + problems);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
