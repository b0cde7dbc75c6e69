package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PayloadPathTest {
    /** Stands for "the path ends at an object" in the values collected. */
    static final String OBJECT = "<object>";

    /** Collects what a walk visits, as the Java values decoding gives. */
    static final class Collector implements PayloadPath.ValueVisitor {
        final List<Object> values = new ArrayList<>();

        @Override
        public void nullValue() {
            values.add(null);
        }

        @Override
        public void bool(boolean v) {
            values.add(v);
        }

        @Override
        public void integer(long v) {
            values.add(v);
        }

        @Override
        public void floating(double v) {
            values.add(v);
        }

        @Override
        public void string(byte[] utf8, int off, int len) {
            values.add(Utf8.decode(utf8, off, len));
        }

        @Override
        public void object() {
            values.add(OBJECT);
        }
    }

    static List<Object> visit(byte[] doc, String... path) {
        Collector c = new Collector();
        PayloadPath.forEach(doc, 0, doc.length, path, c);
        Collector framed = new Collector();
        byte[] shifted = new byte[doc.length + 5];
        System.arraycopy(doc, 0, shifted, 2, doc.length);
        PayloadPath.forEach(shifted, 2, doc.length, PayloadPath.utf8(path), framed);
        assertEquals(c.values, framed.values, "the same document inside a larger array");
        return c.values;
    }

    /** The same walk over the decoded document. */
    static void naive(Object v, String[] path, int step, List<Object> out) {
        if (v instanceof List<?> list) {
            list.forEach(e -> naive(e, path, step, out));
        } else if (step == path.length) {
            out.add(v instanceof Map ? OBJECT : v);
        } else if (v instanceof Map<?, ?> m && m.containsKey(path[step])) {
            naive(m.get(path[step]), path, step + 1, out);
        }
    }

    @Test
    void listsOfObjectsAreFlattened() {
        byte[] doc = PayloadCodec.encode(Map.of("items", List.of(
                Map.of("sku", "a"), Map.of("sku", "b", "n", 1), Map.of("other", 2), List.of(Map.of("sku", "c")))));
        assertEquals(List.of("a", "b", "c"), visit(doc, "items", "sku"));
        assertEquals(List.of(1L), visit(doc, "items", "n"));
        assertEquals(List.of(OBJECT, OBJECT, OBJECT, OBJECT), visit(doc, "items"));
        assertEquals(List.of(), visit(doc, "items", "sku", "deeper"));
        assertEquals(List.of(), visit(doc, "missing"));
    }

    @Test
    void leavesOfEveryTypeAreVisited() {
        List<Object> values = Arrays.asList(null, true, false, -7, 2.5, "é", List.of(), List.of(List.of(1, 2), 3), Map.of("k", 1));
        byte[] doc = PayloadCodec.encode(Map.of("v", values, "meta", Map.of("color", "red", "size", 3.0)));
        assertEquals(Arrays.asList(null, true, false, -7L, 2.5, "é", 1L, 2L, 3L, OBJECT), visit(doc, "v"));
        assertEquals(List.of("red"), visit(doc, "meta", "color"));
        assertEquals(List.of(3.0), visit(doc, "meta", "size"));
        assertEquals(List.of(), visit(doc, "meta", "color", "x"), "a path goes on past a scalar: nothing");
        assertEquals(List.of(), visit(doc, "meta", "c"));
        assertEquals(List.of(), visit(doc, "meta", "zz"));
        assertEquals(List.of(OBJECT), visit(doc), "the empty path is the document");
        assertEquals(List.of(), visit(new byte[0], "a"), "no payload, nothing");
        assertEquals(List.of("red"), visitParsed(doc, "meta.color"));
    }

    private static List<Object> visitParsed(byte[] doc, String field) {
        Collector c = new Collector();
        PayloadPath.forEach(doc, 0, doc.length, PayloadPath.parse(field), c);
        return c.values;
    }

    @Test
    void keysAreMatchedAsUtf8() {
        byte[] doc = PayloadCodec.encode(Map.of("é", 1, "\uffff", 2, "😀", 3, "", 4, "a.b", 5));
        assertEquals(List.of(1L), visit(doc, "é"));
        assertEquals(List.of(2L), visit(doc, "\uffff"));
        assertEquals(List.of(3L), visit(doc, "😀"));
        assertEquals(List.of(4L), visit(doc, ""));
        assertEquals(List.of(5L), visit(doc, "a.b"));
        assertEquals(List.of(), visitParsed(doc, "a.b"), "parse splits at the dot");
    }

    @Property(tries = 500)
    void agreesWithAWalkOverTheDecodedDocument(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] doc = PayloadCodec.encode(PayloadDocs.document(rnd, 1 + rnd.nextInt(6)));
        Map<String, Object> decoded = PayloadCodec.decode(doc);
        for (int t = 0; t < 20; t++) {
            String[] path = new String[rnd.nextInt(5)];
            for (int i = 0; i < path.length; i++) {
                path[i] = PayloadDocs.KEYS[rnd.nextInt(PayloadDocs.KEYS.length)];
            }
            List<Object> expected = new ArrayList<>();
            naive(decoded, path, 0, expected);
            assertEquals(expected, visit(doc, path), String.join("/", path));
        }
    }
}
