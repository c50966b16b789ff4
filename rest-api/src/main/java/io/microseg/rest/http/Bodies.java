package io.microseg.rest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.microseg.rest.dto.Json;
import io.microseg.rest.model.FieldError;
import io.microseg.rest.model.Rejection;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies: at most {@code limit} bytes (413 beyond), JSON or YAML by content type, into a DTO with the
 * strict mappers of {@link Json}. What cannot be read as the DTO's shape (syntax, unknown fields, wrong types) is
 * a 400 naming the field; values are checked later (422).
 */
public final class Bodies {

    public static final List<String> YAML_TYPES =
            List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml");

    private final int limit;

    public Bodies(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    public static boolean isYaml(MediaType type) {
        return type != null && YAML_TYPES.contains(type.getType() + "/" + type.getSubtype());
    }

    /** The bytes of a body, refused if larger than the limit. */
    public byte[] bytes(InputStream body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                out.write(buffer, 0, read);
                if (out.size() > limit) {
                    throw new Rejection(Rejection.Cause.TOO_LARGE, "the body exceeds " + limit + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    public <T> T read(InputStream body, MediaType type, Class<T> dtoClass) {
        return parse(bytes(body), type, dtoClass);
    }

    public static <T> T parse(byte[] bytes, MediaType type, Class<T> dtoClass) {
        if (isBlank(bytes)) {
            throw new Rejection(Rejection.Cause.MALFORMED, "the body is empty",
                    List.of(new FieldError("", "", "a body is required")));
        }
        ObjectMapper mapper = isYaml(type) ? Json.yaml() : Json.json();
        try {
            T value = mapper.readValue(bytes, dtoClass);
            if (value == null) {
                throw new Rejection(Rejection.Cause.MALFORMED, "the body is null",
                        List.of(new FieldError("", "", "an object is required")));
            }
            return value;
        } catch (IOException e) {
            throw malformed(e, isYaml(type) ? "YAML" : "JSON");
        }
    }

    public static Rejection malformed(IOException e, String format) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Rejection(Rejection.Cause.MALFORMED, "unknown field '" + unknown.getPropertyName() + "'",
                    List.of(new FieldError("", path(unknown), "unknown field; known fields: "
                            + unknown.getKnownPropertyIds())));
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            DatabindException mismatch = (DatabindException) e;
            String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? describe(m.getTargetType()) : "another type";
            return new Rejection(Rejection.Cause.MALFORMED, "wrong type at '" + path((JsonMappingException) mismatch) + "'",
                    List.of(new FieldError("", path((JsonMappingException) mismatch), "expected " + expected)));
        }
        if (e instanceof JsonMappingException mapping) {
            return new Rejection(Rejection.Cause.MALFORMED, "cannot read the body as the expected object",
                    List.of(new FieldError("", path(mapping), mapping.getOriginalMessage())));
        }
        if (e instanceof StreamReadException read) {
            String where = read.getLocation() == null ? ""
                    : " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr();
            return new Rejection(Rejection.Cause.MALFORMED, "malformed " + format + where + ": " + read.getOriginalMessage());
        }
        if (e instanceof JsonProcessingException processing) {
            return new Rejection(Rejection.Cause.MALFORMED, "malformed " + format + ": " + processing.getOriginalMessage());
        }
        return new Rejection(Rejection.Cause.MALFORMED, "cannot read the body: " + e.getMessage());
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return type.getSimpleName();
    }

    /** {@code ingress[0].ports[1].port} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }
}
