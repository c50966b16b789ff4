package io.microseg.controller.config;

import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.topology.ConnectPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Everything the daemon is configured with; see config/microseg.yaml for the documented file. */
public record ControllerConfig(Listen openflow, Listen rest, Path dataDir, Keepalive keepalive,
                               Duration requestTimeout, Duration auditInterval, Discovery discovery, String logLevel,
                               Optional<RestTls> restTls, DataPlaneOptions dataPlane, Reports reports,
                               OpenFlowSecurity openflowSecurity) {

    public ControllerConfig(Listen openflow, Listen rest, Path dataDir, Keepalive keepalive, Duration requestTimeout,
                            Duration auditInterval, Discovery discovery, String logLevel, Optional<RestTls> restTls,
                            DataPlaneOptions dataPlane, Reports reports) {
        this(openflow, rest, dataDir, keepalive, requestTimeout, auditInterval, discovery, logLevel, restTls, dataPlane, reports,
                OpenFlowSecurity.defaults());
    }

    /**
     * Who may be a switch and what one peer may cost: at most {@code maxConnections} OpenFlow
     * connections, {@code maxMultipartBytes} of unfinished multipart replies per connection; a
     * connection claiming a connected dpid waits {@code claimProbeTimeout} for the connected
     * session's echo reply; {@code tls} (mutual TLS, switches authenticated by certificate) when set.
     */
    public record OpenFlowSecurity(int maxConnections, long maxMultipartBytes, Duration claimProbeTimeout,
                                   Optional<OpenFlowTls> tls) {
        public static OpenFlowSecurity defaults() {
            return new OpenFlowSecurity(1024, 64L << 20, Duration.ofSeconds(3), Optional.empty());
        }
    }

    /**
     * OpenFlow over TLS: the controller's key and certificate in a PKCS12 keystore (password from the
     * environment variable {@code passwordEnv}), switch certificates verified against the PEM CA
     * certificate {@code caCert}; a switch's certificate must name its dpid.
     */
    public record OpenFlowTls(Path keystore, Path caCert, String passwordEnv) {
    }

    /** HTTPS for the REST API: a PKCS12 keystore, its password read from an environment variable (never the file). */
    public record RestTls(Path keystore, String passwordEnv) {
    }

    public ControllerConfig(Listen openflow, Listen rest, Path dataDir, Keepalive keepalive, Duration requestTimeout,
                            Duration auditInterval, Discovery discovery, String logLevel) {
        this(openflow, rest, dataDir, keepalive, requestTimeout, auditInterval, discovery, logLevel, Optional.empty(),
                DataPlaneOptions.DEFAULTS, Reports.DEFAULTS);
    }

    /**
     * How {@code reports.jsonl} is kept: rotated when it reaches {@code maxFileBytes} or gets older than
     * {@code maxFileAge}, at most {@code keepFiles} rotated files (the oldest is deleted). The defaults keep a day of
     * one switch's reports at the metered maximum (meters 1 and 2: 300 reports/s of about 300 bytes = 7.8 GB/day) in
     * at most 32 x 256 MiB = 8 GiB. Unknown-host punts are metered per port (50/s each), so many noisy ports at once
     * rotate sooner; the 8 GiB bound holds whatever the rate.
     */
    public record Reports(long maxFileBytes, Duration maxFileAge, int keepFiles) {
        public static final Reports DEFAULTS = new Reports(256L << 20, Duration.ofHours(24), 31);
    }

    /** An address and port to listen on. */
    public record Listen(String address, int port) {
    }

    /** ECHO_REQUEST after {@code interval} of silence; disconnect after {@code timeout} more. */
    public record Keepalive(Duration interval, Duration timeout) {
    }

    /** LLDP probes every {@code probeInterval}; a link not seen for {@code linkTimeout} is gone. */
    /**
     * @param trunkPorts when not empty, the only ports that may become trunks (link ends, trusted by the pipeline);
     *                   empty (the default): discovered, except where a workload is registered, bound or seen
     */
    public record Discovery(Duration probeInterval, Duration linkTimeout, Set<ConnectPoint> trunkPorts) {
        public Discovery {
            trunkPorts = Set.copyOf(trunkPorts);
        }

        public Discovery(Duration probeInterval, Duration linkTimeout) {
            this(probeInterval, linkTimeout, Set.of());
        }
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(new Listen("127.0.0.1", 6653), new Listen("127.0.0.1", 8181), Path.of("data"),
                new Keepalive(Duration.ofSeconds(5), Duration.ofSeconds(15)), Duration.ofSeconds(30), Duration.ofSeconds(60),
                new Discovery(Duration.ofSeconds(5), Duration.ofSeconds(16)), "info");
    }

    public ControllerConfig withDataDir(Path dir) {
        return new ControllerConfig(openflow, rest, dir, keepalive, requestTimeout, auditInterval, discovery, logLevel, restTls, dataPlane, reports, openflowSecurity);
    }

    public ControllerConfig withOpenflowPort(int port) {
        return new ControllerConfig(new Listen(openflow.address(), port), rest, dataDir, keepalive, requestTimeout,
                auditInterval, discovery, logLevel, restTls, dataPlane, reports, openflowSecurity);
    }

    public ControllerConfig withRestPort(int port) {
        return new ControllerConfig(openflow, new Listen(rest.address(), port), dataDir, keepalive, requestTimeout,
                auditInterval, discovery, logLevel, restTls, dataPlane, reports, openflowSecurity);
    }
}
