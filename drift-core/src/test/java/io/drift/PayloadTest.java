package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void valuesComeBackWithTheirTypes() {
        Payload p = Payload.of(Map.of("color", "red", "price", 9.5, "count", 3, "whole", 5.0,
                "tags", List.of("new", "sale"), "dims", Map.of("w", 2, "h", 1.5f), "ok", true));
        assertEquals("red", p.get("color"));
        assertEquals(9.5, p.get("price"));
        assertEquals(3L, p.get("count"));
        assertEquals(5.0, p.get("whole"));
        assertEquals(List.of("new", "sale"), p.get("tags"));
        assertEquals(Map.of("w", 2L, "h", 1.5), p.get("dims"));
        assertEquals(true, p.get("ok"));
        assertNull(p.get("missing"));
        assertEquals("{\"color\":\"red\",\"count\":3,\"dims\":{\"h\":1.5,\"w\":2},\"ok\":true,\"price\":9.5,"
                + "\"tags\":[\"new\",\"sale\"],\"whole\":5.0}", p.toJson());
        assertEquals(p.toJson(), p.toString());
        assertEquals(List.of("color", "count", "dims", "ok", "price", "tags", "whole"), List.copyOf(p.toMap().keySet()));
    }

    @Test
    void equalityIgnoresTheOrderKeysWereGivenIn() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1);
        a.put("y", List.of(1, 2));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("y", List.of(1L, 2L));
        b.put("x", 1L);
        assertEquals(Payload.of(a), Payload.of(b));
        assertEquals(Payload.of(a).hashCode(), Payload.of(b).hashCode());
        assertNotEquals(Payload.of(Map.of("x", 1)), Payload.of(Map.of("x", 1.0)), "an integer is not a float");
        assertNotEquals(Payload.of(Map.of("y", List.of(2, 1))), Payload.of(Map.of("y", List.of(1, 2))));
        assertEquals(Payload.empty(), Payload.of(Map.of()));
    }

    @Test
    void theEmptyPayload() {
        assertTrue(Payload.empty().isEmpty());
        assertEquals(3, Payload.empty().sizeInBytes());
        assertEquals("{}", Payload.empty().toJson());
        assertEquals(Map.of(), Payload.empty().toMap());
        assertFalse(Payload.of(Map.of("a", Map.of())).isEmpty());
        assertEquals(Payload.of(Map.of("a", 1)).sizeInBytes(), Payload.of(Map.of("a", 1)).encoded().length);
    }

    @Test
    void toMapIsAFreshMutableCopy() {
        Payload p = Payload.of(Map.of("l", List.of(1), "m", Map.of("k", "v")));
        Map<String, Object> m = p.toMap();
        assertNotSame(m, p.toMap());
        m.put("new", 1);
        @SuppressWarnings("unchecked")
        List<Object> l = (List<Object>) m.get("l");
        l.add(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) m.get("m");
        inner.clear();
        assertEquals(Map.of("l", List.of(1L), "m", Map.of("k", "v")), p.toMap());
    }

    @Test
    void changingTheSourceMapAfterwardsChangesNothing() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> src = new LinkedHashMap<>(Map.of("tags", tags));
        Payload p = Payload.of(src);
        tags.add("b");
        src.put("x", 1);
        assertEquals(Map.of("tags", List.of("a")), p.toMap());
    }

    @Test
    void invalidValuesNameTheirPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Payload.of(Map.of("tags", List.of("a", "b", Double.NaN))));
        assertEquals("payload.tags[2]: NaN is not a valid payload number", e.getMessage());
        assertThrows(NullPointerException.class, () -> Payload.of(null));
    }

    @Test
    void encodedBytesRoundTripWithoutACopy() {
        Payload p = Payload.of(Map.of("a", 1));
        byte[] bytes = p.encoded();
        Payload q = Payload.ofEncoded(bytes);
        assertSame(bytes, q.encoded());
        assertEquals(p, q);
        assertArrayEquals(bytes, Payload.of(q.toMap()).encoded());
    }
}
