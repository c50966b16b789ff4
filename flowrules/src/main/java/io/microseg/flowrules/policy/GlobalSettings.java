package io.microseg.flowrules.policy;

import java.util.Objects;

/**
 * The default posture, the enforcement mode of workloads no enforcement setting selects, and what a tightening
 * policy change does to established connections, and how workloads without a registered location are bound to ports.
 */
public record GlobalSettings(Posture posture, EnforcementMode defaultMode, OnTighten onTighten, Learning learning) {

    /**
     * Deny by default, enforced, established connections cut when the policy no longer allows them, first sightings
     * confirmed by an operator.
     */
    public static final GlobalSettings DEFAULTS = new GlobalSettings(Posture.DENY, EnforcementMode.ENFORCE,
            OnTighten.CUT, Learning.CONFIRM);

    public GlobalSettings {
        Objects.requireNonNull(posture, "posture");
        Objects.requireNonNull(defaultMode, "defaultMode");
        Objects.requireNonNull(onTighten, "onTighten");
        Objects.requireNonNull(learning, "learning");
    }

    /** With the default learning ({@link Learning#CONFIRM}). */
    public GlobalSettings(Posture posture, EnforcementMode defaultMode, OnTighten onTighten) {
        this(posture, defaultMode, onTighten, Learning.CONFIRM);
    }

    public static GlobalSettings of(Posture posture, EnforcementMode defaultMode) {
        return new GlobalSettings(posture, defaultMode, DEFAULTS.onTighten());
    }

    public GlobalSettings withOnTighten(OnTighten replacement) {
        return new GlobalSettings(posture, defaultMode, replacement, learning);
    }

    public GlobalSettings withLearning(Learning replacement) {
        return new GlobalSettings(posture, defaultMode, onTighten, replacement);
    }
}
