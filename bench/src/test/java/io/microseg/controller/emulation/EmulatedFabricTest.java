package io.microseg.controller.emulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.microseg.controller.discovery.DiscoverySettings;
import io.microseg.controller.discovery.LinkDiscovery;
import io.microseg.controller.discovery.ManagedEndpoints;
import io.microseg.controller.openflow.OpenFlowServer;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.flowrules.flow.Action;
import io.microseg.flowrules.flow.Cookie;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.flow.FlowMatch;
import io.microseg.flowrules.flow.Instruction;
import io.microseg.flowrules.flow.MatchField;
import io.microseg.flowrules.pipeline.BaselineFlows;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import io.microseg.topology.Link;
import io.microseg.topology.lldp.ControllerInstanceId;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Emulated switches against the real OpenFlow server over loopback TCP: handshake, LLDP round trips, flow table. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // these tests wait on threads and sockets
class EmulatedFabricTest {
    private final SwitchRegistry registry = new SwitchRegistry();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void gridOfNineIsDiscoveredAndACutCableDisappears() throws Exception {
        LinkDiscovery discovery = track(LinkDiscovery.start(ControllerInstanceId.of(7), DiscoverySettings.DEFAULTS,
                ManagedEndpoints.NONE, Clock.systemUTC()));
        registry.addListener(discovery);
        OpenFlowServer server = track(startServer());
        EmulatedFabric fabric = track(EmulatedFabric.grid(3, 3, 1, 1));
        fabric.connectAll(new InetSocketAddress("127.0.0.1", server.port())).get(30, TimeUnit.SECONDS);
        Set<Link> expected = fabric.expectedLinks();
        assertThat(expected).hasSize(24);
        eventually(() -> discovery.snapshot().links(), links -> links.equals(expected));
        assertThat(discovery.snapshot().edgePorts(DatapathId.of(5))).containsExactly(ConnectPoint.of(5, 5));

        fabric.setCableUp(ConnectPoint.of(5, 2), false);
        Set<Link> withoutCut = new HashSet<>(expected);
        withoutCut.remove(Link.of(5, 2, 6, 1));
        withoutCut.remove(Link.of(6, 1, 5, 2));
        eventually(() -> discovery.snapshot().links(), links -> links.equals(withoutCut));
        assertThat(discovery.paths().path(DatapathId.of(5), DatapathId.of(6)).orElseThrow().hops()).isEqualTo(3);
    }

    @Test
    void runtimeReconcilesAndPushesIntoTheEmulatedFlowTable() throws Exception {
        FlowEntry lldp = FlowEntry.of(0, 0xfff0, FlowMatch.builder().exact(MatchField.ETH_TYPE, MatchField.EthType.LLDP).build(),
                Cookie.of(0x0d, 1), Instruction.ApplyActions.of(Action.Output.toController()));
        List<FlowEntry> flows = new ArrayList<>(BaselineFlows.failClosed());
        flows.add(lldp);
        ControllerRuntime runtime = track(new ControllerRuntime(dpid -> flows, Clock.systemUTC()));
        registry.addListener(runtime);
        OpenFlowServer server = track(startServer());
        EmulatedFabric fabric = track(EmulatedFabric.ring(2, 0, 1));
        fabric.connectAll(new InetSocketAddress("127.0.0.1", server.port())).get(30, TimeUnit.SECONDS);
        EmulatedSwitch one = fabric.get(DatapathId.of(1));
        eventually(() -> runtime.status().join(), status -> status.size() == 2 && status.stream()
                .allMatch(s -> s.connected() && s.inForceRevision() >= 1 && s.inForceRevision() == s.desiredRevision()));
        assertThat(one.flows()).hasSize(2);
        assertThat(one.flowModCount()).isEqualTo(2);

        long revision = runtime.setDesired(DatapathId.of(1), BaselineFlows.failClosed()).get();
        runtime.awaitInForce(DatapathId.of(1), revision).get(30, TimeUnit.SECONDS);
        assertThat(one.flows()).hasSize(1);
    }

    private OpenFlowServer startServer() throws InterruptedException {
        return OpenFlowServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    private <T extends AutoCloseable> T track(T resource) {
        open.add(resource);
        return resource;
    }

    private static <T> void eventually(Supplier<T> probe, Predicate<T> check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = probe.get();
        while (!check.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held; last value: " + last);
            }
            Thread.sleep(20);
            last = probe.get();
        }
    }
}
