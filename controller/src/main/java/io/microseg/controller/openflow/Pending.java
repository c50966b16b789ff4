package io.microseg.controller.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** A request a session waits on, covering the xids [first, last] it sent. */
sealed interface Pending {
    long first();

    long last();

    List<SwitchError> errors();

    /** The message we sent with this xid. */
    OFMessage sent(long xid);

    void fail(Throwable failure);

    default boolean covers(long xid) {
        return xid >= first() && xid <= last();
    }

    /** Messages followed by a barrier; {@code sentAt} rebuilds the message sent with an xid (to name an error's cause). */
    record Barrier(long first, long barrierXid, LongFunction<OFMessage> sentAt, CompletableFuture<Void> done,
                   List<SwitchError> errors) implements Pending {
        Barrier(long first, long barrierXid, LongFunction<OFMessage> sentAt, CompletableFuture<Void> done) {
            this(first, barrierXid, sentAt, done, new ArrayList<>());
        }

        @Override
        public long last() {
            return barrierXid;
        }

        @Override
        public OFMessage sent(long xid) {
            return sentAt.apply(xid);
        }

        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }

    /** A multipart FLOW_STATS request and the entries gathered so far. */
    record Stats(long first, OFMessage request, CompletableFuture<List<OFFlowStatsEntry>> done,
                 List<OFFlowStatsEntry> entries, List<SwitchError> errors) implements Pending {
        Stats(long xid, OFMessage request, CompletableFuture<List<OFFlowStatsEntry>> done, List<OFFlowStatsEntry> entries) {
            this(xid, request, done, entries, new ArrayList<>());
        }

        @Override
        public long last() {
            return first;
        }

        @Override
        public OFMessage sent(long xid) {
            return request;
        }

        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }

    /** A bundle control request waiting for its reply. */
    record Ctrl(long first, OFMessage request, CompletableFuture<Void> done, List<SwitchError> errors) implements Pending {
        Ctrl(long xid, OFMessage request, CompletableFuture<Void> done) {
            this(xid, request, done, new ArrayList<>());
        }

        @Override
        public long last() {
            return first;
        }

        @Override
        public OFMessage sent(long xid) {
            return request;
        }

        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }
    }
}
