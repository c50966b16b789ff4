package io.microseg.topology.path;

import static io.microseg.topology.Topologies.T0;

import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.PortInfo;
import io.microseg.topology.PortNumber;
import io.microseg.topology.SwitchInfo;
import io.microseg.topology.Topologies;
import io.microseg.topology.TopologyEvent;
import io.microseg.topology.TopologyEvent.LinkDown;
import io.microseg.topology.TopologyEvent.LinkUp;
import io.microseg.topology.TopologyEvent.PortDown;
import io.microseg.topology.TopologyEvent.PortUp;
import io.microseg.topology.TopologyEvent.SwitchDown;
import io.microseg.topology.TopologyEvent.SwitchUp;
import io.microseg.topology.TopologySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/** A seeded random network that a test mutates step by step: cables, cuts, port flaps, speed changes, switches. */
final class RandomNetwork {
    static final int PORTS = 8;

    /** Costs from the sending port's speed (1, 2 or 3 Gb/s cost 1, 2 or 3): asymmetric on purpose. */
    static final LinkCost SPEED_COST = (link, snapshot) -> snapshot.port(link.src())
            .map(PortInfo::speedKbps)
            .filter(OptionalLong::isPresent)
            .map(speed -> (int) (speed.getAsLong() / 1_000_000))
            .orElse(1);

    private final Random random;
    private final int switches;
    private TopologySnapshot snapshot;
    private int clock;

    RandomNetwork(long seed, int switches, int cables) {
        this.random = new Random(seed);
        this.switches = switches;
        this.snapshot = Topologies.switches(switches, PORTS);
        for (int i = 0; i < cables; i++) {
            addCable();
        }
    }

    TopologySnapshot snapshot() {
        return snapshot;
    }

    /** Applies one random change and returns the new snapshot. */
    TopologySnapshot step() {
        clock++;
        int choice = random.nextInt(10);
        List<Link> links = new ArrayList<>(snapshot.links());
        if (choice <= 2 || links.isEmpty()) {
            addCable();
        } else if (choice == 3) {
            snapshot = snapshot.apply(new LinkDown(pick(links)));
        } else if (choice == 4) {
            Link link = pick(links);
            snapshot = snapshot.applyAll(List.of(new LinkDown(link), new LinkDown(link.reverse())));
        } else if (choice == 5) {
            snapshot = snapshot.apply(new PortDown(pick(links).src()));
        } else if (choice == 6) {
            snapshot = snapshot.apply(new PortUp(randomPoint(), "p", randomSpeed()));
        } else if (choice == 7) {
            snapshot = snapshot.apply(new SwitchDown(DatapathId.of(1 + random.nextInt(switches))));
        } else if (choice == 8) {
            snapshot = snapshot.apply(switchUp(1 + random.nextInt(switches + 3)));
        } else {
            snapshot = snapshot.expireLinks(T0.plusSeconds(clock), Duration.ofSeconds(random.nextInt(40) + 20L));
        }
        return snapshot;
    }

    private void addCable() {
        ConnectPoint a = randomPoint();
        ConnectPoint b = randomPoint();
        if (a.equals(b) || !snapshot.isEdgePort(a) || !snapshot.isEdgePort(b)) {
            return;
        }
        Link link = Link.of(a, b);
        List<TopologyEvent> events = new ArrayList<>(List.of(new LinkUp(link, T0.plusSeconds(clock))));
        if (random.nextInt(10) > 0) {
            events.add(new LinkUp(link.reverse(), T0.plusSeconds(clock)));
        }
        snapshot = snapshot.applyAll(events);
    }

    private SwitchUp switchUp(long dpid) {
        List<PortInfo> ports = new ArrayList<>();
        for (int p = 1; p <= PORTS; p++) {
            ports.add(new PortInfo(PortNumber.of(p), "p" + p, random.nextInt(8) > 0, randomSpeed()));
        }
        return new SwitchUp(SwitchInfo.of(DatapathId.of(dpid), ports));
    }

    private ConnectPoint randomPoint() {
        return ConnectPoint.of(1 + random.nextInt(switches + 3), 1 + random.nextInt(PORTS));
    }

    private OptionalLong randomSpeed() {
        int pick = random.nextInt(4);
        return pick == 0 ? OptionalLong.empty() : OptionalLong.of(pick * 1_000_000L);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
