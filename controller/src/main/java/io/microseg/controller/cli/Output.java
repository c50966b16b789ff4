package io.microseg.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintStream;
import java.util.Locale;

/** The {@code -o} formats: a table (the command's own), or the server's JSON as indented JSON or YAML. */
enum Output {
    TABLE, JSON_FORMAT, YAML_FORMAT;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    static Output parse(CommandLine line) {
        String value = line.value("output").orElse("table").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "table", "wide" -> TABLE;
            case "json" -> JSON_FORMAT;
            case "yaml", "yml" -> YAML_FORMAT;
            default -> throw new UsageException("-o must be json or yaml (or table), not '" + value + "'");
        };
    }

    /** Writes the JSON in this format; false for {@link #TABLE}, which the command renders itself. */
    boolean write(JsonNode body, PrintStream out) {
        try {
            switch (this) {
                case JSON_FORMAT -> out.println(JSON.writeValueAsString(body));
                case YAML_FORMAT -> out.print(YAML.writeValueAsString(body));
                default -> {
                    return false;
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }
}
