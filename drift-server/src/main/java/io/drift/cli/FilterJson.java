package io.drift.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import io.drift.proto.v1.Filter;
import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@code drift.v1.Filter} given as JSON, in protobuf's JSON mapping: fields by their proto name
 * ({@code must_not}) or JSON name ({@code mustNot}), 64-bit integers as numbers or strings, doubles
 * as numbers or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; null leaves a field unset.
 * A list may stand for a message whose only field is a list ({@code "keywords": ["a", "b"]} for
 * {@code {"strings": ["a", "b"]}}). Only the structure is checked here; the server checks the
 * rest. A mistake names its path, as in {@code filter.must[0].field.match: unknown field 'keywrd'}.
 */
final class FilterJson {

    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private FilterJson() {}

    /**
     * The filter in {@code json}.
     *
     * @throws IllegalArgumentException if it is not valid JSON or not a Filter; the message says where
     */
    static Filter parse(String json) {
        JsonNode node;
        try {
            node = JsonPayloads.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        Filter.Builder b = Filter.newBuilder();
        merge(node, b, "filter");
        return b.build();
    }

    private static void merge(JsonNode node, Message.Builder b, String path) {
        Descriptor type = b.getDescriptorForType();
        if (node.isArray() && type.getFields().size() == 1 && type.getFields().getFirst().isRepeated()) {
            FieldDescriptor only = type.getFields().getFirst();
            set(node, only, b, path + "." + only.getName());
            return;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": must be a JSON object (" + type.getName() + "), not "
                    + JsonPayloads.kind(node));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            FieldDescriptor f = field(type, e.getKey());
            if (f == null) {
                throw new IllegalArgumentException(path + ": unknown field '" + e.getKey() + "' (" + type.getName()
                        + " has " + type.getFields().stream().map(FieldDescriptor::getName)
                        .collect(Collectors.joining(", ")) + ")");
            }
            if (e.getValue().isNull()) {
                continue;
            }
            String at = path + "." + f.getName();
            OneofDescriptor oneof = f.getRealContainingOneof();
            if (oneof != null && b.hasOneof(oneof)) {
                throw new IllegalArgumentException(at + ": " + b.getOneofFieldDescriptor(oneof).getName() + " is set"
                        + " already; give one of " + oneof.getFields().stream().map(FieldDescriptor::getName)
                        .collect(Collectors.joining(", ")));
            }
            set(e.getValue(), f, b, at);
        }
    }

    private static FieldDescriptor field(Descriptor type, String name) {
        FieldDescriptor f = type.findFieldByName(name);
        if (f != null) {
            return f;
        }
        return type.getFields().stream().filter(x -> x.getJsonName().equals(name)).findFirst().orElse(null);
    }

    private static void set(JsonNode value, FieldDescriptor f, Message.Builder b, String at) {
        if (!f.isRepeated()) {
            b.setField(f, value(value, f, b, at));
            return;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(at + ": must be a list, not " + JsonPayloads.kind(value));
        }
        for (int i = 0; i < value.size(); i++) {
            b.addRepeatedField(f, value(value.get(i), f, b, at + "[" + i + "]"));
        }
    }

    /** One value of field {@code f}, as the builder takes it. */
    private static Object value(JsonNode v, FieldDescriptor f, Message.Builder parent, String at) {
        return switch (f.getJavaType()) {
            case MESSAGE -> {
                Message.Builder sub = parent.newBuilderForField(f);
                merge(v, sub, at);
                yield sub.build();
            }
            case STRING -> {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException(at + ": must be a string, not " + JsonPayloads.kind(v));
                }
                yield v.textValue();
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException(at + ": must be true or false, not " + JsonPayloads.kind(v));
                }
                yield v.booleanValue();
            }
            case LONG, INT -> integer(v, f, at);
            case DOUBLE -> number(v, at);
            case FLOAT -> (float) number(v, at);
            case ENUM -> {
                EnumValueDescriptor e = v.isTextual() ? f.getEnumType().findValueByName(v.textValue()) : null;
                if (e == null) {
                    throw new IllegalArgumentException(at + ": must be one of " + f.getEnumType().getValues().stream()
                            .map(EnumValueDescriptor::getName).collect(Collectors.joining(", ")));
                }
                yield e;
            }
            case BYTE_STRING -> throw new IllegalArgumentException(at + ": bytes are not supported here");
        };
    }

    /** An integer field's value: a whole number, or a string of one, within the field's type. */
    private static Object integer(JsonNode v, FieldDescriptor f, String at) {
        BigInteger n;
        try {
            n = v.isIntegralNumber() ? v.bigIntegerValue() : v.isTextual() ? new BigInteger(v.textValue().strip())
                    : null;
        } catch (NumberFormatException e) {
            n = null;
        }
        if (n == null) {
            throw new IllegalArgumentException(at + ": must be an integer, not " + (v.isTextual() ? "'"
                    + v.textValue() + "'" : JsonPayloads.kind(v)));
        }
        boolean unsigned = f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.UINT32
                || f.getType() == FieldDescriptor.Type.FIXED64 || f.getType() == FieldDescriptor.Type.FIXED32;
        int bits = f.getJavaType() == FieldDescriptor.JavaType.LONG ? 64 : 32;
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = unsigned ? (bits == 64 ? UINT64_MAX : BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE))
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new IllegalArgumentException(at + ": " + n + " is out of range for " + f.getType().name()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        return bits == 64 ? (Object) n.longValue() : (Object) n.intValue();
    }

    private static double number(JsonNode v, String at) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    try {
                        return Double.parseDouble(v.textValue().strip());
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                }
            }
        }
        throw new IllegalArgumentException(at + ": must be a number, not " + (v.isTextual() ? "'" + v.textValue()
                + "'" : JsonPayloads.kind(v)));
    }
}
