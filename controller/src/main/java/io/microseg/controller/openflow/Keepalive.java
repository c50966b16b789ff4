package io.microseg.controller.openflow;

/**
 * When to probe a quiet switch with ECHO_REQUEST and when to give up on it. Pure: the caller
 * passes the time in, so tests drive it without sleeping.
 */
public final class Keepalive {
    /** What the connection should do now. */
    public enum Decision { NOTHING, SEND_ECHO, DISCONNECT }

    private final long idleNanos;
    private final long timeoutNanos;
    private long lastRead;
    private long echoSentAt = -1;

    public Keepalive(long idleNanos, long timeoutNanos, long now) {
        if (idleNanos <= 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("keepalive intervals must be positive");
        }
        this.idleNanos = idleNanos;
        this.timeoutNanos = timeoutNanos;
        this.lastRead = now;
    }

    /** Anything read from the switch proves it alive. */
    public void onRead(long now) {
        lastRead = now;
        echoSentAt = -1;
    }

    public Decision tick(long now) {
        if (echoSentAt >= 0) {
            return now - echoSentAt >= timeoutNanos ? Decision.DISCONNECT : Decision.NOTHING;
        }
        if (now - lastRead >= idleNanos) {
            echoSentAt = now;
            return Decision.SEND_ECHO;
        }
        return Decision.NOTHING;
    }
}
