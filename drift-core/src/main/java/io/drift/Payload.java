package io.drift;

import io.drift.payload.PayloadCodec;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON-like document a point carries: named fields whose values are null, booleans,
 * integers, floats, strings, lists and nested documents. Immutable; built from a map:
 *
 * <pre>{@code
 * Payload p = Payload.of(Map.of("color", "red", "price", 9.5, "tags", List.of("new", "sale")));
 * }</pre>
 *
 * <p>Field names and strings are any valid UTF-16 text. Byte, Short, Integer and Long values are
 * integers (64-bit), Float and Double values are floats, which must be finite and stay floats even
 * when integral ({@code 5.0} is not {@code 5}); lists are Lists and nested documents Maps with
 * String keys, at most 32 deep. Read back, integers are {@code Long}, floats {@code Double}, lists
 * {@code List} and nested documents {@code Map}, with keys in the order of their UTF-8 bytes.
 *
 * <p>Two payloads are equal when they hold the same fields and values, whatever order the map
 * gave the keys in.
 */
public final class Payload {
    private static final Payload EMPTY = new Payload(PayloadCodec.empty());

    private final byte[] encoded;

    private Payload(byte[] encoded) {
        this.encoded = encoded;
    }

    /**
     * The payload of these fields.
     *
     * @throws IllegalArgumentException if a key or value is not one a payload holds; the message
     *     names its path, as in {@code payload.tags[2]: NaN is not a valid payload number}
     */
    public static Payload of(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        return new Payload(PayloadCodec.encode(fields));
    }

    /** The payload without fields. */
    public static Payload empty() {
        return EMPTY;
    }

    /** The payload of these bytes, which the codec produced; they are taken, not copied. */
    static Payload ofEncoded(byte[] encoded) {
        return new Payload(encoded);
    }

    /** The encoded bytes themselves, not a copy: the engine's to store and not to change. */
    byte[] encoded() {
        return encoded;
    }

    /** The fields as a new mutable map, nested lists and maps new and mutable too. */
    public Map<String, Object> toMap() {
        return PayloadCodec.decode(encoded);
    }

    /** The value of a top-level field; null when the field is absent or null. */
    public Object get(String field) {
        Objects.requireNonNull(field, "field");
        return PayloadCodec.get(encoded, field);
    }

    /** Whether the payload has no fields. */
    public boolean isEmpty() {
        return PayloadCodec.isEmpty(encoded);
    }

    /** Bytes of the encoded payload. */
    public int sizeInBytes() {
        return encoded.length;
    }

    /** The payload as compact JSON. */
    public String toJson() {
        return PayloadCodec.toJson(encoded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && Arrays.equals(encoded, p.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    /** The payload as compact JSON. */
    @Override
    public String toString() {
        return toJson();
    }
}
