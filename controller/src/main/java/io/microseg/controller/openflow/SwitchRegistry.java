package io.microseg.controller.openflow;

import io.microseg.topology.DatapathId;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The switches connected now, by datapath id, and who to tell when that changes. One per controller. */
public final class SwitchRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchRegistry.class);
    private final Map<DatapathId, SwitchSession> sessions = new ConcurrentHashMap<>();
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<DatapathId> probing = new HashSet<>();
    private final Duration probeTimeout;

    /** A registry whose takeover check waits 3 s for the connected switch's echo reply. */
    public SwitchRegistry() {
        this(Duration.ofSeconds(3));
    }

    /** {@code probeTimeout}: how long a connected switch has to answer the echo sent when another connection claims its dpid. */
    public SwitchRegistry(Duration probeTimeout) {
        this.probeTimeout = probeTimeout;
    }

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    public Optional<SwitchSession> get(DatapathId dpid) {
        return Optional.ofNullable(sessions.get(dpid));
    }

    public List<SwitchSession> all() {
        return List.copyOf(sessions.values());
    }

    /**
     * A connection finished its handshake and claims its datapath id. Completes with true when it
     * is now the switch's session (listeners told), false when it is refused (the caller closes it).
     * <p>A datapath that is already connected is never simply taken over, since anyone who reaches
     * the OpenFlow port can claim any dpid. The newcomer replaces the connected session at once only
     * if it proved the same identity (the same TLS certificate identity). Otherwise (plain TCP) the
     * connected session is probed with an ECHO_REQUEST: if it answers within the probe timeout it
     * stays and the newcomer is refused; if not (the switch restarted before its old TCP connection
     * timed out) it is declared dead, closed, and the newcomer accepted. Never blocks.
     */
    CompletableFuture<Boolean> claim(SwitchSession newcomer) {
        DatapathId dpid = newcomer.dpid();
        SwitchSession old;
        synchronized (this) {
            old = sessions.get(dpid);
            if (old == null || old == newcomer || !old.isConnected()) {
                return CompletableFuture.completedFuture(install(newcomer, old));
            }
            if (newcomer.identity().isPresent() && newcomer.identity().equals(old.identity())) {
                LOG.info("switch {} reconnected from {} with the same certificate identity {}; replacing its previous connection",
                        dpid, newcomer.remoteAddress(), newcomer.identity().get());
                return CompletableFuture.completedFuture(install(newcomer, old));
            }
            if (!probing.add(dpid)) {
                LOG.warn("refused a connection from {} claiming switch {}: another claim for it is being checked",
                        newcomer.remoteAddress(), dpid);
                return CompletableFuture.completedFuture(false);
            }
        }
        LOG.warn("a connection from {} claims switch {}, which is connected from {}; checking the connected one answers an echo within {}",
                newcomer.remoteAddress(), dpid, old.remoteAddress(), probeTimeout);
        SwitchSession connected = old;
        return old.probe(probeTimeout).thenApply(alive -> {
            synchronized (this) {
                probing.remove(dpid);
                SwitchSession now = sessions.get(dpid);
                if (alive && now == connected && connected.isConnected()) {
                    LOG.warn("refused takeover of switch {} by {}{}: its connection from {} is alive",
                            dpid, newcomer.remoteAddress(), newcomer.identity().map(i -> " (identity " + i + ")").orElse(""),
                            connected.remoteAddress());
                    return false;
                }
                if (!newcomer.isConnected() || (now != null && now != connected && now.isConnected())) {
                    return false;
                }
                LOG.warn("switch {}: its connection from {} did not answer an echo within {}; declared dead, accepting {}",
                        dpid, connected.remoteAddress(), probeTimeout, newcomer.remoteAddress());
                return install(newcomer, now);
            }
        });
    }

    /** Makes {@code session} the dpid's session, closing {@code old} (if any); tells the listeners. */
    private boolean install(SwitchSession session, SwitchSession old) {
        sessions.put(session.dpid(), session);
        if (old != null && old != session) {
            LOG.info("switch {} reconnected from {}; closing its previous connection", session.dpid(), session.remoteAddress());
            old.disconnected();
            old.close();
        }
        LOG.info("switch {} connected from {} speaking {}, {} ports{}", session.dpid(), session.remoteAddress(),
                session.version(), session.ports().size(), session.identity().map(i -> ", certificate " + i).orElse(""));
        listeners.forEach(l -> l.switchConnected(session));
        return true;
    }

    void disconnected(SwitchSession session) {
        session.disconnected();
        if (sessions.remove(session.dpid(), session)) {
            LOG.info("switch {} disconnected", session.dpid());
            listeners.forEach(l -> l.switchDisconnected(session));
        }
    }

    void portChanged(SwitchSession session, PortInfo port, boolean deleted) {
        listeners.forEach(l -> l.portChanged(session, port, deleted));
    }

    void packetIn(SwitchSession session, PacketIn packet) {
        listeners.forEach(l -> l.packetIn(session, packet));
    }
}
