package io.drift.payload;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical binary encoding of payload documents, and what is done with encoded documents as
 * a whole: decoding, printing as JSON, merging and removing top-level fields.
 *
 * <p><b>Format.</b> A document is one object value. A value is a tag byte and what follows it;
 * numbers are little-endian and a varint is an unsigned LEB128 of at most 5 bytes for lengths and
 * counts, 10 for integers, with no needless trailing groups:
 *
 * <ul>
 *   <li>{@code 0x00} null, {@code 0x01} false, {@code 0x02} true;
 *   <li>{@code 0x03} integer: a signed 64-bit value as a zigzag varint;
 *   <li>{@code 0x04} float: a finite IEEE-754 binary64, 8 bytes;
 *   <li>{@code 0x05} string: the varint byte length, then well-formed UTF-8;
 *   <li>{@code 0x06} list: the varint byte length of the rest (so a reader can skip it), the varint
 *       count, then the values;
 *   <li>{@code 0x07} object: the varint byte length of the rest, the varint count, then per entry
 *       the varint key length, the key's UTF-8 and the value; keys unique and sorted by their
 *       UTF-8 bytes, unsigned.
 * </ul>
 *
 * Objects and lists nest at most 32 deep, the document included. The encoding is canonical: equal
 * documents have equal bytes, and decoding accepts only bytes encoding would produce. The empty
 * document is {@code 07 01 00}.
 *
 * <p><b>Java values.</b> Encoding takes null, Boolean, Byte, Short, Integer and Long (integers),
 * Float and Double (floats, finite; a float stays a float even when integral), String (valid
 * UTF-16), List and Map with String keys; anything else fails with an
 * {@link IllegalArgumentException} naming its path, as in {@code payload.tags[2]: NaN is not a
 * valid payload number}. Decoding gives null, Boolean, Long, Double, String, ArrayList and
 * LinkedHashMap (keys in the encoded order); malformed bytes fail with
 * {@code IllegalArgumentException("malformed payload: <what> at byte <n>")}.
 */
public final class PayloadCodec {
    private PayloadCodec() {}

    /** The encoding of {@code doc}. */
    public static byte[] encode(Map<String, ?> doc) {
        Objects.requireNonNull(doc, "doc");
        return PayloadWriter.encode(doc);
    }

    /** The document {@code bytes} as Java values. */
    public static Map<String, Object> decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** The document {@code b[off..off+len)} as Java values. */
    public static Map<String, Object> decode(byte[] b, int off, int len) {
        return PayloadDecoder.decode(b, off, len);
    }

    /** Checks that {@code b[off..off+len)} is a well-formed document, as decoding would. */
    public static void check(byte[] b, int off, int len) {
        PayloadReader.check(b, off, len);
    }

    /** A fresh copy of the empty document's bytes. */
    public static byte[] empty() {
        return PayloadFormat.empty();
    }

    /** Whether {@code doc} has no fields: null, no bytes, or an object of none. */
    public static boolean isEmpty(byte[] doc) {
        return doc == null || doc.length == 0 || PayloadFormat.isEmptyDocument(doc);
    }

    /**
     * The top-level value of {@code doc} at {@code key}, decoded; null when it is null or absent.
     * Only the entries up to the key and its value are read.
     */
    public static Object get(byte[] doc, String key) {
        if (doc == null || doc.length == 0 || Utf8.unpairedSurrogate(key) >= 0) {
            return null; // no document holds a key that is not valid UTF-16
        }
        byte[] want = Utf8.encode(key);
        PayloadInput in = new PayloadInput(doc, 0, doc.length);
        if (in.readTag(in.end()) != PayloadFormat.OBJECT) {
            throw in.malformed("document is not an object", 0);
        }
        int end = in.readLength(in.end(), "object length") + in.pos;
        int count = in.readLength(end, "object count");
        for (int i = 0; i < count; i++) {
            int n = in.readLength(end, "key length");
            int c = Arrays.compareUnsigned(doc, in.pos, in.pos + n, want, 0, want.length);
            in.pos += n;
            int valueOff = in.pos;
            in.skipValue(end);
            if (c == 0) {
                return PayloadDecoder.decodeValue(doc, valueOff, in.pos - valueOff);
            } else if (c > 0) {
                break;
            }
        }
        return null;
    }

    /**
     * {@code base} with each top-level field of {@code patch} replacing or added to its own, as
     * Qdrant's set_payload. A null or zero-length {@code base} or {@code patch} has no fields.
     */
    public static byte[] merge(byte[] base, byte[] patch) {
        return PayloadEdit.merge(base, patch);
    }

    /** {@code base} without the top-level fields named by {@code keys}; keys it lacks are ignored. */
    public static byte[] removeKeys(byte[] base, Collection<String> keys) {
        return PayloadEdit.removeKeys(base, keys);
    }

    /** The document {@code bytes} as compact JSON. */
    public static String toJson(byte[] bytes) {
        return toJson(bytes, 0, bytes.length);
    }

    /**
     * The document {@code b[off..off+len)} as compact JSON (RFC 8259): floats print as the shortest
     * decimal that reads back as the same double, with a fraction or an exponent ({@code 5.0},
     * {@code 1.0E21}) so that they read back as floats.
     */
    public static String toJson(byte[] b, int off, int len) {
        return PayloadJson.toJson(b, off, len);
    }
}
