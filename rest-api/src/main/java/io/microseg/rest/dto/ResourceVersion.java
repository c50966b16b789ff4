package io.microseg.rest.dto;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;

/**
 * {@code resourceVersion} on the wire: a string, as in Kubernetes ({@code "resourceVersion":"7"}), so that clients
 * treat it as opaque. A number is still accepted on input ({@code "resourceVersion":7}); anything else (a float, a
 * word, a negative number, an object) is a malformed request. Inside, it stays the store's revision counter.
 */
public final class ResourceVersion {

    private ResourceVersion() {
    }

    /** Writes the revision as a JSON string. */
    public static final class Writer extends StdScalarSerializer<Long> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Long.toString(value));
        }
    }

    /** Reads {@code "7"} or {@code 7}; refuses the rest with a field error. */
    public static final class Reader extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        public Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long value = p.getLongValue();
                if (value < 0) {
                    return (Long) ctxt.handleWeirdNumberValue(Long.class, value, "a resource version is not negative");
                }
                return value;
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (!text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Long.parseLong(text);
                }
                return (Long) ctxt.handleWeirdStringValue(Long.class, text, "a resource version is a string of digits");
            }
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
    }
}
