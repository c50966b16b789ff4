package io.microseg.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microseg.rest.dto.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fuzzes the REST API from its own OpenAPI document: for every operation the document lists (whatever it lists
 * when this runs), seeded random requests that are each wrong in at least one way the document or HTTP makes
 * certain (a field of the wrong type, an unknown field, nesting thousands deep, a body over the size limit, a
 * body that is no JSON or YAML or the wrong media type, a query parameter of the wrong type or out of range,
 * a name no object can have, no token), with unicode, huge strings and huge numbers sprinkled over the rest.
 * Every answer must be a 4xx in application/problem+json, never a 5xx, and the store must be byte for byte the
 * same afterwards. {@code -Dmicroseg.fuzz.rest.requests=N} sets requests per operation (default 60; 3 where only the token can be
 * wrong).
 */
class OpenApiFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(OpenApiFuzzTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final String[] UNICODE = {"ünïcødé", "😀🚀", "\u202Eevil", "a\u0000b", "\uD800", "中文名", "e\u0301",
            "\u200B", "\\u0000", "'; DROP TABLE objects;--", "${jndi:ldap://x}", "../../etc/passwd", "%s%n", "<script>"};

    private static ServerFixture fixture;
    private static Map<String, JsonNode> schemas;

    @BeforeAll
    static void start() throws IOException {
        fixture = new ServerFixture(Files.createTempDirectory("microseg-fuzz"));
        Api api = fixture.admin;
        expect(api.put("/api/v1/namespaces/seed", Api.json("{'labels':{'env':'prod'}}")), 201);
        expect(api.put("/api/v1/segments/seed", Api.json("{'ipBlocks':[{'cidr':'10.0.0.0/8'}]}")), 201);
        expect(api.put("/api/v1/workloads/seed/w1", Api.json("{'labels':{'app':'web'},'ips':['10.0.0.1']}")), 201);
        expect(api.put("/api/v1/policies/seed", Api.json(
                "{'appliedTo':{'workloadSelector':{'matchLabels':{'app':'web'}}},'ingress':[{'action':'allow','from':[{'segment':'seed'}]}]}")), 201);
    }

    private static void expect(Api.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("seeding the store failed: " + reply);
        }
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyOperationRefusesBadInputWithA4xxProblemAndLeavesTheStoreAlone() throws Exception {
        JsonNode document;
        try (InputStream in = OpenApiFuzzTest.class.getResourceAsStream("/io/microseg/rest/openapi.json")) {
            document = JSON.readTree(in);
        }
        schemas = new TreeMap<>();
        document.path("components").path("schemas").properties().forEach(e -> schemas.put(e.getKey(), e.getValue()));
        int perOperation = Integer.getInteger("microseg.fuzz.rest.requests", 60);
        String before = storeDump();

        List<String> failures = new ArrayList<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byWay = new TreeMap<>();
        int operations = 0;
        int requests = 0;
        List<String> noInput = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                Operation op = new Operation(method.toUpperCase(), path.getKey(), operation);
                if (!op.hasInput()) {
                    noInput.add(op.method + " " + op.path);
                    continue;
                }
                operations++;
                Random random = new Random(0x5eedL ^ (op.method + op.path).hashCode());
                int count = op.onlyToken() ? Math.min(3, perOperation) : perOperation;
                for (int i = 0; i < count; i++) {
                    Request request = op.badRequest(random);
                    Api.Reply reply = fixture.admin.send(request.build(fixture.server.uri()));
                    requests++;
                    byStatus.merge(reply.status() + "", 1, Integer::sum);
                    byWay.merge(request.why(), 1, Integer::sum);
                    boolean problem = reply.contentType().startsWith("application/problem+json");
                    if (reply.status() < 400 || reply.status() >= 500 || !problem) {
                        failures.add(reply.status() + " " + reply.contentType() + " for " + request + " -> "
                                + abbreviate(reply.body()));
                    }
                }
            }
        }
        String after = storeDump();
        LOG.info("OpenAPI fuzz: {} requests over {} operations, statuses {}; {} failures; not fuzzable (no input, "
                + "public): {}", requests, operations, byStatus, failures.size(), noInput);
        System.out.printf("OpenAPI fuzz: %d requests over %d operations, statuses %s, faults %s, %d failures%n",
                requests, operations, byStatus, byWay, failures.size());

        assertThat(operations).isGreaterThanOrEqualTo(30);
        assertThat(failures).as("requests not answered with a 4xx problem").isEmpty();
        assertThat(after).as("the store after the fuzzing").isEqualTo(before);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Every table of the store, every row, in a fixed order. */
    private static String storeDump() throws SQLException {
        StringBuilder dump = new StringBuilder();
        String url = "jdbc:sqlite:" + fixture.dataDir.resolve("microseg.db");
        try (Connection db = DriverManager.getConnection(url); Statement statement = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                dump.append("== ").append(table).append('\n');
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= columns; c++) {
                            dump.append(rs.getString(c)).append('|');
                        }
                        dump.append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    /** One request: method, path with query, headers, body bytes, and what makes it wrong. */
    record Request(String method, String pathAndQuery, String contentType, byte[] body, boolean token, String why) {
        HttpRequest.Builder build(URI base) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(60));
            builder.header("Authorization", "Bearer " + (token ? ServerFixture.ADMIN : "not-a-token"));
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            return builder.method(method, publisher);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return method + " " + (pathAndQuery.length() > 200 ? pathAndQuery.substring(0, 200) + "..." : pathAndQuery)
                    + " [" + why + "] " + (contentType == null ? "" : contentType + " ") + shown;
        }
    }

    /** An operation of the document, and how to make a request to it wrong. */
    static final class Operation {
        final String method;
        final String path;
        final boolean secured;
        final List<JsonNode> pathParams = new ArrayList<>();
        final List<JsonNode> queryParams = new ArrayList<>();
        final JsonNode bodySchema;

        Operation(String method, String path, JsonNode operation) {
            this.method = method;
            this.path = path;
            JsonNode security = operation.path("security");
            this.secured = !(security.isArray() && security.isEmpty());
            for (JsonNode parameter : operation.path("parameters")) {
                (parameter.path("in").asText().equals("path") ? pathParams : queryParams).add(parameter);
            }
            JsonNode content = operation.path("requestBody").path("content").path("application/json");
            this.bodySchema = content.isMissingNode() ? null : resolve(content.path("schema"));
        }

        /** Nothing to get wrong but the token: a few requests say all there is to say. */
        boolean onlyToken() {
            return pathParams.isEmpty() && queryParams.stream().noneMatch(Operation::typed) && bodySchema == null;
        }

        boolean hasInput() {
            return secured || !pathParams.isEmpty() || queryParams.stream().anyMatch(Operation::typed) || bodySchema != null;
        }

        /** A query parameter whose wrong values the document makes certain. */
        static boolean typed(JsonNode parameter) {
            JsonNode schema = parameter.path("schema");
            return !schema.path("type").asText("string").equals("string") || schema.has("enum") || schema.has("pattern");
        }

        Request badRequest(Random random) {
            List<String> ways = new ArrayList<>();
            if (secured) {
                ways.add("token");
            }
            if (!pathParams.isEmpty()) {
                ways.add("path");
            }
            if (queryParams.stream().anyMatch(Operation::typed)) {
                ways.add("query");
            }
            if (bodySchema != null) {
                for (String way : List.of("type", "unknown", "nesting", "huge", "garbage", "media", "type", "unknown")) {
                    ways.add(way);
                }
            }
            String way = ways.get(random.nextInt(ways.size()));
            String pathValue = fillPath(random, way.equals("path"));
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : queryParams) {
                if (way.equals("query") && typed(parameter) && random.nextBoolean() || way.equals("query") && query.isEmpty()
                        && parameter == queryParams.stream().filter(Operation::typed).reduce((a, b) -> b).orElse(null)) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asText()).append('=')
                            .append(encode(wrongQueryValue(parameter.path("schema"), random)));
                } else if (random.nextInt(4) == 0 && !way.equals("query")) {
                    String value = parameter.path("schema").path("type").asText().equals("boolean") ? "true" : "1";
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asText()).append('=').append(value);
                }
            }
            String contentType = bodySchema == null ? null : pick(random, "application/json", "application/json",
                    "application/yaml");
            byte[] body = null;
            if (bodySchema != null) {
                JsonNode value = generate(bodySchema, random, 0);
                switch (way) {
                    case "type" -> value = mutate(value, bodySchema, random, Mutation.TYPE);
                    case "unknown" -> value = mutate(value, bodySchema, random, Mutation.UNKNOWN);
                    case "nesting" -> value = mutate(value, bodySchema, random, Mutation.NESTING);
                    default -> { }
                }
                sprinkle(value, random);
                body = bytes(value, contentType);
                if (way.equals("nesting")) {
                    String deep = deep(random);
                    body = new String(body, StandardCharsets.UTF_8).replace("\"" + DEEP + "\"", deep).replace(DEEP, deep)
                            .getBytes(StandardCharsets.UTF_8);
                }
                switch (way) {
                    case "huge" -> body = huge(random, contentType);
                    case "garbage" -> {
                        String[] garbage = {"{", "{\"a\":", "[1,2", "\"unterminated", "{\"a\":1}}", "{\"a\":1,\"a\":1}",
                                "nul", "\u00ff\u00fe", "a: [\n", "a: &x [*x]\n", "- !!java.io.File /\n", "{a: b}: c\n",
                                "\t- x\n  y: z\n"};
                        body = pick(random, garbage).getBytes(StandardCharsets.UTF_8);
                        if (random.nextInt(5) == 0) {
                            body = new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, '{'};
                        }
                    }
                    case "media" -> contentType = pick(random, "text/plain", "application/xml", "application/octet-stream",
                            "multipart/form-data; boundary=x", "application/json; charset=ebcdic", "image/png",
                            "application/json; charset=utf-16", "json", "application/json; charset", ";;", "a/b/c");
                    default -> { }
                }
            }
            return new Request(method, pathValue + query, contentType, body, !way.equals("token"), way);
        }

        private String fillPath(Random random, boolean bad) {
            String filled = path;
            List<JsonNode> params = new ArrayList<>(pathParams);
            JsonNode spoiled = bad ? params.get(random.nextInt(params.size())) : null;
            for (JsonNode parameter : params) {
                String name = parameter.path("name").asText();
                String value;
                if (parameter == spoiled) {
                    value = pick(random, "ünï☃", "😀", "a".repeat(300), "-bad-", "UPPER", "a.b.", "sp ace", "%25",
                            "a_b", "0x", "%3Cx%3E", "x".repeat(64) + "y");
                } else {
                    value = name.equals("dpid") ? "1" : name.equals("namespace") ? "seed" : pick(random, "seed", "fz-new");
                }
                filled = filled.replace("{" + name + "}", value.contains("%") ? value : encode(value));
            }
            return filled;
        }

        private static String wrongQueryValue(JsonNode schema, Random random) {
            String type = schema.path("type").asText("string");
            return switch (type) {
                case "boolean" -> pick(random, "maybe", "2", "yes please", "ünï", "TRUE1"); // "" means absent
                case "integer", "number" -> {
                    List<String> values = new ArrayList<>(List.of("x", "1.5", "1e99", "99999999999999999999999", "0x10",
                            "ünï", " "));
                    if (schema.has("minimum")) {
                        values.add(Long.toString(schema.path("minimum").asLong() - 1));
                    }
                    if (schema.has("maximum")) {
                        values.add(Long.toString(schema.path("maximum").asLong() + 1));
                    }
                    yield values.get(random.nextInt(values.size()));
                }
                default -> pick(random, "abc", "-1", "ünï", "1.0", "1 2", "😀");
            };
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    enum Mutation { TYPE, UNKNOWN, NESTING }

    /** Stands for a value nested thousands deep, put in after writing (a mapper refuses to write such depth). */
    private static final String DEEP = "DEEPNESTINGMARKER";

    private static String deep(Random random) {
        int depth = pick(random, 2000, 5000, 20000);
        StringBuilder text = new StringBuilder(depth * 6);
        boolean arrays = random.nextBoolean();
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? "[" : "{\"n\":");
        }
        text.append('1');
        for (int i = 0; i < depth; i++) {
            text.append(arrays ? ']' : '}');
        }
        return text.toString();
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            String ref = current.path("$ref").asText();
            current = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (current.has("oneOf")) {
            return resolve(current.path("oneOf").get(0));
        }
        return current;
    }

    private static String type(JsonNode schema) {
        if (schema.has("enum")) {
            return "enum";
        }
        if (schema.has("type")) {
            return schema.path("type").asText();
        }
        return schema.has("properties") || schema.has("additionalProperties") ? "object" : "any";
    }

    /** A plausible value of the schema (not necessarily valid: the mutation makes the request wrong). */
    private static JsonNode generate(JsonNode raw, Random random, int depth) {
        JsonNode schema = resolve(raw);
        var nodes = JSON.getNodeFactory();
        switch (type(schema)) {
            case "object" -> {
                var object = nodes.objectNode();
                if (depth > 4) {
                    return object;
                }
                schema.path("properties").properties().forEach(property -> {
                    if (!property.getKey().equals("resourceVersion") && random.nextInt(4) != 0) {
                        object.set(property.getKey(), generate(property.getValue(), random, depth + 1));
                    }
                });
                if (schema.path("additionalProperties").isObject() && random.nextBoolean()) {
                    object.set("app", generate(schema.path("additionalProperties"), random, depth + 1));
                }
                return object;
            }
            case "array" -> {
                var array = nodes.arrayNode();
                int n = depth > 4 ? 0 : random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    array.add(generate(schema.path("items"), random, depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                return nodes.numberNode(pick(random, 1, 80, 443, 0, 65535));
            }
            case "boolean" -> {
                return nodes.booleanNode(random.nextBoolean());
            }
            case "string", "enum" -> {
                if (schema.has("enum")) {
                    JsonNode values = schema.path("enum");
                    return values.get(random.nextInt(values.size()));
                }
                return nodes.textNode(pick(random, "web", "10.0.0.0/8", "TCP", "seed", "10.0.0.1", "allow"));
            }
            default -> {
                return nodes.textNode("x");
            }
        }
    }

    /** The value with one certain fault at a random place that the schema types. */
    private static JsonNode mutate(JsonNode value, JsonNode schema, Random random, Mutation mutation) {
        List<Slot> slots = new ArrayList<>();
        collect(value, resolve(schema), slots);
        var nodes = JSON.getNodeFactory();
        Slot slot = slots.isEmpty() ? null : slots.get(random.nextInt(slots.size()));
        switch (mutation) {
            case UNKNOWN -> {
                List<ObjectNode> objects = new ArrayList<>();
                collectClosedObjects(value, resolve(schema), objects);
                if (objects.isEmpty()) {
                    return wrongType(value, "object", random);
                }
                objects.get(random.nextInt(objects.size())).put(pick(random, UNICODE) + "Unknown" + random.nextInt(99),
                        pick(random, UNICODE));
                return value;
            }
            case NESTING -> {
                JsonNode marker = nodes.textNode(DEEP);
                return slot == null ? marker : slot.set(marker, value);
            }
            default -> {
                if (slot == null) {
                    return wrongType(value, type(resolve(schema)), random);
                }
                return slot.set(wrongType(slot.current(), slot.type(), random), value);
            }
        }
    }

    /** A value that is certainly not of the type. */
    private static JsonNode wrongType(JsonNode current, String type, Random random) {
        var nodes = JSON.getNodeFactory();
        List<JsonNode> candidates = new ArrayList<>(List.of(nodes.textNode(pick(random, UNICODE)),
                nodes.numberNode(pick(random, Long.MAX_VALUE, -1L, 0L)), nodes.numberNode(1.5e308),
                nodes.booleanNode(true), nodes.arrayNode().add(pick(random, UNICODE)),
                nodes.objectNode().put(pick(random, UNICODE), 1), nodes.numberNode(new BigInteger("9".repeat(400)))));
        candidates.removeIf(node -> switch (type) {
            case "enum" -> false;
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "array" -> node.isArray();
            case "object" -> node.isObject();
            default -> true;
        });
        return candidates.isEmpty() ? current : candidates.get(random.nextInt(candidates.size()));
    }

    /** A place in the generated value whose type the schema states. */
    record Slot(JsonNode parent, String field, int index, String type, JsonNode current) {
        JsonNode set(JsonNode replacement, JsonNode root) {
            if (parent instanceof ObjectNode object) {
                object.set(field, replacement);
            } else {
                ((ArrayNode) parent).set(index, replacement);
            }
            return root;
        }
    }

    private static void collect(JsonNode value, JsonNode schema, List<Slot> slots) {
        if (value.isObject()) {
            schema.path("properties").properties().forEach(property -> {
                JsonNode child = value.get(property.getKey());
                JsonNode childSchema = resolve(property.getValue());
                String type = type(childSchema);
                boolean oneOf = property.getValue().has("oneOf");
                if (!type.equals("any") && !oneOf) {
                    slots.add(new Slot(value, property.getKey(), -1, type, child == null ? JSON.nullNode() : child));
                }
                if (child != null) {
                    collect(child, childSchema, slots);
                }
            });
        } else if (value.isArray()) {
            JsonNode items = resolve(schema.path("items"));
            for (int i = 0; i < value.size(); i++) {
                String type = type(items);
                if (!type.equals("any") && !schema.path("items").has("oneOf")) {
                    slots.add(new Slot(value, null, i, type, value.get(i)));
                }
                collect(value.get(i), items, slots);
            }
        }
    }

    /** Objects whose properties the schema lists and that take no others. */
    private static void collectClosedObjects(JsonNode value, JsonNode schema, List<ObjectNode> objects) {
        if (value instanceof ObjectNode object) {
            if (schema.has("properties") && !schema.has("additionalProperties")) {
                objects.add(object);
            }
            schema.path("properties").properties().forEach(property -> {
                JsonNode child = value.get(property.getKey());
                if (child != null) {
                    collectClosedObjects(child, resolve(property.getValue()), objects);
                }
            });
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                collectClosedObjects(item, resolve(schema.path("items")), objects);
            }
        }
    }

    /** Unicode, long strings and extreme numbers over the values that stay (they may or may not be valid). */
    private static void sprinkle(JsonNode value, Random random) {
        if (value instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (child.isTextual() && random.nextInt(3) == 0) {
                    object.put(name, random.nextBoolean() ? pick(random, UNICODE) : "x".repeat(pick(random, 300, 5000, 70000)));
                } else if (child.isIntegralNumber() && random.nextInt(3) == 0) {
                    object.put(name, pick(random, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1, -1L));
                } else {
                    sprinkle(child, random);
                }
            }
        } else if (value.isArray()) {
            value.forEach(item -> sprinkle(item, random));
        }
    }

    private static byte[] bytes(JsonNode value, String contentType) {
        try {
            if (contentType.contains("yaml")) {
                return Json.yaml().writeValueAsBytes(value);
            }
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A body over the server's limit (1 MiB unless configured), JSON or YAML. */
    private static byte[] huge(Random random, String contentType) {
        String big = pick(random, "x", "ü", "😀").repeat(1_200_000);
        String text = contentType.contains("yaml") ? "name: " + big + "\n" : "{\"name\":\"" + big + "\"}";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }
}
