package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One {@code matchExpressions} entry of a label selector: key, operator and values (Kubernetes semantics). */
public record LabelRequirement(String key, Operator operator, List<String> values) {

    /** The Kubernetes set-based operators. */
    public enum Operator {
        IN("In"), NOT_IN("NotIn"), EXISTS("Exists"), DOES_NOT_EXIST("DoesNotExist");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        /** Accepts the Kubernetes spelling ({@code NotIn}) or the constant name ({@code NOT_IN}). */
        public static Operator parse(String text) {
            for (Operator operator : values()) {
                if (operator.spelling.equals(text) || operator.name().equalsIgnoreCase(text)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("not a selector operator (In, NotIn, Exists, DoesNotExist): " + text);
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    public LabelRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
    }

    public static LabelRequirement in(String key, String... values) {
        return new LabelRequirement(key, Operator.IN, List.of(values));
    }

    public static LabelRequirement notIn(String key, String... values) {
        return new LabelRequirement(key, Operator.NOT_IN, List.of(values));
    }

    public static LabelRequirement exists(String key) {
        return new LabelRequirement(key, Operator.EXISTS, List.of());
    }

    public static LabelRequirement doesNotExist(String key) {
        return new LabelRequirement(key, Operator.DOES_NOT_EXIST, List.of());
    }

    /** NotIn and DoesNotExist match labels that lack the key, as in Kubernetes. */
    public boolean matches(Labels labels) {
        String value = labels.values().get(key);
        return switch (operator) {
            case IN -> value != null && values.contains(value);
            case NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
        };
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>(KubernetesSyntax.labelKeyProblems(path + ".key", key));
        boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
        if (needsValues && values.isEmpty()) {
            problems.add(Problem.at(path + ".values", "operator " + operator + " needs at least one value"));
        }
        if (!needsValues && !values.isEmpty()) {
            problems.add(Problem.at(path + ".values", "operator " + operator + " takes no values"));
        }
        for (int i = 0; i < values.size(); i++) {
            problems.addAll(KubernetesSyntax.labelValueProblems(path + ".values[" + i + "]", values.get(i)));
        }
        return problems;
    }

    @Override
    public String toString() {
        return switch (operator) {
            case IN -> key + " in (" + String.join(",", values) + ")";
            case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }
}
