package io.microseg.controller.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Discovery against real Open vSwitch bridges joined by patch ports. */
class LinkDiscoveryIT {
    private static final DiscoverySettings FAST_PROBES = DiscoverySettings.of(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void chainOfThreeBridgesIsDiscovered() throws Exception {
        try (DiscoveryHarness controller = new DiscoveryHarness(FAST_PROBES);
             OvsNet net = new OvsNet(controller.port())) {
            String a = net.bridge();
            String b = net.bridge();
            String c = net.bridge();
            net.cable(a, 1, b, 1);
            net.cable(b, 2, c, 1);
            Set<Link> expected = cables(net, List.of(a, 1, b, 1), List.of(b, 2, c, 1));
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(expected));
            var paths = controller.discovery.paths();
            assertThat(paths.path(DatapathId.of(net.dpid(a)), DatapathId.of(net.dpid(c))).orElseThrow().hops()).isEqualTo(2);
            assertThat(controller.discovery.snapshot().isEdgePort(Link.of(net.dpid(b), 1, net.dpid(a), 1).src())).isFalse();
            assertThat(controller.changes).anySatisfy(change -> assertThat(change.linksChanged()).isTrue());
        }
    }

    @Test
    void ringOfFourBridgesIsDiscoveredWithShortestPathsBothWaysRound() throws Exception {
        try (DiscoveryHarness controller = new DiscoveryHarness(FAST_PROBES);
             OvsNet net = new OvsNet(controller.port())) {
            String[] s = {net.bridge(), net.bridge(), net.bridge(), net.bridge()};
            for (int i = 0; i < 4; i++) {
                net.cable(s[i], 2, s[(i + 1) % 4], 1);
            }
            Set<Link> expected = cables(net, List.of(s[0], 2, s[1], 1), List.of(s[1], 2, s[2], 1),
                    List.of(s[2], 2, s[3], 1), List.of(s[3], 2, s[0], 1));
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(expected));
            var paths = controller.discovery.paths();
            DatapathId first = DatapathId.of(net.dpid(s[0]));
            assertThat(paths.path(first, DatapathId.of(net.dpid(s[1]))).orElseThrow().hops()).isEqualTo(1);
            assertThat(paths.path(first, DatapathId.of(net.dpid(s[3]))).orElseThrow().hops()).isEqualTo(1);
            assertThat(paths.path(first, DatapathId.of(net.dpid(s[2]))).orElseThrow().hops()).isEqualTo(2);
        }
    }

    @Test
    void portDownRemovesTheLinkAtOnceAndPortUpBringsItBack() throws Exception {
        // Links would only time out after 60 s: a removal within the bound below is PORT_STATUS at work.
        try (DiscoveryHarness controller = new DiscoveryHarness(FAST_PROBES);
             OvsNet net = new OvsNet(controller.port())) {
            String a = net.bridge();
            String b = net.bridge();
            String c = net.bridge();
            net.cable(a, 1, b, 1);
            net.vethCable(b, 2, c, 1);
            Set<Link> ab = cables(net, List.of(a, 1, b, 1));
            Set<Link> all = new HashSet<>(ab);
            all.addAll(cables(net, List.of(b, 2, c, 1)));
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(all));

            net.portDown(b, 2);
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(ab));
            assertThat(controller.discovery.paths().path(DatapathId.of(net.dpid(a)), DatapathId.of(net.dpid(c)))).isEmpty();

            net.portUp(b, 2);
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(all));
            assertThat(controller.discovery.paths().path(DatapathId.of(net.dpid(a)), DatapathId.of(net.dpid(c)))).isPresent();
        }
    }

    @Test
    void deletingAPatchPortRemovesItsLinkAtOnce() throws Exception {
        try (DiscoveryHarness controller = new DiscoveryHarness(FAST_PROBES);
             OvsNet net = new OvsNet(controller.port())) {
            String a = net.bridge();
            String b = net.bridge();
            String c = net.bridge();
            net.cable(a, 1, b, 1);
            net.cable(b, 2, c, 1);
            Set<Link> bc = cables(net, List.of(b, 2, c, 1));
            Set<Link> all = new HashSet<>(bc);
            all.addAll(cables(net, List.of(a, 1, b, 1)));
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(all));

            net.deletePort(a, 1);
            eventually(() -> controller.discovery.snapshot().links(), links -> assertThat(links).isEqualTo(bc));
            assertThat(controller.discovery.snapshot().port(Link.of(net.dpid(a), 1, net.dpid(b), 1).src())).isEmpty();
        }
    }

    @Test
    void linkWhoseProbesStopArrivingTimesOut() throws Exception {
        DiscoverySettings shortTimeout = DiscoverySettings.of(Duration.ofMillis(300), Duration.ofMillis(1500));
        try (DiscoveryHarness controller = new DiscoveryHarness(shortTimeout);
             OvsNet net = new OvsNet(controller.port())) {
            String a = net.bridge();
            String b = net.bridge();
            net.cable(a, 1, b, 1);
            Link aToB = Link.of(net.dpid(a), 1, net.dpid(b), 1);
            eventually(() -> controller.discovery.snapshot().links(),
                    links -> assertThat(links).containsExactlyInAnyOrder(aToB, aToB.reverse()));

            controller.stopPunting(net.dpid(b)); // b no longer hands a's probes up: a -> b is never re-proved
            eventually(() -> controller.discovery.snapshot().links(),
                    links -> assertThat(links).containsExactly(aToB.reverse()));
            assertThat(controller.discovery.snapshot().port(aToB.dst()).orElseThrow().up()).isTrue();
            assertThat(controller.discovery.paths().path(DatapathId.of(net.dpid(a)), DatapathId.of(net.dpid(b)))).isEmpty();
            assertThat(controller.changes.get(controller.changes.size() - 1).linksRemoved()).containsExactly(aToB);
        }
    }

    /** Both directions of each cable, given as (bridge, port, bridge, port). */
    @SafeVarargs
    private static Set<Link> cables(OvsNet net, List<Object>... cables) {
        Set<Link> out = new HashSet<>();
        for (List<Object> cable : cables) {
            Link link = Link.of(net.dpid((String) cable.get(0)), (Integer) cable.get(1),
                    net.dpid((String) cable.get(2)), (Integer) cable.get(3));
            out.add(link);
            out.add(link.reverse());
        }
        return out;
    }

    private static <T> void eventually(Supplier<T> probe, Consumer<T> check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                check.accept(probe.get());
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }
}
