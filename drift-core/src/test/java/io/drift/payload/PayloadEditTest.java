package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PayloadEditTest {

    static byte[] enc(Map<String, ?> doc) {
        return PayloadCodec.encode(doc);
    }

    @Test
    void mergeReplacesAndAddsTopLevelFields() {
        byte[] base = enc(Map.of("a", 1, "b", Map.of("x", 1, "y", 2), "c", "keep"));
        byte[] patch = enc(Map.of("b", Map.of("z", 3), "d", List.of(1), "a", 1.5));
        assertArrayEquals(enc(Map.of("a", 1.5, "b", Map.of("z", 3), "c", "keep", "d", List.of(1))),
                PayloadCodec.merge(base, patch), "nested objects are replaced, not merged");
        assertArrayEquals(patch, PayloadCodec.merge(null, patch));
        assertArrayEquals(patch, PayloadCodec.merge(new byte[0], patch));
        assertArrayEquals(base, PayloadCodec.merge(base, PayloadCodec.empty()));
        assertArrayEquals(PayloadCodec.empty(), PayloadCodec.merge(null, null));
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("c", null);
        Map<String, Object> cleared = new HashMap<>(Map.of("a", 1L, "b", Map.of("x", 1L, "y", 2L)));
        cleared.put("c", null);
        assertEquals(cleared, PayloadCodec.decode(PayloadCodec.merge(base, enc(withNull))),
                "a null replaces a value, it does not remove it");
    }

    @Test
    void removeKeysDropsTopLevelFieldsOnly() {
        byte[] base = enc(Map.of("a", 1, "b", Map.of("a", 2), "é", 3));
        assertArrayEquals(enc(Map.of("b", Map.of("a", 2))), PayloadCodec.removeKeys(base, List.of("a", "é", "zz")));
        assertArrayEquals(base, PayloadCodec.removeKeys(base, List.of()));
        assertArrayEquals(base, PayloadCodec.removeKeys(base, List.of("b.a", "\ud800", "")));
        assertArrayEquals(PayloadCodec.empty(), PayloadCodec.removeKeys(base, List.of("b", "a", "é")));
        assertArrayEquals(PayloadCodec.empty(), PayloadCodec.removeKeys(null, List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.removeKeys(base, Arrays.asList("a", null)));
    }

    @Test
    void malformedInputsAreRejected() {
        byte[] good = enc(Map.of("a", 1));
        byte[] bad = {0x07, 0x03, 0x01, 0x01, 'a'};
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.merge(bad, good));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.merge(good, bad));
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.removeKeys(bad, List.of("a")));
    }

    @Property(tries = 300)
    void editsAgreeWithEditsOfTheDecodedMaps(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Object> base = PayloadDocs.document(rnd, 1 + rnd.nextInt(4));
        Map<String, Object> patch = PayloadDocs.document(rnd, 1 + rnd.nextInt(4));
        Map<String, Object> merged = new HashMap<>(base);
        merged.putAll(patch);
        assertArrayEquals(enc(merged), PayloadCodec.merge(enc(base), enc(patch)));
        List<String> remove = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            remove.add(PayloadDocs.KEYS[rnd.nextInt(PayloadDocs.KEYS.length)]);
        }
        Map<String, Object> kept = new HashMap<>(base);
        kept.keySet().removeAll(remove);
        assertArrayEquals(enc(kept), PayloadCodec.removeKeys(enc(base), remove));
    }
}
