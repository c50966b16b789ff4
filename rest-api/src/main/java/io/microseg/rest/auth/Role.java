package io.microseg.rest.auth;

import java.util.Locale;

/** What a token may do. Each role includes the ones before it: viewer reads, operator edits policy, admin the rest. */
public enum Role {
    /** Read everything except tokens. */
    VIEWER,
    /** Also write workloads, namespaces, segments, policies, NetworkPolicies; import; explain. */
    OPERATOR,
    /** Also write settings, tiers, enforcement; manage tokens. */
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    public static Role parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a role (viewer, operator, admin): " + text, e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
