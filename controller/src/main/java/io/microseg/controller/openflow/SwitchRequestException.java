package io.microseg.controller.openflow;

import java.util.List;

/** A request to a switch failed: the switch refused messages, disconnected, or did not answer in time. */
public final class SwitchRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<SwitchError> errors;

    public SwitchRequestException(String message, List<SwitchError> errors) {
        super(message + (errors.isEmpty() ? "" : ": " + errors));
        this.errors = List.copyOf(errors);
    }

    public SwitchRequestException(String message) {
        this(message, List.of());
    }

    public List<SwitchError> errors() {
        return errors;
    }
}
