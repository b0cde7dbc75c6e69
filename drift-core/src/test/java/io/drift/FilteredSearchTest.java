package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filtered search over more matching rows than the exact plan takes, so bucket selection runs:
 * an exhaustive filtered search equals the exact answer over the matching rows, whole buckets
 * scanned with the filter's bitset and sparse ones row by row alike; an approximate one returns
 * {@code min(k, matching)} hits, all matching, with the indexes and without them.
 */
class FilteredSearchTest {

    @TempDir
    Path dir;

    static final int D = 16;
    static final int N = 12_000;

    @Test
    void filteredSearchesOverManyRowsMatchTheExactAnswer() throws IOException {
        float[] data = TestVectors.clustered(N, D, 24, 0.35, 5);
        int[] cls = new int[N];
        int[] r = new int[N];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection c = engine.createCollection("f", D, Metric.L2, CollectionConfig.builder()
                    .calibrationQueries(0).build());
            List<Point> batch = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                cls[i] = (i / 500) % 7; // classes follow the clusters only loosely: dense and sparse buckets
                r[i] = rnd.nextInt(1000);
                batch.add(new Point(i, Arrays.copyOfRange(data, i * D, (i + 1) * D),
                        Payload.of(Map.of("cls", "c" + cls[i], "r", (long) r[i]))));
                if (batch.size() == 1000) {
                    c.upsert(batch);
                    batch.clear();
                }
            }
            c.flush();
            c.delete(new long[] {1, 2, 3, 501, 502});
            for (boolean indexed : new boolean[] {false, true}) {
                if (indexed) {
                    c.createFieldIndex("cls", FieldIndexType.KEYWORD);
                    c.createFieldIndex("r", FieldIndexType.INTEGER);
                }
                check(c, data, Filter.builder().must(Filter.range("r", null, null, 500.0, null)).build(),
                        i -> r[i] < 500, "r < 500, indexed " + indexed);
                check(c, data, Filter.builder().must(Filter.match("cls", "c2")).build(), i -> cls[i] == 2,
                        "cls = c2, indexed " + indexed);
                check(c, data, Filter.builder().mustNot(Filter.match("cls", "c2"), Filter.range("r", null, 900.0, null,
                        null)).build(), i -> cls[i] != 2 && r[i] < 900, "not c2 and not r >= 900, indexed " + indexed);
                check(c, data, Filter.builder().must(Filter.range("r", null, null, 150.0, null)).build(),
                        i -> r[i] < 150, "r < 150 (sparse everywhere), indexed " + indexed);
            }
        }
    }

    private static void check(VectorCollection c, float[] data, Filter f, IntPredicate test, String what) {
        java.util.Set<Long> deleted = java.util.Set.of(1L, 2L, 3L, 501L, 502L);
        for (int q = 0; q < 20; q++) {
            float[] query = Arrays.copyOfRange(data, (q * 577 % N) * D, (q * 577 % N + 1) * D);
            query[0] += 0.05f;
            List<float[]> exact = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                if (test.test(i) && !deleted.contains((long) i)) {
                    exact.add(new float[] {i, Metric.L2.distance(query, Arrays.copyOfRange(data, i * D, (i + 1) * D))});
                }
            }
            exact.sort((a, b) -> Float.compare(a[1], b[1]));
            assertTrue(exact.size() > 1000, what);
            int k = 10;
            SearchResult r = c.search(query, k, SearchOptions.exhaustive().withRerankFactor(400).withFilter(f));
            assertEquals(k, r.size(), what);
            for (int i = 0; i < k; i++) {
                assertEquals(exact.get(i)[1], r.get(i).distance(), 1e-4f * Math.max(1, exact.get(i)[1]),
                        what + " query " + q + " rank " + i);
            }
            SearchResult approx = c.search(query, k, SearchOptions.defaults().withFilter(f));
            assertEquals(k, approx.size(), what);
            for (Hit h : approx.hits()) {
                assertTrue(test.test((int) h.id()) && !deleted.contains(h.id()), what + ": " + h);
            }
        }
    }
}
