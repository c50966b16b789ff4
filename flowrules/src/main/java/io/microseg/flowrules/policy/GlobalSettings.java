package io.microseg.flowrules.policy;

import java.util.Objects;

/** The default posture and the enforcement mode of workloads no enforcement setting selects. */
public record GlobalSettings(Posture posture, EnforcementMode defaultMode) {

    /** Deny by default, enforced. */
    public static final GlobalSettings DEFAULTS = new GlobalSettings(Posture.DENY, EnforcementMode.ENFORCE);

    public GlobalSettings {
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(defaultMode, "defaultMode");
    }

    public static GlobalSettings of(Posture posture, EnforcementMode defaultMode) {
        return new GlobalSettings(posture, defaultMode);
    }
}
