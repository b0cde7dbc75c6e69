package io.drift.payload;

import static io.drift.payload.PayloadCodecTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PayloadMalformedTest {

    static String malformed(int... b) {
        return malformed(bytes(b));
    }

    /** The message decoding {@code doc} fails with; printing it as JSON fails alike. */
    static String malformed(byte[] doc) {
        String m = assertThrows(IllegalArgumentException.class, () -> PayloadCodec.decode(doc)).getMessage();
        assertEquals(m, assertThrows(IllegalArgumentException.class, () -> PayloadCodec.toJson(doc)).getMessage());
        return m;
    }

    @Test
    void theStructureMustHoldTogether() {
        assertEquals("malformed payload: missing value at byte 0", malformed());
        assertEquals("malformed payload: document is not an object at byte 0", malformed(0x06, 0x01, 0x00));
        assertEquals("malformed payload: trailing bytes at byte 3", malformed(0x07, 0x01, 0x00, 0x00));
        assertEquals("malformed payload: object length 5 past the end at byte 1", malformed(0x07, 0x05, 0x00));
        assertEquals("malformed payload: object count 5 past the end at byte 2", malformed(0x07, 0x01, 0x05));
        assertEquals("malformed payload: bad tag 9 at byte 5", malformed(0x07, 0x04, 0x01, 0x01, 'a', 0x09));
        assertEquals("malformed payload: missing value at byte 5", malformed(0x07, 0x03, 0x01, 0x01, 'a', 0x00));
        assertEquals("malformed payload: object length does not match its entries at byte 6",
                malformed(0x07, 0x05, 0x01, 0x01, 'a', 0x00, 0x00));
        assertEquals("malformed payload: list length does not match its values at byte 9",
                malformed(0x07, 0x08, 0x01, 0x01, 'a', 0x06, 0x03, 0x01, 0x00, 0x00));
        assertEquals("malformed payload: string length 3 past the end at byte 6",
                malformed(0x07, 0x06, 0x01, 0x01, 'a', 0x05, 0x03, 'x'));
        assertEquals("malformed payload: key length 2 past the end at byte 3", malformed(0x07, 0x03, 0x01, 0x02, 'a'));
    }

    @Test
    void keysMustBeSortedAndUnique() {
        assertEquals("malformed payload: key out of order or repeated at byte 6",
                malformed(0x07, 0x07, 0x02, 0x01, 'b', 0x00, 0x01, 'a', 0x00));
        assertEquals("malformed payload: key out of order or repeated at byte 6",
                malformed(0x07, 0x07, 0x02, 0x01, 'a', 0x00, 0x01, 'a', 0x00));
        assertEquals("malformed payload: key out of order or repeated at byte 7",
                malformed(0x07, 0x07, 0x02, 0x02, 'a', 'b', 0x00, 0x00, 0x00), "the empty key sorts first");
        assertEquals(Map.of("", false, "a", true), PayloadCodec.decode(bytes(0x07, 0x06, 0x02, 0x00, 0x01, 0x01, 'a', 0x02)));
    }

    @Test
    void varintsMustBeShortAndMinimal() {
        assertEquals("malformed payload: over-long varint at byte 1", malformed(0x07, 0x81, 0x00, 0x00));
        assertEquals("malformed payload: over-long varint at byte 1", malformed(0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
        assertEquals("malformed payload: truncated varint at byte 1", malformed(0x07, 0x80));
        int[] eleven = {0x07, 14, 0x01, 0x00, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
        assertEquals("malformed payload: varint over 64 bits at byte 5", malformed(eleven));
        assertEquals("malformed payload: varint over 64 bits at byte 5",
                malformed(0x07, 13, 0x01, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02));
        assertEquals(Long.MIN_VALUE, PayloadCodec.decode(
                bytes(0x07, 13, 0x01, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)).get(""));
        assertEquals("malformed payload: over-long varint at byte 5",
                malformed(0x07, 0x05, 0x01, 0x00, 0x03, 0x80, 0x00));
    }

    @Test
    void floatsMustBeFiniteAndWhole() {
        assertEquals("malformed payload: non-finite float at byte 4",
                malformed(0x07, 0x0B, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0xF0, 0x7F));
        assertEquals("malformed payload: non-finite float at byte 4",
                malformed(0x07, 0x0B, 0x01, 0x00, 0x04, 1, 0, 0, 0, 0, 0, 0xF8, 0xFF));
        assertEquals("malformed payload: truncated float at byte 5",
                malformed(0x07, 0x0A, 0x01, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0xF0));
    }

    @Test
    void stringsAndKeysMustBeWellFormedUtf8() {
        int[][] bad = {{0xFF}, {0xC0, 0x80}, {0xC1, 0xBF}, {0xE0, 0x9F, 0xBF}, {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF},
            {0xF0, 0x8F, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xE2, 0x82}, {0x80},
            {0xC3, 0x28}, {'o', 'k', 0xE2, 0x28, 0xA1}};
        for (int[] s : bad) {
            int[] asValue = new int[6 + s.length];
            int[] head = {0x07, 4 + s.length, 0x01, 0x00, 0x05, s.length};
            System.arraycopy(head, 0, asValue, 0, 6);
            System.arraycopy(s, 0, asValue, 6, s.length);
            String m = malformed(asValue);
            assertTrue(m.startsWith("malformed payload: invalid UTF-8 at byte "), m);
            int[] asKey = new int[4 + s.length];
            int[] keyHead = {0x07, 3 + s.length, 0x01, s.length};
            System.arraycopy(keyHead, 0, asKey, 0, 4);
            System.arraycopy(s, 0, asKey, 4, s.length);
            int[] withValue = Arrays.copyOf(asKey, asKey.length + 1);
            m = malformed(withValue);
            assertTrue(m.startsWith("malformed payload: invalid UTF-8 at byte "), m);
        }
        assertEquals("malformed payload: invalid UTF-8 at byte 8",
                malformed(0x07, 0x07, 0x01, 0x00, 0x05, 0x03, 'o', 'k', 0xFF));
        String good = "aé€😀\uffff\u0000";
        assertEquals(good, PayloadCodec.decode(PayloadCodec.encode(Map.of("s", good))).get("s"));
    }

    /** A document holding at "a" {@code lists} empty lists nested in one another. */
    static byte[] nestedLists(int lists) {
        byte[] v = {PayloadFormat.LIST, 0x01, 0x00};
        for (int i = 1; i < lists; i++) {
            byte[] w = new byte[v.length + 3];
            w[0] = PayloadFormat.LIST;
            w[1] = (byte) (v.length + 1);
            w[2] = 0x01;
            System.arraycopy(v, 0, w, 3, v.length);
            v = w;
        }
        byte[] doc = new byte[v.length + 5];
        System.arraycopy(bytes(0x07, v.length + 3, 0x01, 0x01, 'a'), 0, doc, 0, 5);
        System.arraycopy(v, 0, doc, 5, v.length);
        return doc;
    }

    @Test
    void nestingDeeperThan32IsRejected() {
        byte[] ok = nestedLists(31);
        assertArrayEquals(ok, PayloadCodec.encode(PayloadCodec.decode(ok)));
        assertEquals("malformed payload: nesting deeper than 32 at byte 98", malformed(nestedLists(32)));
    }

    @Test
    void rangesOutsideTheArrayAreRejected() {
        byte[] doc = PayloadCodec.empty();
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.decode(doc, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.decode(doc, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.toJson(doc, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.decode(doc, 2, Integer.MAX_VALUE));
    }

    /**
     * What every reader does with {@code b}: decode and re-encode to the same bytes, or reject it
     * as malformed; never anything else.
     */
    static void assertDecodesOrRejects(byte[] b, SplittableRandom rnd) {
        Map<String, Object> decoded;
        try {
            decoded = PayloadCodec.decode(b);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("malformed payload: "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PayloadCodec.toJson(b));
            assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class,
                    () -> PayloadCodec.check(b, 0, b.length)).getMessage());
            if (b.length > 0) { // no bytes is no payload to merge into
                assertThrows(IllegalArgumentException.class, () -> PayloadCodec.merge(b, null));
                assertThrows(IllegalArgumentException.class, () -> PayloadCodec.removeKeys(b, List.of()));
                assertThrows(IllegalArgumentException.class, () -> PayloadCodec.merge(null, b));
            }
            readLeniently(b, rnd);
            return;
        }
        assertArrayEquals(b, PayloadCodec.encode(decoded), "what decodes is canonical");
        PayloadCodec.check(b, 0, b.length);
        PayloadCodec.toJson(b);
        assertArrayEquals(b, PayloadCodec.merge(b, null));
        readLeniently(b, rnd);
    }

    /** Readers that check only what they need may return, or throw IllegalArgumentException. */
    private static void readLeniently(byte[] b, SplittableRandom rnd) {
        String[] path = new String[rnd.nextInt(4)];
        for (int i = 0; i < path.length; i++) {
            path[i] = PayloadDocs.KEYS[rnd.nextInt(PayloadDocs.KEYS.length)];
        }
        try {
            PayloadPath.forEach(b, 0, b.length, path, new PayloadPathTest.Collector());
        } catch (IllegalArgumentException expected) {
            // fine
        }
        try {
            PayloadCodec.get(b, path.length > 0 ? path[0] : "a");
        } catch (IllegalArgumentException expected) {
            // fine
        }
    }

    @Property(tries = 2000)
    void randomBytesDecodeOrAreRejected(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] b = new byte[rnd.nextInt(40)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (rnd.nextBoolean() ? rnd.nextInt(9) : rnd.nextInt(256));
        }
        if (b.length > 1 && rnd.nextInt(3) > 0) {
            b[0] = PayloadFormat.OBJECT;
            b[1] = (byte) (b.length - 2);
        }
        assertDecodesOrRejects(b, rnd);
    }

    @Property(tries = 2000)
    void mutatedDocumentsDecodeOrAreRejected(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] b = PayloadCodec.encode(PayloadDocs.document(rnd, 1 + rnd.nextInt(5)));
        int mutations = 1 + rnd.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            b = mutate(b, rnd);
        }
        assertDecodesOrRejects(b, rnd);
    }

    private static byte[] mutate(byte[] b, SplittableRandom rnd) {
        int at = rnd.nextInt(b.length + 1);
        return switch (rnd.nextInt(6)) {
            case 0 -> Arrays.copyOf(b, at);
            case 1 -> {
                byte[] out = new byte[b.length + 1];
                System.arraycopy(b, 0, out, 0, at);
                out[at] = (byte) rnd.nextInt(256);
                System.arraycopy(b, at, out, at + 1, b.length - at);
                yield out;
            }
            case 2 -> {
                if (at == b.length) {
                    yield b;
                }
                byte[] out = new byte[b.length - 1];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + 1, out, at, b.length - at - 1);
                yield out;
            }
            default -> {
                byte[] out = b.clone();
                if (at < out.length) {
                    out[at] = (byte) (rnd.nextBoolean() ? out[at] + rnd.nextInt(-2, 3) : rnd.nextInt(256));
                }
                yield out;
            }
        };
    }
}
