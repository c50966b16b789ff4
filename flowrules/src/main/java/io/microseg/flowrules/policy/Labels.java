package io.microseg.flowrules.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Key/value labels of a workload or namespace, such as {@code env=prod, app=crm, tier=web}; sorted by key. */
public record Labels(Map<String, String> values) {

    public static final Labels EMPTY = new Labels(Map.of());

    public Labels {
        Objects.requireNonNull(values, "values");
        TreeMap<String, String> sorted = new TreeMap<>();
        values.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "label key"),
                Objects.requireNonNull(value, "label value")));
        values = Collections.unmodifiableMap(sorted);
    }

    /** {@code Labels.of("env", "prod", "tier", "web")}. */
    public static Labels of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Labels(map);
    }

    public static Labels of(Map<String, String> values) {
        return new Labels(values);
    }

    /** Parses {@code env=prod,tier=web}; the empty string is no labels. */
    public static Labels parse(String text) {
        Map<String, String> map = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a key=value label: " + pair);
            }
            map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return new Labels(map);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Labels with(String key, String value) {
        Map<String, String> map = new TreeMap<>(values);
        map.put(key, value);
        return new Labels(map);
    }

    public List<Problem> problems(String path) {
        List<Problem> problems = new ArrayList<>();
        values.forEach((key, value) -> {
            problems.addAll(KubernetesSyntax.labelKeyProblems(path + "[" + key + "]", key));
            problems.addAll(KubernetesSyntax.labelValueProblems(path + "[" + key + "]", value));
        });
        return problems;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> out.append(out.length() == 0 ? "" : ",").append(key).append('=').append(value));
        return out.toString();
    }
}
