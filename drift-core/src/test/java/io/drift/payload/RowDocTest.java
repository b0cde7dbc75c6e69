package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RowDocTest {

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void layoutIsKeyLengthKeyThenPayload() {
        byte[] payload = PayloadCodec.encode(Map.of("a", 1));
        byte[] doc = RowDoc.of(utf8("k€"), payload);
        assertArrayEquals(new byte[] {4, 'k', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, 0x07, 5, 1, 1, 'a', 0x03, 2}, doc);
        assertEquals("k€", RowDoc.keyString(doc));
        assertArrayEquals(utf8("k€"), RowDoc.key(doc));
        assertEquals(5, RowDoc.payloadOffset(doc));
        assertEquals(payload.length, RowDoc.payloadLength(doc));
        assertArrayEquals(payload, RowDoc.payload(doc));
        assertEquals(Map.of("a", 1L), PayloadCodec.decode(doc, RowDoc.payloadOffset(doc), RowDoc.payloadLength(doc)));
    }

    @Test
    void absentPartsAreNullAndBothAbsentIsNoDocument() {
        assertNull(RowDoc.of(null, null));
        assertNull(RowDoc.of(new byte[0], new byte[0]));
        byte[] keyOnly = RowDoc.of(utf8("id-1"), null);
        assertArrayEquals(new byte[] {4, 'i', 'd', '-', '1'}, keyOnly);
        assertNull(RowDoc.payload(keyOnly));
        assertEquals(0, RowDoc.payloadLength(keyOnly));
        assertEquals(5, RowDoc.payloadOffset(keyOnly));
        byte[] payloadOnly = RowDoc.of(null, PayloadCodec.empty());
        assertArrayEquals(new byte[] {0, 0x07, 1, 0}, payloadOnly);
        assertNull(RowDoc.key(payloadOnly));
        assertNull(RowDoc.keyString(payloadOnly));
        assertArrayEquals(PayloadCodec.empty(), RowDoc.payload(payloadOnly));
        assertNull(RowDoc.key(null));
        assertNull(RowDoc.keyString(null));
        assertNull(RowDoc.payload(null));
        assertEquals(0, RowDoc.payloadOffset(null));
        assertEquals(0, RowDoc.payloadLength(null));
    }

    @Test
    void keyEqualsComparesTheBytes() {
        byte[] doc = RowDoc.of(utf8("abc"), PayloadCodec.empty());
        assertTrue(RowDoc.keyEquals(doc, utf8("abc")));
        assertFalse(RowDoc.keyEquals(doc, utf8("abd")));
        assertFalse(RowDoc.keyEquals(doc, utf8("ab")));
        assertFalse(RowDoc.keyEquals(doc, utf8("abc\u0007")));
        assertFalse(RowDoc.keyEquals(doc, null));
        byte[] noKey = RowDoc.of(null, PayloadCodec.empty());
        assertTrue(RowDoc.keyEquals(noKey, null));
        assertTrue(RowDoc.keyEquals(noKey, new byte[0]));
        assertFalse(RowDoc.keyEquals(noKey, utf8("a")));
        assertTrue(RowDoc.keyEquals(null, null));
        assertFalse(RowDoc.keyEquals(null, utf8("a")));
    }

    @Test
    void withPayloadKeepsTheKey() {
        byte[] doc = RowDoc.of(utf8("key"), PayloadCodec.encode(Map.of("a", 1)));
        byte[] replaced = RowDoc.withPayload(doc, PayloadCodec.encode(Map.of("b", 2)));
        assertEquals("key", RowDoc.keyString(replaced));
        assertEquals(Map.of("b", 2L), PayloadCodec.decode(RowDoc.payload(replaced)));
        byte[] cleared = RowDoc.withPayload(doc, null);
        assertArrayEquals(RowDoc.of(utf8("key"), null), cleared);
        assertNull(RowDoc.withPayload(RowDoc.of(null, PayloadCodec.empty()), null), "nothing left, no document");
        assertArrayEquals(RowDoc.of(null, PayloadCodec.empty()), RowDoc.withPayload(null, PayloadCodec.empty()));
    }

    @Test
    void longKeysTakeSeveralLengthBytes() {
        String key = "k".repeat(300);
        byte[] doc = RowDoc.of(utf8(key), PayloadCodec.empty());
        assertEquals((byte) 0xAC, doc[0]);
        assertEquals(0x02, doc[1]);
        assertEquals(302, RowDoc.payloadOffset(doc));
        assertEquals(key, RowDoc.keyString(doc));
        assertArrayEquals(PayloadCodec.empty(), RowDoc.payload(doc));
    }

    @Test
    void lengthsPastTheArrayAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RowDoc.key(new byte[] {5, 'a'}));
        assertThrows(IllegalArgumentException.class, () -> RowDoc.payloadOffset(new byte[] {(byte) 0x80}));
        assertThrows(IllegalArgumentException.class, () -> RowDoc.keyEquals(new byte[0], null));
        assertThrows(IllegalArgumentException.class,
                () -> RowDoc.payload(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> RowDoc.keyString(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}));
    }

    @Property(tries = 300)
    void partsComeBackAsGiven(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String key = rnd.nextInt(4) == 0 ? null : PayloadDocs.string(rnd) + "k";
        byte[] payload = rnd.nextInt(4) == 0 ? null : PayloadCodec.encode(PayloadDocs.document(rnd, 3));
        byte[] doc = RowDoc.of(key == null ? null : utf8(key), payload);
        if (key == null && payload == null) {
            assertNull(doc);
            return;
        }
        assertEquals(key, RowDoc.keyString(doc));
        assertArrayEquals(payload, RowDoc.payload(doc));
        assertEquals(doc.length, RowDoc.payloadOffset(doc) + RowDoc.payloadLength(doc));
        assertTrue(RowDoc.keyEquals(doc, key == null ? null : utf8(key)));
    }
}
