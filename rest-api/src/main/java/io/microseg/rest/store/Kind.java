package io.microseg.rest.store;

import java.util.Locale;

/** The kinds of stored objects; {@link #plural} is the REST collection name and the value of the store's kind column. */
public enum Kind {
    NAMESPACE("namespaces"),
    WORKLOAD("workloads"),
    SEGMENT("segments"),
    POLICY("policies"),
    NETWORK_POLICY("networkpolicies"),
    ENFORCEMENT("enforcement"),
    TIERS("tiers"),
    SETTINGS("settings");

    private final String plural;

    Kind(String plural) {
        this.plural = plural;
    }

    public String plural() {
        return plural;
    }

    public static Kind ofPlural(String text) {
        for (Kind kind : values()) {
            if (kind.plural.equals(text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a kind: " + text);
    }

    @Override
    public String toString() {
        return plural;
    }
}
