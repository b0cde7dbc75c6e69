package io.drift.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import io.drift.Payload;
import io.drift.server.PayloadProtos;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Payloads as the command line reads and prints them: JSON text (an option's value, a field of a
 * JSON line) checked as a {@link Payload} and turned into the {@code google.protobuf.Struct} the
 * service takes, and Structs of answers as compact JSON or as maps for JSON output. Integers that
 * fit 64 bits are integers, other numbers floats; a bad value is refused naming its path, as in
 * {@code payload.tags[2]}.
 */
final class JsonPayloads {

    /** Reads one JSON value per text; trailing content is an error. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonPayloads() {}

    /**
     * The payload in {@code json}, which must be a JSON object.
     *
     * @throws IllegalArgumentException if it is not valid JSON or not an object; the message says which
     */
    static Struct parse(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        return struct(node, "payload");
    }

    /**
     * The payload of a parsed JSON value, which must be an object; {@code what} names it in errors.
     *
     * @throws IllegalArgumentException if it is not an object or holds a value a payload cannot
     */
    static Struct struct(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, not " + kind(node));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) value(node);
        return PayloadProtos.struct(Payload.of(fields));
    }

    /** A payload of an answer as compact JSON ({@code {}} when it has no fields). */
    static String json(Struct payload) {
        return payload(payload).toJson();
    }

    /** A payload of an answer as a map, for JSON output. */
    static Map<String, Object> map(Struct payload) {
        return payload(payload).toMap();
    }

    private static Payload payload(Struct s) {
        return PayloadProtos.payload(s, "payload");
    }

    /** What kind of JSON value {@code node} is, for messages. */
    static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static Object value(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                n.properties().forEach(e -> m.put(e.getKey(), value(e.getValue())));
                yield m;
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>(n.size());
                n.forEach(x -> l.add(value(x)));
                yield l;
            }
            case STRING -> n.textValue();
            case BOOLEAN -> n.booleanValue();
            case NUMBER -> n.isIntegralNumber() && n.canConvertToLong() ? (Object) n.longValue()
                    : (Object) n.doubleValue();
            default -> null; // null (binary and POJO nodes do not come from parsing text)
        };
    }
}
