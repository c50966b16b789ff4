package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A named layer of policies; lower {@code order} is evaluated first. Users may define their own tiers. */
public record Tier(String name, int order) {

    public static final Tier EXCEPTION = new Tier("exception", 100);
    public static final Tier SECURITY = new Tier("security", 200);
    public static final Tier APPLICATION = new Tier("application", 300);
    public static final Tier BASELINE = new Tier("baseline", 400);

    /** The shipped tiers: approved exceptions first, then security guardrails, applications, and a baseline. */
    public static final List<Tier> DEFAULTS = List.of(EXCEPTION, SECURITY, APPLICATION, BASELINE);

    public Tier {
        Objects.requireNonNull(name, "name");
    }

    public static Tier of(String name, int order) {
        return new Tier(name, order);
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.objectNameProblems(path + ".name", name));
        if (order < 0) {
            problems.add(Problem.at(path + ".order", "order must not be negative: " + order));
        }
        return problems;
    }
}
