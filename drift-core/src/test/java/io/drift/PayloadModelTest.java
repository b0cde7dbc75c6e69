package io.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model-based randomized test of points with payloads, by id and by string key: random upserts,
 * payload merges, overwrites and field deletes, point deletes, reads, exhaustive searches with
 * payloads, flushes, maintenance passes and close/reopen cycles, against a plain map of name →
 * (vector, payload). Every read and every hit must carry the model's vector and payload; the seed
 * is in every failure message.
 */
class PayloadModelTest {

    @TempDir
    Path dir;

    static final int D = CollectionModelTest.D;
    static final int NAMES = 300;
    static final String[] CLASSES = {"shirt", "shoe", "bag", "coat", "hat"};

    record Entry(float[] vector, Payload payload) {}

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @CsvSource({"UINT64, L2, 1", "STRING, L2, 2", "STRING, COSINE, 3", "UINT64, DOT, 4"})
    void matchesTheModel(KeyType keys, Metric metric, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        String where = keys + " " + metric + " seed " + seed;
        CollectionConfig config = CollectionConfig.builder().memtableBytes(90L * D * 4).targetBucketSize(12)
                .calibrationQueries(0).keyType(keys).janitor(CollectionModelTest.AGGRESSIVE).build();
        Map<Integer, Entry> model = new HashMap<>();
        DriftEngine engine = DriftEngine.open(dir);
        VectorCollection c = engine.createCollection("p", D, metric, config);
        try {
            for (int step = 0; step < 1500; step++) {
                String at = where + " step " + step;
                int op = rnd.nextInt(100);
                if (op < 30) {
                    List<Point> batch = new ArrayList<>();
                    for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
                        int n = rnd.nextInt(NAMES);
                        float[] v = CollectionModelTest.vector(rnd);
                        Payload p = randomPayload(rnd);
                        batch.add(keys == KeyType.STRING ? new Point(key(n), v, p) : new Point(n, v, p));
                        model.put(n, new Entry(CollectionModelTest.stored(v, metric), p));
                    }
                    c.upsert(batch);
                } else if (op < 42) {
                    List<Integer> names = randomNames(rnd, 1 + rnd.nextInt(4));
                    Payload patch = randomPayload(rnd);
                    int kind = rnd.nextInt(3);
                    int live = 0;
                    for (int n : names) {
                        Entry e = model.get(n);
                        if (e != null) {
                            live++;
                            Map<String, Object> m = e.payload().toMap();
                            if (kind == 0) {
                                m.putAll(patch.toMap());
                            } else if (kind == 1) {
                                m = patch.toMap();
                            } else {
                                m.keySet().removeAll(List.of("cls", "tags"));
                            }
                            model.put(n, new Entry(e.vector(), Payload.of(m)));
                        }
                    }
                    List<PointId> ids = ids(names, keys);
                    int updated = kind == 0 ? c.setPayload(ids, patch) : kind == 1 ? c.overwritePayload(ids, patch)
                            : c.deletePayload(ids, List.of("cls", "tags"));
                    assertEquals(live, updated, at + ": points updated");
                } else if (op < 50) {
                    List<Integer> names = randomNames(rnd, 1 + rnd.nextInt(4));
                    int live = 0;
                    for (int n : names) {
                        live += model.remove(n) != null ? 1 : 0;
                    }
                    assertEquals(live, c.delete(ids(names, keys)), at + ": points deleted");
                } else if (op < 51) {
                    FilterOracle.Pair f = FilterOracle.random(rnd, keys == KeyType.STRING);
                    int before = model.size();
                    model.entrySet().removeIf(e -> f.test().test(e.getKey(), e.getKey(), e.getValue().payload().toMap()));
                    assertEquals(before - model.size(), c.delete(f.filter()), at + ": points deleted by filter");
                } else if (op < 60) {
                    List<Integer> names = randomNames(rnd, 1 + rnd.nextInt(5));
                    List<Point> got = c.retrieve(ids(names, keys), true);
                    for (int i = 0; i < names.size(); i++) {
                        check(model.get(names.get(i)), got.get(i), names.get(i), keys, at);
                    }
                } else if (op < 72) {
                    float[] q = CollectionModelTest.vector(rnd);
                    int k = 1 + rnd.nextInt(12);
                    FilterOracle.Pair f = rnd.nextBoolean() ? FilterOracle.random(rnd, keys == KeyType.STRING) : null;
                    checkSearch(c, model, q, k, metric, keys, f, at);
                } else if (op < 80) {
                    FilterOracle.Pair f = FilterOracle.random(rnd, keys == KeyType.STRING);
                    assertEquals(matching(model, f).size(), c.count(f.filter()), at + ": count");
                } else if (op < 84) {
                    FilterOracle.Pair f = rnd.nextInt(4) == 0 ? null : FilterOracle.random(rnd, keys == KeyType.STRING);
                    checkScroll(c, model, f, 1 + rnd.nextInt(40), keys, at);
                } else if (op < 86) {
                    String[] fields = {"cls", "price", "n", "tags", "meta.in_stock"};
                    FieldIndexType[] types = {FieldIndexType.KEYWORD, FieldIndexType.FLOAT, FieldIndexType.INTEGER,
                        FieldIndexType.KEYWORD, FieldIndexType.BOOL};
                    int i = rnd.nextInt(fields.length);
                    if (rnd.nextInt(4) == 0) {
                        c.dropFieldIndex(fields[i]);
                    } else {
                        c.createFieldIndex(fields[i], types[i]);
                    }
                } else if (op < 97) {
                    c.flush();
                    c.maintainNow();
                } else {
                    engine.close();
                    engine = DriftEngine.open(dir);
                    c = engine.collection("p");
                }
            }
            assertEquals(model.size(), c.stats().liveRows(), where);
            c.verify();
            for (int n = 0; n < NAMES; n++) {
                check(model.get(n), c.get(keys == KeyType.STRING ? PointId.of(key(n)) : PointId.of(n)), n, keys, where);
            }
        } finally {
            engine.close();
        }
    }

    /** The names of the model's points that meet {@code f} (all of them without one), ascending. */
    static List<Integer> matching(Map<Integer, Entry> model, FilterOracle.Pair f) {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Entry> e : model.entrySet()) {
            if (f == null || f.test().test(e.getKey(), e.getKey(), e.getValue().payload().toMap())) {
                out.add(e.getKey());
            }
        }
        out.sort(null);
        return out;
    }

    /** An exhaustive search equals the exact top k of the matching points; an approximate one has as many hits, all matching. */
    private static void checkSearch(VectorCollection c, Map<Integer, Entry> model, float[] q, int k, Metric metric,
                                    KeyType keys, FilterOracle.Pair f, String at) {
        SearchOptions o = SearchOptions.exhaustive().withRerankFactor(1000).withPayload(true);
        if (f != null) {
            o = o.withFilter(f.filter());
        }
        float[] query = CollectionModelTest.stored(q, metric);
        List<Integer> match = matching(model, f);
        List<Float> exact = new ArrayList<>();
        for (int n : match) {
            exact.add(metric.distance(query, model.get(n).vector()));
        }
        exact.sort(null);
        SearchResult r = c.search(q, k, o);
        assertEquals(Math.min(k, match.size()), r.size(), at + ": hits of " + (f == null ? "no filter" : f.filter()));
        for (int i = 0; i < r.size(); i++) {
            Hit h = r.get(i);
            int n = keys == KeyType.STRING ? nameOf(h.key()) : (int) h.id();
            Entry e = model.get(n);
            assertNotNull(e, at + ": hit " + h + " is not live");
            assertTrue(match.contains(n), at + ": hit " + h + " does not meet the filter");
            assertEquals(e.payload(), h.payload(), at + ": payload of hit " + h);
            assertEquals(exact.get(i), h.distance(), 1e-4f * Math.max(1f, Math.abs(exact.get(i))), at + ": rank " + i);
        }
        SearchResult approx = c.search(q, k, f == null ? SearchOptions.defaults()
                : SearchOptions.defaults().withFilter(f.filter()));
        assertEquals(Math.min(k, match.size()), approx.size(), at + ": approximate hits");
        for (Hit h : approx.hits()) {
            assertTrue(match.contains(keys == KeyType.STRING ? nameOf(h.key()) : (int) h.id()), at + ": approximate hit "
                    + h + " does not meet the filter or is not live");
        }
    }

    /** Scrolling page by page returns every matching point once, in order. */
    private static void checkScroll(VectorCollection c, Map<Integer, Entry> model, FilterOracle.Pair f, int limit,
                                    KeyType keys, String at) throws IOException {
        List<Integer> expected = matching(model, f);
        if (keys == KeyType.STRING) {
            expected.sort(java.util.Comparator.comparing(n -> key(n).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Arrays::compareUnsigned));
        }
        List<Integer> got = new ArrayList<>();
        PointId offset = null;
        do {
            ScrollPage page = c.scroll(f == null ? Filter.all() : f.filter(), limit, offset, false);
            assertTrue(page.points().size() <= limit, at);
            for (Point p : page.points()) {
                int n = keys == KeyType.STRING ? nameOf(p.key()) : (int) p.id();
                got.add(n);
                assertEquals(model.get(n).payload(), p.payload(), at + ": scrolled payload of " + n);
            }
            offset = page.nextOffset();
        } while (offset != null);
        assertEquals(expected, got, at + ": scroll");
    }

    private static void check(Entry expected, Point got, int n, KeyType keys, String at) {
        if (expected == null) {
            assertNull(got, at + ": point " + n + " is deleted or absent");
            return;
        }
        assertNotNull(got, at + ": point " + n);
        assertArrayEquals(expected.vector(), got.vector(), 1e-6f, at + ": vector of point " + n);
        assertEquals(expected.payload(), got.payload(), at + ": payload of point " + n);
        if (keys == KeyType.STRING) {
            assertEquals(key(n), got.key(), at);
        } else {
            assertEquals(n, got.id(), at);
            assertNull(got.key(), at);
        }
    }

    /** Keys of several kinds: ASCII, UUID-like, and multi-byte UTF-8. */
    static String key(int n) {
        return switch (n % 3) {
            case 0 -> "doc-" + n;
            case 1 -> String.format("%08x-0000-4000-8000-%012x", n * 2654435761L & 0xffffffffL, (long) n);
            default -> "ключ-" + n + "-文档";
        };
    }

    static int nameOf(String key) {
        assertNotNull(key, "a hit of a string-keyed collection carries its key");
        String digits = key.startsWith("doc-") ? key.substring(4)
                : key.startsWith("ключ-") ? key.substring(5, key.indexOf("-文档"))
                : Long.toString(Long.parseLong(key.substring(key.lastIndexOf('-') + 1), 16));
        return Integer.parseInt(digits);
    }

    private static List<PointId> ids(List<Integer> names, KeyType keys) {
        List<PointId> out = new ArrayList<>();
        for (int n : names) {
            out.add(keys == KeyType.STRING ? PointId.of(key(n)) : PointId.of(n));
        }
        return out;
    }

    private static List<Integer> randomNames(SplittableRandom rnd, int count) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(rnd.nextInt(NAMES));
        }
        return out;
    }

    /** A payload of the kinds applications keep: a class, numbers, a list, a nested object; sometimes none. */
    static Payload randomPayload(SplittableRandom rnd) {
        if (rnd.nextInt(8) == 0) {
            return Payload.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cls", CLASSES[rnd.nextInt(CLASSES.length)]);
        if (rnd.nextBoolean()) {
            m.put("n", (long) rnd.nextInt(1000) - 500);
        }
        if (rnd.nextBoolean()) {
            m.put("price", rnd.nextInt(10_000) / 100.0);
        }
        if (rnd.nextInt(3) == 0) {
            m.put("tags", List.of("t" + rnd.nextInt(4), "t" + rnd.nextInt(4)));
        }
        if (rnd.nextInt(4) == 0) {
            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("in_stock", rnd.nextBoolean());
            nested.put("note", rnd.nextBoolean() ? null : "x".repeat(rnd.nextInt(40)));
            m.put("meta", nested);
        }
        return Payload.of(m);
    }
}
