package io.microseg.flowrules.compiler;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A text for a key made of records, lists, strings, numbers and enums that is the same in every run and differs
 * whenever the keys differ (strings are quoted, sets and maps are sorted as their equality ignores order): what
 * {@link AllocationState} keys sets, rules and decisions by. Records are read by their components, so a field added
 * to a policy value is part of the text without anyone remembering to add it (the text changes, and what it keyed
 * is allocated afresh: never a wrong match). The hash a {@link SetKey} carries is left out: it is derived, and not
 * the same from one run to the next (enum hash codes).
 */
final class StableText {

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] all = type.getRecordComponents();
            for (RecordComponent component : all) {
                try {
                    component.getAccessor().setAccessible(true); // records nested in non-public types elsewhere
                } catch (RuntimeException e) {
                    // not opened to us: a public accessor still answers
                }
            }
            return all;
        }
    };

    private StableText() {
    }

    static String of(Object key) {
        StringBuilder out = new StringBuilder();
        append(out, key);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            quote(out, text);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Enum<?> constant) {
            out.append(constant.name());
        } else if (value instanceof Optional<?> optional) {
            if (optional.isEmpty()) {
                out.append("none");
            } else {
                out.append("some(");
                append(out, optional.get());
                out.append(')');
            }
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Collection<?> set) {
            out.append("set");
            sortedItems(out, set.stream().map(StableText::of).toList());
        } else if (value instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((key, item) -> entries.add(of(key) + ":" + of(item)));
            out.append("map");
            sortedItems(out, entries);
        } else if (value instanceof Record record) {
            appendRecord(out, record);
        } else { // not a value type we know: its own text (a change of it only means fresh allocations)
            out.append(value.getClass().getSimpleName()).append('<');
            quote(out, value.toString());
            out.append('>');
        }
    }

    private static void appendRecord(StringBuilder out, Record record) {
        out.append(record.getClass().getSimpleName()).append('(');
        boolean first = true;
        for (RecordComponent component : COMPONENTS.get(record.getClass())) {
            if (record instanceof SetKey && component.getName().equals("hash")) {
                continue;
            }
            out.append(first ? "" : ",");
            first = false;
            try {
                append(out, component.getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
            }
        }
        out.append(')');
    }

    private static void sortedItems(StringBuilder out, List<String> items) {
        List<String> sorted = new ArrayList<>(items);
        sorted.sort(null);
        out.append('{').append(String.join(",", sorted)).append('}');
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
