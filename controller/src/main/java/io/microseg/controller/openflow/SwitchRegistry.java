package io.microseg.controller.openflow;

import io.microseg.topology.DatapathId;
import java.util.List;
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

    public void addListener(SwitchListener listener) {
        listeners.add(listener);
    }

    public Optional<SwitchSession> get(DatapathId dpid) {
        return Optional.ofNullable(sessions.get(dpid));
    }

    public List<SwitchSession> all() {
        return List.copyOf(sessions.values());
    }

    /** A new connection for a known datapath replaces the old one, which is closed. */
    void connected(SwitchSession session) {
        SwitchSession old = sessions.put(session.dpid(), session);
        if (old != null && old != session) {
            LOG.info("switch {} reconnected from {}; closing its previous connection", session.dpid(), session.remoteAddress());
            old.disconnected();
            old.close();
        }
        LOG.info("switch {} connected from {} speaking {}, {} ports", session.dpid(), session.remoteAddress(),
                session.version(), session.ports().size());
        listeners.forEach(l -> l.switchConnected(session));
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
