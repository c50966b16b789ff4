package io.microseg.rest.http;

import io.microseg.flowrules.policy.LabelRequirement;
import io.microseg.flowrules.policy.LabelSelector;
import io.microseg.flowrules.policy.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The equality-based label selector syntax of {@code kubectl -l}: {@code app=web,env!=prod,tier,!legacy}
 * ({@code ==} is {@code =}). Set-based terms ({@code in (...)}) are not supported here.
 */
final class SelectorSyntax {

    private SelectorSyntax() {
    }

    static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return LabelSelector.EVERYTHING;
        }
        Map<String, String> equal = new TreeMap<>();
        List<LabelRequirement> requirements = new ArrayList<>();
        for (String raw : text.split(",")) {
            String term = raw.strip();
            if (term.isEmpty()) {
                throw new IllegalArgumentException("empty term in selector: " + text);
            }
            int notEqual = term.indexOf("!=");
            int equalSign = term.indexOf('=');
            if (notEqual > 0) {
                requirements.add(LabelRequirement.notIn(term.substring(0, notEqual).strip(),
                        term.substring(notEqual + 2).strip()));
            } else if (equalSign > 0) {
                int valueStart = term.startsWith("==", equalSign) ? equalSign + 2 : equalSign + 1;
                equal.put(term.substring(0, equalSign).strip(), term.substring(valueStart).strip());
            } else if (term.startsWith("!") && term.length() > 1) {
                requirements.add(LabelRequirement.doesNotExist(term.substring(1).strip()));
            } else if (term.indexOf('=') < 0 && term.indexOf('!') < 0 && term.indexOf(' ') < 0) {
                requirements.add(LabelRequirement.exists(term));
            } else {
                throw new IllegalArgumentException("not a selector term (key=value, key!=value, key, !key): " + term);
            }
        }
        return new LabelSelector(Labels.of(equal), requirements);
    }
}
