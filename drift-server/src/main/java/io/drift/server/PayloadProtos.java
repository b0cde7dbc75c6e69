package io.drift.server;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.drift.Payload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payloads between the API's {@link Payload} and {@code google.protobuf.Struct}. A Struct number is
 * a double: one that is whole and within {@code ±2^53} (where every integer is exact) becomes an
 * integer, any other a float; answers turn both back into doubles. A bad value (a NaN, an infinite
 * number, a value without a kind) is refused naming its path, e.g. {@code points[3].payload.tags[2]}.
 */
public final class PayloadProtos {

    /** The largest integer every double below it represents exactly: {@code 2^53}. */
    static final double EXACT = 0x1p53;

    private PayloadProtos() {}

    /** The payload of {@code s}, whose field is {@code field} (for messages). */
    public static Payload payload(Struct s, String field) {
        if (s.getFieldsCount() == 0) {
            return Payload.empty();
        }
        Map<String, Object> m = map(s, field);
        try {
            return Payload.of(m);
        } catch (IllegalArgumentException e) {
            throw Protos.invalid(field, e.getMessage());
        }
    }

    private static Map<String, Object> map(Struct s, String path) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : s.getFieldsMap().entrySet()) {
            m.put(e.getKey(), value(e.getValue(), path + "." + e.getKey()));
        }
        return m;
    }

    private static Object value(Value v, String path) {
        return switch (v.getKindCase()) {
            case NULL_VALUE -> null;
            case BOOL_VALUE -> v.getBoolValue();
            case STRING_VALUE -> v.getStringValue();
            case NUMBER_VALUE -> number(v.getNumberValue(), path);
            case STRUCT_VALUE -> map(v.getStructValue(), path);
            case LIST_VALUE -> {
                List<Object> out = new ArrayList<>(v.getListValue().getValuesCount());
                for (int i = 0; i < v.getListValue().getValuesCount(); i++) {
                    out.add(value(v.getListValue().getValues(i), path + "[" + i + "]"));
                }
                yield out;
            }
            case KIND_NOT_SET -> throw Protos.invalid(path, "a value without a kind");
        };
    }

    /** A Struct number as the payload keeps it: a whole one within ±2^53 as an integer. */
    static Object number(double d, String path) {
        if (!Double.isFinite(d)) {
            throw Protos.invalid(path, d + " is not a valid payload number");
        }
        return d == Math.rint(d) && Math.abs(d) <= EXACT ? (Object) (long) d : (Object) d;
    }

    /** {@code p} as a Struct (empty for an empty payload). */
    public static Struct struct(Payload p) {
        return struct(p.toMap());
    }

    private static Struct struct(Map<String, Object> m) {
        Struct.Builder b = Struct.newBuilder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.putFields(e.getKey(), value(e.getValue()));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static Value value(Object o) {
        return switch (o) {
            case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            case Boolean b -> Value.newBuilder().setBoolValue(b).build();
            case String s -> Value.newBuilder().setStringValue(s).build();
            case Long l -> Value.newBuilder().setNumberValue(l).build();
            case Double d -> Value.newBuilder().setNumberValue(d).build();
            case Map<?, ?> m -> Value.newBuilder().setStructValue(struct((Map<String, Object>) m)).build();
            case List<?> l -> {
                ListValue.Builder lb = ListValue.newBuilder();
                for (Object x : l) {
                    lb.addValues(value(x));
                }
                yield Value.newBuilder().setListValue(lb).build();
            }
            default -> throw new IllegalStateException("a payload value of type " + o.getClass().getName());
        };
    }
}
