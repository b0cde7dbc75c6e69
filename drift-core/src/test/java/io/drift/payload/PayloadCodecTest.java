package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    static String message(Map<String, ?> doc) {
        return assertThrows(IllegalArgumentException.class, () -> PayloadCodec.encode(doc)).getMessage();
    }

    @Test
    void theEmptyDocumentIsThreeBytes() {
        assertArrayEquals(bytes(0x07, 0x01, 0x00), PayloadCodec.encode(Map.of()));
        assertEquals(Map.of(), PayloadCodec.decode(bytes(0x07, 0x01, 0x00)));
        assertTrue(PayloadCodec.isEmpty(PayloadCodec.empty()));
        assertTrue(PayloadCodec.isEmpty(null));
        assertTrue(PayloadCodec.isEmpty(new byte[0]));
        assertEquals(false, PayloadCodec.isEmpty(PayloadCodec.encode(Map.of("a", 1))));
    }

    @Test
    void everyTagEncodesAsTheFormatSays() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("n", null);
        doc.put("f", false);
        doc.put("t", true);
        doc.put("i", -2L);
        doc.put("d", 1.0);
        doc.put("s", "é");
        doc.put("l", List.of(1, "x"));
        doc.put("o", Map.of("k", 300));
        byte[] expected = bytes(0x07, 51, 8,
                1, 'd', 0x04, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                1, 'f', 0x01,
                1, 'i', 0x03, 3,
                1, 'l', 0x06, 6, 2, 0x03, 2, 0x05, 1, 'x',
                1, 'n', 0x00,
                1, 'o', 0x07, 6, 1, 1, 'k', 0x03, 0xD8, 0x04,
                1, 's', 0x05, 2, 0xC3, 0xA9,
                1, 't', 0x02);
        assertArrayEquals(expected, PayloadCodec.encode(doc));
    }

    @Test
    void integersAreZigzagVarints() {
        long[] values = {0, -1, 1, -64, 64, Long.MAX_VALUE, Long.MIN_VALUE};
        int[][] encodings = {{0}, {1}, {2}, {0x7F}, {0x80, 1},
            {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1},
            {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1}};
        for (int i = 0; i < values.length; i++) {
            byte[] doc = PayloadCodec.encode(Map.of("", values[i]));
            byte[] value = Arrays.copyOfRange(doc, 4, doc.length);
            byte[] want = new byte[encodings[i].length + 1];
            want[0] = 0x03;
            System.arraycopy(bytes(encodings[i]), 0, want, 1, encodings[i].length);
            assertArrayEquals(want, value, "encoding of " + values[i]);
            assertEquals(values[i], PayloadCodec.decode(doc).get(""));
        }
    }

    @Test
    void longLengthsTakeSeveralVarintBytes() {
        String s = "x".repeat(200);
        byte[] doc = PayloadCodec.encode(Map.of("s", s));
        // object length 206 as two bytes, count 1, key, string tag, 200 as two bytes
        assertArrayEquals(bytes(0x07, 0xCE, 0x01, 1, 1, 's', 0x05, 0xC8, 0x01), Arrays.copyOf(doc, 9));
        assertEquals(s, PayloadCodec.decode(doc).get("s"));
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            big.add(Map.of("i", i, "s", "v" + i));
        }
        Map<String, Object> decoded = PayloadCodec.decode(PayloadCodec.encode(Map.of("big", big)));
        assertEquals(PayloadDocs.normalized(Map.of("big", big)), decoded);
    }

    @Test
    void keysAreSortedByTheirUtf8Bytes() {
        // UTF-16 order puts U+1F600 (a surrogate pair) before U+FFFF, UTF-8 order the other way round
        Map<String, Object> doc = new TreeMap<>(Map.of("b", 1, "a", 2, "\uffff", 3, "😀", 4, "", 5, "ab", 6));
        assertEquals(List.of("", "a", "ab", "b", "😀", "\uffff"), List.copyOf(doc.keySet()));
        assertEquals(List.of("", "a", "ab", "b", "\uffff", "😀"), List.copyOf(PayloadCodec.decode(PayloadCodec.encode(doc)).keySet()));
    }

    @Property(tries = 300)
    void documentsRoundTripWithTheirTypesInCanonicalForm(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Object> doc = PayloadDocs.document(rnd, 1 + rnd.nextInt(6));
        byte[] encoded = PayloadCodec.encode(doc);
        Map<String, Object> decoded = PayloadCodec.decode(encoded);
        assertEquals(PayloadDocs.normalized(doc), decoded);
        assertDecodedTypes(decoded);
        assertArrayEquals(encoded, PayloadCodec.encode(decoded), "decoding then encoding gives the same bytes");
        Map<String, Object> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(doc.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reversed.put(keys.get(i), doc.get(keys.get(i)));
        }
        assertArrayEquals(encoded, PayloadCodec.encode(reversed), "key order does not matter");
        byte[] framed = new byte[encoded.length + 7];
        System.arraycopy(encoded, 0, framed, 3, encoded.length);
        assertEquals(decoded, PayloadCodec.decode(framed, 3, encoded.length));
    }

    static void assertDecodedTypes(Object v) {
        switch (v) {
            case null -> { }
            case Map<?, ?> m -> {
                assertInstanceOf(LinkedHashMap.class, m);
                byte[] previous = null;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    byte[] key = Utf8.encode((String) e.getKey());
                    assertTrue(previous == null || Arrays.compareUnsigned(previous, key) < 0, "keys in UTF-8 order");
                    previous = key;
                    assertDecodedTypes(e.getValue());
                }
            }
            case List<?> l -> {
                assertInstanceOf(ArrayList.class, l);
                l.forEach(PayloadCodecTest::assertDecodedTypes);
            }
            default -> assertTrue(Set.of(Boolean.class, Long.class, Double.class, String.class).contains(v.getClass()),
                    v.getClass().getName());
        }
    }

    @Test
    void floatsStayFloatsAndIntegersIntegers() {
        Map<String, Object> decoded = PayloadCodec.decode(PayloadCodec.encode(
                Map.of("d", 5.0, "f", 2.5f, "i", 5, "b", (byte) -3, "s", (short) 7, "z", -0.0)));
        assertEquals(5.0, decoded.get("d"));
        assertEquals(2.5, decoded.get("f"));
        assertEquals(5L, decoded.get("i"));
        assertEquals(-3L, decoded.get("b"));
        assertEquals(7L, decoded.get("s"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decoded.get("z")));
        assertEquals(-0.0, decoded.get("z"));
    }

    @Test
    void errorsNameThePathOfTheValue() {
        List<Object> tags = Arrays.asList("a", "b", Double.NaN);
        assertEquals("payload.tags[2]: NaN is not a valid payload number", message(Map.of("tags", tags)));
        assertEquals("payload.price: unsupported type java.math.BigDecimal", message(Map.of("price", BigDecimal.ONE)));
        assertEquals("payload.meta.x: Infinity is not a valid payload number",
                message(Map.of("meta", Map.of("x", Double.POSITIVE_INFINITY))));
        assertEquals("payload.x: -Infinity is not a valid payload number", message(Map.of("x", Float.NEGATIVE_INFINITY)));
        assertEquals("payload[\"a b\"][0][1]: unsupported type java.lang.Character",
                message(Map.of("a b", List.of(List.of(1, 'c')))));
        assertEquals("payload.set: unsupported type java.util.ImmutableCollections$Set12",
                message(Map.of("set", Set.of(1))));
        assertEquals("payload.bytes: unsupported type [B", message(Map.of("bytes", new byte[1])));
        assertEquals("payload.s: string has an unpaired surrogate at index 1", message(Map.of("s", "a\ud800")));
        assertEquals("payload.s: string has an unpaired surrogate at index 0", message(Map.of("s", "\udc00b")));
    }

    @Test
    void keysMustBeStringsOfValidUtf16() {
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertEquals("payload: key null is not a string", message(nullKey));
        Map<Object, Object> intKey = new HashMap<>(Map.of(5, 1));
        assertEquals("payload.m: key 5 of type java.lang.Integer is not a string", message(Map.of("m", intKey)));
        assertEquals("payload: key \"x\\ud800\" has an unpaired surrogate at index 1", message(Map.of("x\ud800", 1)));
        Map<String, Object> twice = new IdentityHashMap<>();
        twice.put(new String("k"), 1);
        twice.put(new String("k"), 2);
        assertEquals("payload: key \"k\" appears twice", message(twice));
    }

    /** A document whose containers nest {@code depth} deep, maps and lists in turn, {@code innermost} last. */
    static Map<String, Object> nested(int depth, Object innermost) {
        Object value = innermost;
        for (int d = depth - 1; d >= 2; d--) {
            value = d % 2 == 0 ? Map.of("a", value) : List.of(value);
        }
        return Map.of("a", value);
    }

    @Test
    void nestingStopsAt32() {
        Map<String, Object> deepest = nested(32, Map.of("x", 1));
        assertEquals(PayloadDocs.normalized(deepest), PayloadCodec.decode(PayloadCodec.encode(deepest)));
        assertEquals("payload.a.a" + "[0].a".repeat(15) + ": nesting deeper than 32 objects and lists",
                message(nested(33, List.of())));
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        assertTrue(message(cycle).endsWith(".self: nesting deeper than 32 objects and lists"));
    }

    @Test
    void getReadsOneTopLevelField() {
        byte[] doc = PayloadCodec.encode(Map.of("a", 1, "b", List.of(Map.of("c", "x")), "n", Map.of()));
        assertEquals(1L, PayloadCodec.get(doc, "a"));
        assertEquals(List.of(Map.of("c", "x")), PayloadCodec.get(doc, "b"));
        assertEquals(Map.of(), PayloadCodec.get(doc, "n"));
        assertNull(PayloadCodec.get(doc, "c"));
        assertNull(PayloadCodec.get(doc, ""));
        assertNull(PayloadCodec.get(doc, "zz"));
        assertNull(PayloadCodec.get(doc, "?"));
        assertNull(PayloadCodec.get(null, "a"));
        byte[] question = PayloadCodec.encode(Map.of("?", 1));
        assertNull(PayloadCodec.get(question, "\ud800"), "a lone surrogate is no key, not '?'");
    }

    @Property(tries = 200)
    void getAgreesWithDecode(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] doc = PayloadCodec.encode(PayloadDocs.document(rnd, 3));
        Map<String, Object> decoded = PayloadCodec.decode(doc);
        for (String key : PayloadDocs.KEYS) {
            assertEquals(decoded.get(key), PayloadCodec.get(doc, key), key);
        }
    }
}
