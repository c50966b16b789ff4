package io.microseg.rest.auth;

import java.security.Principal;
import java.util.Objects;

/** The authenticated caller: the token's name (recorded in the audit log) and role. */
public record Caller(String name, Role role) implements Principal {

    public static final Caller ANONYMOUS = new Caller("anonymous", Role.VIEWER);

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String getName() {
        return name;
    }
}
