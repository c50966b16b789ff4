package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A Kubernetes label selector: every {@code matchLabels} pair and every {@code matchExpressions}
 * requirement must hold. The empty selector selects everything.
 */
public record LabelSelector(Labels matchLabels, List<LabelRequirement> matchExpressions) {

    public static final LabelSelector EVERYTHING = new LabelSelector(Labels.EMPTY, List.of());

    public LabelSelector {
        Objects.requireNonNull(matchLabels, "matchLabels");
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** {@code LabelSelector.of("tier", "web")}: matchLabels only. */
    public static LabelSelector of(String... keysAndValues) {
        return new LabelSelector(Labels.of(keysAndValues), List.of());
    }

    public static LabelSelector of(Map<String, String> matchLabels, List<LabelRequirement> matchExpressions) {
        return new LabelSelector(Labels.of(matchLabels), matchExpressions);
    }

    public static LabelSelector of(LabelRequirement... matchExpressions) {
        return new LabelSelector(Labels.EMPTY, List.of(matchExpressions));
    }

    /** This selector with one more requirement. */
    public LabelSelector and(LabelRequirement requirement) {
        return new LabelSelector(matchLabels, Stream.concat(matchExpressions.stream(), Stream.of(requirement)).toList());
    }

    public boolean matches(Labels labels) {
        for (Map.Entry<String, String> pair : matchLabels.values().entrySet()) {
            if (!pair.getValue().equals(labels.values().get(pair.getKey()))) {
                return false;
            }
        }
        for (LabelRequirement requirement : matchExpressions) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return matchLabels.values().isEmpty() && matchExpressions.isEmpty();
    }

    /** How many requirements this selector states: one per matchLabels pair and one per expression. */
    public int requirementCount() {
        return matchLabels.values().size() + matchExpressions.size();
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(matchLabels.problems(path + ".matchLabels"));
        for (int i = 0; i < matchExpressions.size(); i++) {
            problems.addAll(matchExpressions.get(i).problems(path + ".matchExpressions[" + i + "]"));
        }
        return problems;
    }

    @Override
    public String toString() {
        if (isEmpty()) {
            return "{}";
        }
        List<String> parts = new ArrayList<>();
        matchLabels.values().forEach((key, value) -> parts.add(key + "=" + value));
        matchExpressions.forEach(requirement -> parts.add(requirement.toString()));
        return "{" + String.join(",", parts) + "}";
    }
}
