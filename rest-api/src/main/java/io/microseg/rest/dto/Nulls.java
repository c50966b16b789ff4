package io.microseg.rest.dto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalization for DTO constructors: an absent list or map becomes empty. Null elements are kept so that
 * conversion can report them with their path instead of failing the whole body on the first one.
 */
final class Nulls {

    private Nulls() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    static Map<String, String> map(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
