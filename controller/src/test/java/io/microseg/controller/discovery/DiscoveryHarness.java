package io.microseg.controller.discovery;

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
import io.microseg.topology.DatapathId;
import io.microseg.topology.lldp.ControllerInstanceId;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The controller wired as Main would wire discovery: registry, runtime (baseline plus the LLDP
 * punt flow the pipeline will carry), discovery, OpenFlow server on an ephemeral port.
 */
final class DiscoveryHarness implements AutoCloseable {
    /** Until the pipeline has its own: table 0, above everything, LLDP to the controller. */
    static final FlowEntry LLDP_PUNT = FlowEntry.of(0, 0xfff0,
            FlowMatch.builder().exact(MatchField.ETH_TYPE, MatchField.EthType.LLDP).build(), Cookie.of(0x0d, 1),
            Instruction.ApplyActions.of(Action.Output.toController()));

    final SwitchRegistry registry = new SwitchRegistry();
    final ControllerRuntime runtime;
    final LinkDiscovery discovery;
    final OpenFlowServer server;
    final List<TopologyChanged> changes = new CopyOnWriteArrayList<>();

    DiscoveryHarness(DiscoverySettings settings) throws InterruptedException {
        runtime = new ControllerRuntime(dpid -> withLldpPunt(), Clock.systemUTC());
        discovery = LinkDiscovery.start(ControllerInstanceId.of(System.nanoTime()), settings, ManagedEndpoints.NONE,
                Clock.systemUTC());
        discovery.addListener(changes::add);
        registry.addListener(runtime);
        registry.addListener(discovery);
        server = OpenFlowServer.start(new InetSocketAddress("127.0.0.1", 0), registry,
                new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    static List<FlowEntry> withLldpPunt() {
        List<FlowEntry> flows = new ArrayList<>(BaselineFlows.failClosed());
        flows.add(LLDP_PUNT);
        return flows;
    }

    int port() {
        return server.port();
    }

    /** Replaces a switch's flows with the bare baseline: its packet-ins (LLDP included) stop. */
    void stopPunting(long dpid) throws Exception {
        long revision = runtime.setDesired(DatapathId.of(dpid), BaselineFlows.failClosed()).get();
        runtime.awaitInForce(DatapathId.of(dpid), revision).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close();
        discovery.close();
        runtime.close();
    }
}
