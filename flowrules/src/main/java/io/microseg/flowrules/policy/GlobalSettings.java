package io.microseg.flowrules.policy;

import java.util.Objects;

/**
 * The default posture, the enforcement mode of workloads no enforcement setting selects, and what a tightening
 * policy change does to established connections.
 */
public record GlobalSettings(Posture posture, EnforcementMode defaultMode, OnTighten onTighten) {

    /** Deny by default, enforced, established connections cut when the policy no longer allows them. */
    public static final GlobalSettings DEFAULTS = new GlobalSettings(Posture.DENY, EnforcementMode.ENFORCE,
            OnTighten.CUT);

    public GlobalSettings {
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(defaultMode, "defaultMode");
        Objects.requireNonNull(onTighten, "onTighten");
    }

    public static GlobalSettings of(Posture posture, EnforcementMode defaultMode) {
        return new GlobalSettings(posture, defaultMode, DEFAULTS.onTighten());
    }

    public GlobalSettings withOnTighten(OnTighten replacement) {
        return new GlobalSettings(posture, defaultMode, replacement);
    }
}
