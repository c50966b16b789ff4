package io.microseg.controller.bench;

import ch.qos.logback.classic.Level;
import io.microseg.controller.discovery.DiscoverySettings;
import io.microseg.controller.discovery.LinkDiscovery;
import io.microseg.controller.discovery.ManagedEndpoints;
import io.microseg.controller.discovery.TopologyChanged;
import io.microseg.controller.emulation.EmulatedFabric;
import io.microseg.controller.openflow.OpenFlowServer;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.Link;
import io.microseg.topology.TopologySnapshot;
import io.microseg.topology.lldp.ControllerInstanceId;
import io.microseg.topology.path.PathTable;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How fast discovery finds an emulated fabric and reacts to a cable failure. For each fabric: the
 * controller's OpenFlow server, registry and {@link LinkDiscovery} (default 5 s probe interval) in
 * this JVM, the {@link EmulatedFabric}'s switches connecting to it over loopback TCP.
 *
 * <pre>java -cp controller/target/microseg-controller-0.1.0-SNAPSHOT.jar:controller/target/lib/* \
 *     DiscoveryBenchmark</pre>
 *
 * Times are wall clock on whatever machine runs it; they are for reading, not for asserting.
 */
public final class DiscoveryBenchmark {
    private static final Duration BOUND = Duration.ofMinutes(3);

    private DiscoveryBenchmark() {
    }

    /** One measured fabric. */
    record Row(String fabric, int switches, int links, double connectMs, double discoverMs, long probes,
               double failureMs, double restoreMs, double updateMs, int recomputed, double computeMs) {
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        List<Row> rows = new ArrayList<>();
        rows.add(run("grid 10x10", () -> EmulatedFabric.grid(10, 10, 1, 2), ConnectPoint.of(45, 2)));
        rows.add(run("ring 100", () -> EmulatedFabric.ring(100, 1, 2), ConnectPoint.of(50, 2)));
        rows.add(run("grid 25x40", () -> EmulatedFabric.grid(25, 40, 1, 2), ConnectPoint.of(500, 2)));
        rows.add(run("ring 1000", () -> EmulatedFabric.ring(1000, 1, 2), ConnectPoint.of(500, 2)));
        print(rows);
    }

    static Row run(String name, Supplier<EmulatedFabric> build, ConnectPoint cut) throws Exception {
        SwitchRegistry registry = new SwitchRegistry();
        try (LinkDiscovery discovery = LinkDiscovery.start(ControllerInstanceId.of(System.nanoTime()), DiscoverySettings.DEFAULTS,
                ManagedEndpoints.NONE, Clock.systemUTC());
             EmulatedFabric fabric = build.get()) {
            registry.addListener(discovery);
            try (OpenFlowServer server = OpenFlowServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                    new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)))) {
                Set<Link> expected = fabric.expectedLinks();
                CompletableFuture<Long> discovered = when(discovery, c -> c.after().snapshot().links().equals(expected));
                long start = System.nanoTime();
                fabric.connectAll(new InetSocketAddress("127.0.0.1", server.port())).get(BOUND.toSeconds(), TimeUnit.SECONDS);
                long connected = System.nanoTime();
                long found = discovered.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                long probes = discovery.probesSent();

                Link cutLink = expected.stream().filter(l -> l.src().equals(cut)).findFirst().orElseThrow();
                PathTable before = discovery.paths();
                CompletableFuture<Long> removed = when(discovery, c -> c.linksRemoved().contains(cutLink));
                long cutAt = System.nanoTime();
                fabric.setCableUp(cut, false);
                long gone = removed.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                TopologySnapshot afterCut = discovery.snapshot();

                CompletableFuture<Long> restored = when(discovery, c -> c.after().snapshot().links().equals(expected));
                long restoreAt = System.nanoTime();
                fabric.setCableUp(cut, true);
                long back = restored.get(BOUND.toSeconds(), TimeUnit.SECONDS);

                double[] update = new double[30];
                int recomputed = 0;
                for (int i = -5; i < update.length; i++) {
                    long t = System.nanoTime();
                    PathTable next = before.update(afterCut);
                    if (i >= 0) {
                        update[i] = (System.nanoTime() - t) / 1e6;
                    }
                    recomputed = next.recomputed().size();
                }
                double[] compute = new double[5];
                for (int i = -2; i < compute.length; i++) {
                    long t = System.nanoTime();
                    PathTable.compute(afterCut);
                    if (i >= 0) {
                        compute[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
                return new Row(name, fabric.switches().size(), expected.size(), (connected - start) / 1e6,
                        (found - start) / 1e6, probes, (gone - cutAt) / 1e6, (back - restoreAt) / 1e6,
                        median(update), recomputed, median(compute));
            }
        }
    }

    /** Completes with the time of the first change (after now) that satisfies {@code test}. */
    private static CompletableFuture<Long> when(LinkDiscovery discovery, Predicate<TopologyChanged> test) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        discovery.addListener(change -> {
            if (!at.isDone() && test.test(change)) {
                at.complete(System.nanoTime());
            }
        });
        return at;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void print(List<Row> rows) {
        System.out.printf("%n%-11s %8s %6s %11s %12s %7s %12s %12s %11s %10s %11s%n", "fabric", "switches", "links",
                "connect ms", "discover ms", "probes", "cut->chg ms", "restore ms", "update ms", "recomputed", "compute ms");
        for (Row r : rows) {
            System.out.printf("%-11s %8d %6d %11.1f %12.1f %7d %12.2f %12.2f %11.3f %10d %11.3f%n", r.fabric(), r.switches(),
                    r.links(), r.connectMs(), r.discoverMs(), r.probes(), r.failureMs(), r.restoreMs(), r.updateMs(),
                    r.recomputed(), r.computeMs());
        }
        System.out.println("""

                connect:    all switches TCP-connected and through the handshake (from the first connect)
                discover:   every directed link in the controller's snapshot (from the first connect)
                probes:     LLDP packet-outs sent until then (connect probes and probe-backs; no 5 s round needed)
                cut->chg:   one cable's ports go down (PORT_STATUS) until TopologyChanged with paths updated
                restore:    the ports come back up until both directions are re-proved
                update:     PathTable.update for that cut alone, median of 30 (recomputed: destination trees redone)
                compute:    PathTable.compute from scratch on the same snapshot, median of 5""");
    }
}
