package io.microseg.controller.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.microseg.flowrules.compiler.DataPlaneOptions;
import io.microseg.topology.ConnectPoint;
import io.microseg.topology.DatapathId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads config/microseg.yaml. Strict: an unknown key, a wrong type or a value out of range is
 * an error naming the key and what was expected; every key is optional and defaults sanely.
 */
public final class ConfigLoader {
    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("openflow", "rest", "dataDir", "keepalive", "requestTimeoutSeconds", "auditIntervalSeconds",
                    "discovery", "logLevel", "dataPlane", "reports", "jvm"),
            "jvm", Set.of("maxHeapMegabytes"),
            "dataPlane", Set.of("taggedFrames", "conntrackZones"),
            "reports", Set.of("maxFileMegabytes", "maxFileAgeHours", "keepFiles"),
            "discovery", Set.of("probeIntervalSeconds", "linkTimeoutSeconds", "trunkPorts"),
            "openflow", Set.of("address", "port", "maxConnections", "maxMultipartBytes", "claimProbeSeconds",
                    "tlsKeystore", "tlsCaCert", "tlsPasswordEnv"),
            "rest", Set.of("address", "port", "tlsKeystore", "tlsPasswordEnv"),
            "keepalive", Set.of("echoIntervalSeconds", "echoTimeoutSeconds"));
    /** The default of {@code jvm.maxHeapMegabytes}: the heap cap {@code ./microseg controller} gives the JVM. */
    public static final int MAX_HEAP_MEGABYTES = 256;
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private ConfigLoader() {
    }

    public static ControllerConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static ControllerConfig parse(String yaml, String source) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        ControllerConfig d = ControllerConfig.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return d;
        }
        checkKeys(source, "", root);
        JsonNode of = section(source, root, "openflow");
        JsonNode rest = section(source, root, "rest");
        JsonNode keep = section(source, root, "keepalive");
        JsonNode disc = section(source, root, "discovery");
        ControllerConfig.Listen openflow = new ControllerConfig.Listen(
                address(source, of, "openflow.address", d.openflow().address()),
                port(source, of, "openflow.port", d.openflow().port()));
        ControllerConfig.Listen restListen = new ControllerConfig.Listen(
                address(source, rest, "rest.address", d.rest().address()),
                port(source, rest, "rest.port", d.rest().port()));
        Path dataDir = Path.of(text(source, root, "dataDir", "dataDir", d.dataDir().toString()));
        ControllerConfig.Keepalive keepalive = new ControllerConfig.Keepalive(
                seconds(source, keep, "keepalive.echoIntervalSeconds", d.keepalive().interval()),
                seconds(source, keep, "keepalive.echoTimeoutSeconds", d.keepalive().timeout()));
        Duration request = seconds(source, root, "requestTimeoutSeconds", d.requestTimeout());
        Duration audit = seconds(source, root, "auditIntervalSeconds", d.auditInterval());
        ControllerConfig.Discovery discovery = new ControllerConfig.Discovery(
                seconds(source, disc, "discovery.probeIntervalSeconds", d.discovery().probeInterval()),
                seconds(source, disc, "discovery.linkTimeoutSeconds", d.discovery().linkTimeout()),
                trunkPorts(source, disc.get("trunkPorts")));
        if (discovery.linkTimeout().compareTo(discovery.probeInterval().multipliedBy(2)) < 0) {
            throw new ConfigException(source + ": discovery.linkTimeoutSeconds: expected at least twice "
                    + "discovery.probeIntervalSeconds (a link must survive one lost probe), got " + discovery.linkTimeout().toSeconds());
        }
        String level = text(source, root, "logLevel", "logLevel", d.logLevel()).toLowerCase();
        if (!LEVELS.contains(level)) {
            throw new ConfigException(source + ": logLevel: expected one of " + LEVELS + ", got '" + level + "'");
        }
        Optional<ControllerConfig.RestTls> tls = Optional.empty();
        if (rest.has("tlsKeystore")) {
            tls = Optional.of(new ControllerConfig.RestTls(Path.of(text(source, rest, "tlsKeystore", "rest.tlsKeystore", "")),
                    text(source, rest, "tlsPasswordEnv", "rest.tlsPasswordEnv", "MICROSEG_TLS_PASSWORD")));
        } else if (rest.has("tlsPasswordEnv")) {
            throw new ConfigException(source + ": rest.tlsPasswordEnv: set only with rest.tlsKeystore");
        }
        // read by the ./microseg launcher (the JVM's -Xmx); checked here so that a bad value stops the controller too
        count(source, section(source, root, "jvm"), "jvm.maxHeapMegabytes", MAX_HEAP_MEGABYTES, 64, 1 << 20);
        DataPlaneOptions dataPlane = dataPlane(source, section(source, root, "dataPlane"));
        ControllerConfig.Reports reports = reports(source, section(source, root, "reports"), d.reports());
        return new ControllerConfig(openflow, restListen, dataDir, keepalive, request, audit, discovery, level, tls,
                dataPlane, reports, openflowSecurity(source, of, d.openflowSecurity()));
    }

    private static DataPlaneOptions dataPlane(String source, JsonNode node) throws ConfigException {
        String tagged = text(source, node, "taggedFrames", "dataPlane.taggedFrames", "drop");
        if (!tagged.equals("drop") && !tagged.equals("allow")) {
            throw new ConfigException(source + ": dataPlane.taggedFrames: expected drop or allow, got '" + tagged + "'");
        }
        JsonNode zones = node.get("conntrackZones");
        Map<DatapathId, Integer> pinned = new TreeMap<>();
        if (zones != null && !zones.isNull()) {
            if (!zones.isObject()) {
                throw new ConfigException(source + ": dataPlane.conntrackZones: expected a mapping of datapath id to"
                        + " zone (1..65535), got " + zones);
            }
            Map<Integer, String> owners = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = zones.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = "dataPlane.conntrackZones." + entry.getKey();
                DatapathId dpid;
                try {
                    dpid = DatapathId.parse(entry.getKey());
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source + ": " + key + ": " + e.getMessage());
                }
                JsonNode value = entry.getValue();
                if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 65535) {
                    throw new ConfigException(source + ": " + key + ": expected a conntrack zone 1..65535, got " + value);
                }
                if (pinned.containsKey(dpid)) {
                    throw new ConfigException(source + ": " + key + ": switch " + dpid + " is pinned twice");
                }
                String other = owners.putIfAbsent(value.asInt(), entry.getKey());
                if (other != null) {
                    throw new ConfigException(source + ": " + key + ": zone " + value.asInt() + " is already pinned for "
                            + other + " (switches sharing a zone see each other's connections as established)");
                }
                pinned.put(dpid, value.asInt());
            }
        }
        return new DataPlaneOptions(tagged.equals("drop"), pinned);
    }

    private static ControllerConfig.Reports reports(String source, JsonNode node, ControllerConfig.Reports d)
            throws ConfigException {
        long bytes = d.maxFileBytes();
        JsonNode size = node.get("maxFileMegabytes");
        if (size != null && !size.isNull()) {
            if (!size.isNumber() || size.asDouble() < 0.001 || size.asDouble() > 1_048_576) {
                throw new ConfigException(source + ": reports.maxFileMegabytes: expected a number of MiB > 0 and"
                        + " <= 1048576, got " + size);
            }
            bytes = Math.round(size.asDouble() * (1 << 20));
        }
        Duration age = d.maxFileAge();
        JsonNode hours = node.get("maxFileAgeHours");
        if (hours != null && !hours.isNull()) {
            if (!hours.isNumber() || hours.asDouble() <= 0 || hours.asDouble() > 24 * 366) {
                throw new ConfigException(source + ": reports.maxFileAgeHours: expected a number of hours > 0 and"
                        + " <= 8784, got " + hours);
            }
            age = Duration.ofSeconds(Math.max(1, Math.round(hours.asDouble() * 3600)));
        }
        int keep = d.keepFiles();
        JsonNode files = node.get("keepFiles");
        if (files != null && !files.isNull()) {
            if (!files.isIntegralNumber() || !files.canConvertToInt() || files.asInt() < 1 || files.asInt() > 10_000) {
                throw new ConfigException(source + ": reports.keepFiles: expected a whole number 1..10000, got " + files);
            }
            keep = files.asInt();
        }
        return new ControllerConfig.Reports(bytes, age, keep);
    }

    private static ControllerConfig.OpenFlowSecurity openflowSecurity(String source, JsonNode of,
                                                                       ControllerConfig.OpenFlowSecurity d) throws ConfigException {
        long maxConnections = count(source, of, "openflow.maxConnections", d.maxConnections(), 1, 1_000_000);
        long maxMultipart = count(source, of, "openflow.maxMultipartBytes", d.maxMultipartBytes(), 65_536, 1L << 40);
        Duration probe = seconds(source, of, "openflow.claimProbeSeconds", d.claimProbeTimeout());
        Optional<ControllerConfig.OpenFlowTls> tls = Optional.empty();
        if (of.has("tlsKeystore") || of.has("tlsCaCert")) {
            if (!of.has("tlsKeystore") || !of.has("tlsCaCert")) {
                throw new ConfigException(source + ": openflow.tlsKeystore and openflow.tlsCaCert: set both (the controller's "
                        + "PKCS12 keystore and the PEM CA certificate that signed the switches' certificates) or neither");
            }
            tls = Optional.of(new ControllerConfig.OpenFlowTls(
                    Path.of(text(source, of, "tlsKeystore", "openflow.tlsKeystore", "")),
                    Path.of(text(source, of, "tlsCaCert", "openflow.tlsCaCert", "")),
                    text(source, of, "tlsPasswordEnv", "openflow.tlsPasswordEnv", "MICROSEG_OPENFLOW_TLS_PASSWORD")));
        } else if (of.has("tlsPasswordEnv")) {
            throw new ConfigException(source + ": openflow.tlsPasswordEnv: set only with openflow.tlsKeystore");
        }
        return new ControllerConfig.OpenFlowSecurity((int) maxConnections, maxMultipart, probe, tls);
    }

    private static long count(String source, JsonNode node, String key, long fallback, long min, long max) throws ConfigException {
        JsonNode value = node.get(leaf(key));
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw new ConfigException(source + ": " + key + ": expected a whole number " + min + ".." + max + ", got " + value);
        }
        return value.asLong();
    }

    private static void checkKeys(String source, String path, JsonNode node) throws ConfigException {
        Set<String> allowed = KEYS.get(path);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(source + ": unknown key '" + (path.isEmpty() ? name : path + "." + name)
                        + "' (expected one of " + allowed.stream().sorted().toList() + ")");
            }
            if (KEYS.containsKey(name) && path.isEmpty()) {
                JsonNode child = node.get(name);
                if (!child.isObject()) {
                    throw new ConfigException(source + ": " + name + ": expected a mapping of " + KEYS.get(name).stream().sorted().toList());
                }
                checkKeys(source, name, child);
            }
        }
        if (!node.isObject()) {
            throw new ConfigException(source + ": expected a mapping at the top level");
        }
    }

    /** {@code discovery.trunkPorts}: a list of "dpid/port" strings (dpid in any DatapathId form); absent or null: none. */
    private static Set<ConnectPoint> trunkPorts(String source, JsonNode node) throws ConfigException {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw new ConfigException(source + ": discovery.trunkPorts: expected a list of \"<dpid>/<port>\", got " + node);
        }
        Set<ConnectPoint> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = "discovery.trunkPorts[" + i + "]";
            if (!item.isTextual()) {
                throw new ConfigException(source + ": " + key + ": expected \"<dpid>/<port>\", got " + item);
            }
            ConnectPoint point;
            try {
                point = ConnectPoint.parse(item.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": " + key + ": expected \"<dpid>/<port>\" (e.g. \"00:00:00:00:00:00:00:01/20\"): "
                        + e.getMessage());
            }
            if (!point.port().isPhysical()) {
                throw new ConfigException(source + ": " + key + ": port " + point.port() + " is not a physical port");
            }
            if (!out.add(point)) {
                throw new ConfigException(source + ": " + key + ": " + item.asText() + " is listed twice");
            }
        }
        return Set.copyOf(out);
    }

    private static JsonNode section(String source, JsonNode root, String name) {
        // checkKeys has made sure a present section is a mapping.
        JsonNode node = root.get(name);
        return node == null ? new ObjectMapper().createObjectNode() : node;
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String text(String source, JsonNode node, String field, String key, String fallback) throws ConfigException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(source + ": " + key + ": expected a non-empty string, got " + value);
        }
        return value.asText();
    }

    private static String address(String source, JsonNode node, String key, String fallback) throws ConfigException {
        String text = text(source, node, leaf(key), key, fallback);
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+|localhost")) {
            throw new ConfigException(source + ": " + key + ": expected an IP address to listen on, got '" + text + "'");
        }
        try {
            InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ConfigException(source + ": " + key + ": expected an IP address to listen on, got '" + text + "'");
        }
        return text;
    }

    private static int port(String source, JsonNode node, String key, int fallback) throws ConfigException {
        JsonNode value = node.get(leaf(key));
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0 || value.asInt() > 65535) {
            throw new ConfigException(source + ": " + key + ": expected a port number 0..65535 (0 = any free port), got " + value);
        }
        return value.asInt();
    }

    private static Duration seconds(String source, JsonNode node, String key, Duration fallback) throws ConfigException {
        JsonNode value = node.get(leaf(key));
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 86_400) {
            throw new ConfigException(source + ": " + key + ": expected a number of seconds > 0 and <= 86400, got " + value);
        }
        return Duration.ofMillis(Math.round(value.asDouble() * 1000));
    }
}
