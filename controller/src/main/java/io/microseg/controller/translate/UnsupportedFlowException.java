package io.microseg.controller.translate;

/** An installed flow uses something microseg never writes: it cannot be ours, so it is stray. */
public final class UnsupportedFlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFlowException(String message) {
        super(message);
    }
}
