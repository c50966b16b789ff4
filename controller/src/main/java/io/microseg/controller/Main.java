package io.microseg.controller;

import ch.qos.logback.classic.Level;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microseg.controller.config.ConfigException;
import io.microseg.controller.config.ConfigLoader;
import io.microseg.controller.config.ControllerConfig;
import io.microseg.controller.conntrack.RelatedPackets;
import io.microseg.controller.discovery.DiscoverySettings;
import io.microseg.controller.discovery.LinkDiscovery;
import io.microseg.controller.discovery.ManagedEndpoints;
import io.microseg.controller.openflow.OpenFlowServer;
import io.microseg.controller.openflow.SwitchRegistry;
import io.microseg.controller.runtime.AllocationFile;
import io.microseg.controller.runtime.BindingFile;
import io.microseg.controller.runtime.ControllerRuntime;
import io.microseg.controller.runtime.PolicyEngine;
import io.microseg.controller.status.ControllerNetworkStatus;
import io.microseg.controller.status.Metrics;
import io.microseg.controller.visibility.PolicyReports;
import io.microseg.flowrules.pipeline.Meters;
import io.microseg.flowrules.policy.PolicyModel;
import io.microseg.rest.RestConfig;
import io.microseg.rest.RestServer;
import io.microseg.topology.lldp.ControllerInstanceId;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The daemon: parses the command line, loads the config, wires everything by constructor, runs until stopped. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final String USAGE = """
            usage: microseg controller [--config FILE] [--data-dir DIR] [--openflow-port N] [--rest-port N]

            Runs the microseg SDN controller in the foreground. Open vSwitch bridges connect to it with
              ovs-vsctl set-controller BR tcp:127.0.0.1:6653 -- set bridge BR protocols=OpenFlow13,OpenFlow14 fail-mode=secure

              --config FILE        YAML configuration (default: config/microseg.yaml if present, else built-in defaults)
              --data-dir DIR       directory for durable state (overrides dataDir)
              --openflow-port N    OpenFlow listen port (overrides openflow.port; default 6653)
              --rest-port N        REST listen port (overrides rest.port; default 8181)
              -h, --help           this text
            Exit codes: 0 stopped cleanly, 2 bad command line or configuration, 1 failed to start.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        ControllerConfig config;
        try {
            config = configure(Arrays.asList(args));
        } catch (HelpRequested e) {
            System.out.print(USAGE);
            return;
        } catch (ConfigException e) {
            System.err.println("microseg: " + e.getMessage());
            System.err.println("run 'microseg controller --help' for usage");
            System.exit(2);
            return;
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.toLevel(config.logLevel()));
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger(); // Grizzly and Jersey log through JUL
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        try {
            run(config);
        } catch (ConfigException e) {
            System.err.println("microseg: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            LOG.error("microseg failed to start", e);
            System.exit(1);
        }
    }

    /** Parses the command line into a configuration (file first, then flags). */
    /** Mutual TLS for OpenFlow when configured; a missing password, file or bad key material is a ConfigException. */
    static java.util.Optional<io.netty.handler.ssl.SslContext> openflowTls(ControllerConfig config) throws ConfigException {
        if (config.openflowSecurity().tls().isEmpty()) {
            if (!config.openflow().address().startsWith("127.") && !config.openflow().address().equals("localhost")
                    && !config.openflow().address().equals("::1")) {
                LOG.warn("OpenFlow listens on {} over plain TCP: anyone who reaches it can pretend to be a switch "
                        + "(configure openflow.tlsKeystore and openflow.tlsCaCert)", config.openflow().address());
            }
            return java.util.Optional.empty();
        }
        var tls = config.openflowSecurity().tls().get();
        String password = System.getenv(tls.passwordEnv());
        if (password == null) {
            throw new ConfigException("openflow.tlsKeystore is set but the environment variable " + tls.passwordEnv()
                    + " (its password) is not");
        }
        try {
            return java.util.Optional.of(io.microseg.controller.openflow.SwitchTls.serverContext(tls.keystore(),
                    password.toCharArray(), tls.caCert()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static ControllerConfig configure(List<String> args) throws ConfigException {
        Path file = null;
        Path dataDir = null;
        Integer ofPort = null;
        Integer restPort = null;
        int start = !args.isEmpty() && args.get(0).equals("controller") ? 1 : 0;
        for (int i = start; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "-h", "--help" -> throw new HelpRequested();
                case "--config" -> file = Path.of(value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--openflow-port" -> ofPort = portValue(args, ++i, arg);
                case "--rest-port" -> restPort = portValue(args, ++i, arg);
                default -> throw new ConfigException("unknown argument '" + arg + "'");
            }
        }
        Path defaultFile = Path.of("config", "microseg.yaml");
        ControllerConfig config = file != null ? ConfigLoader.load(file)
                : Files.isRegularFile(defaultFile) ? ConfigLoader.load(defaultFile) : ControllerConfig.defaults();
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        if (ofPort != null) {
            config = config.withOpenflowPort(ofPort);
        }
        if (restPort != null) {
            config = config.withRestPort(restPort);
        }
        return config;
    }

    private static String value(List<String> args, int i, String flag) throws ConfigException {
        if (i >= args.size()) {
            throw new ConfigException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int portValue(List<String> args, int i, String flag) throws ConfigException {
        String text = value(args, i, flag);
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new ConfigException(flag + ": expected a port number 0..65535, got '" + text + "'");
        }
    }

    private static void run(ControllerConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry metrics = RestServer.newMeterRegistry();
        SwitchRegistry registry = new SwitchRegistry(config.openflowSecurity().claimProbeTimeout());
        AtomicReference<PolicyEngine> engineRef = new AtomicReference<>();
        ControllerRuntime runtime = new ControllerRuntime(dpid -> engineRef.get().flowsFor(dpid), Meters.ALL, clock);
        PolicyEngine engine = new PolicyEngine(runtime, PolicyModel.empty(), 0,
                Optional.of(new AllocationFile(config.dataDir())), config.dataPlane(),
                Optional.of(new BindingFile(config.dataDir())));
        engineRef.set(engine);
        LinkDiscovery discovery = LinkDiscovery.start(ControllerInstanceId.of(new SecureRandom().nextLong()),
                DiscoverySettings.of(config.discovery().probeInterval(), config.discovery().linkTimeout())
                        .withTrunkPorts(config.discovery().trunkPorts()),
                new ManagedEndpoints() {
                    @Override
                    public boolean isManaged(io.microseg.topology.Attachment host) {
                        return engine.isManaged(host);
                    }

                    @Override
                    public boolean isWorkloadPort(io.microseg.topology.ConnectPoint point) {
                        return engine.isWorkloadPort(point);
                    }
                }, clock);
        discovery.addListener(engine);
        runtime.onReconciled(discovery::probe);
        runtime.auditEvery(config.auditInterval());
        runtime.reconcileWhen(dpid -> engine.readyFor(dpid, Duration.ofMillis(500)), Duration.ofSeconds(10));

        PolicyReports reports = new PolicyReports(config.dataDir(), id -> engine.compiled().decision(id), clock,
                config.reports().maxFileBytes(), config.reports().maxFileAge(), config.reports().keepFiles());
        RelatedPackets related = new RelatedPackets();

        ControllerNetworkStatus status = new ControllerNetworkStatus(runtime, discovery, engine, reports);
        RestConfig restConfig = RestConfig.of(config.dataDir()).withAddress(config.rest().address(), config.rest().port());
        if (config.restTls().isPresent()) {
            var tls = config.restTls().get();
            String password = System.getenv(tls.passwordEnv());
            if (password == null) {
                throw new ConfigException("rest.tlsKeystore is set but the environment variable " + tls.passwordEnv()
                        + " (its password) is not");
            }
            restConfig = restConfig.withTls(new RestConfig.Tls(tls.keystore(), password));
        }
        // the REST writer tells each committed model to the engine (to compile) and to the status (its workloads)
        RestServer rest = RestServer.start(restConfig, (model, revision) -> {
            status.modelCommitted(model.model());
            return engine.modelChanged(model, revision);
        }, status, metrics, clock);
        status.modelCommitted(rest.initialModel().model());
        engine.modelChanged(rest.initialModel(), rest.initialRevision());
        Metrics.register(metrics, runtime, discovery, reports);
        Metrics.register(metrics, related);

        registry.addListener(runtime);
        registry.addListener(discovery);
        registry.addListener(reports);
        registry.addListener(related);
        java.util.Optional<io.netty.handler.ssl.SslContext> openflowTls = openflowTls(config);
        OpenFlowServer server = OpenFlowServer.start(
                new InetSocketAddress(config.openflow().address(), config.openflow().port()), registry,
                new OpenFlowServer.Timing(config.keepalive().interval(), config.keepalive().timeout(), config.requestTimeout()),
                new OpenFlowServer.Limits(config.openflowSecurity().maxConnections(), config.openflowSecurity().maxMultipartBytes()),
                openflowTls);
        status.openflowListening();
        LOG.info("microseg ready: OpenFlow on {}:{}, REST API on {}, data in {}", config.openflow().address(), server.port(),
                rest.uri(), config.dataDir().toAbsolutePath());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("microseg stopping");
            server.close();
            rest.close();
            discovery.close();
            reports.close();
            engine.close();
            runtime.close();
            stopped.countDown();
            LOG.info("microseg stopped");
            Runtime.getRuntime().halt(0); // a stop by SIGTERM/SIGINT is a clean stop: exit code 0, as --help says
        }, "microseg-shutdown"));
        stopped.await();
    }

    /** --help on the command line. */
    static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
