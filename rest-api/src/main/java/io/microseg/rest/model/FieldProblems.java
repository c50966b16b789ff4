package io.microseg.rest.model;

import io.microseg.flowrules.policy.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Collects the field problems found while converting a request body, so that all of them are reported at once. */
public final class FieldProblems {

    private final List<Problem> problems = new ArrayList<>();

    public void add(String path, String message) {
        problems.add(Problem.at(path, message));
    }

    /** Parses {@code text} with {@code parser}; on failure records the parser's message and returns empty. */
    public <T> Optional<T> parse(String path, String text, Function<String, T> parser) {
        if (text == null) {
            add(path, "is required");
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text));
        } catch (IllegalArgumentException e) {
            add(path, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a problem if {@code value} is null; returns whether it was present. */
    public boolean require(String path, Object value) {
        if (value == null) {
            add(path, "is required");
            return false;
        }
        return true;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(problems);
    }

    /** Throws an {@link Rejection.Cause#INVALID} rejection naming every problem, if there are any. */
    public void throwIfAny(String object) {
        if (!problems.isEmpty()) {
            throw new Rejection(Rejection.Cause.INVALID, problems.size() + " problem(s) in " + object,
                    problems.stream().map(p -> new FieldError(object, p.path(), p.message())).toList());
        }
    }
}
