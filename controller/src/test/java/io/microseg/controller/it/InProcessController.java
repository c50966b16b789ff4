package io.microseg.controller.it;

import io.microseg.controller.openflow.OpenFlowServer;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.controller.openflow.SwitchSession;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.flowrules.flow.FlowEntry;
import io.microseg.flowrules.pipeline.BaselineFlows;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.topology.DatapathId;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The controller's OpenFlow side wired as Main wires it, on an ephemeral or given port. */
final class InProcessController implements AutoCloseable {
    final SwitchRegistry registry = new SwitchRegistry();
    final ControllerRuntime runtime;
    final OpenFlowServer server;

    InProcessController(int port, Function<DatapathId, List<FlowEntry>> baseline) throws InterruptedException {
        this(port, baseline, List.of());
    }

    /** Installs {@code meters} on every switch before its flows, as Main does (compiled pipelines need them). */
    InProcessController(int port, Function<DatapathId, List<FlowEntry>> baseline, List<Meters.Spec> meters)
            throws InterruptedException {
        this(port, baseline, meters, Optional.empty());
    }

    InProcessController(int port, Function<DatapathId, List<FlowEntry>> baseline, List<Meters.Spec> meters,
                        Optional<SslContext> tls) throws InterruptedException {
        runtime = new ControllerRuntime(baseline, meters, Clock.systemUTC());
        registry.addListener(runtime);
        server = OpenFlowServer.start(new InetSocketAddress("127.0.0.1", port), registry,
                new OpenFlowServer.Timing(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30)),
                OpenFlowServer.Limits.defaults(), tls);
    }

    /** OpenFlow over mutual TLS only. */
    static InProcessController startTls(SslContext tls) throws InterruptedException {
        return new InProcessController(0, dpid -> BaselineFlows.failClosed(), List.of(), Optional.of(tls));
    }

    static InProcessController start() throws InterruptedException {
        return new InProcessController(0, dpid -> BaselineFlows.failClosed());
    }

    int port() {
        return server.port();
    }

    /** Waits (bounded) until the switch has connected and finished its handshake. */
    SwitchSession awaitSwitch(long dpid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            var session = registry.get(DatapathId.of(dpid));
            if (session.isPresent()) {
                return session.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("switch " + DatapathId.of(dpid) + " did not connect within 30 s");
    }

    /** Sets the desired flows and waits until the switch confirmed them. */
    void pushAndWait(long dpid, List<FlowEntry> flows) throws Exception {
        long revision = runtime.setDesired(DatapathId.of(dpid), flows).get();
        runtime.awaitInForce(DatapathId.of(dpid), revision).get(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
    }
}
