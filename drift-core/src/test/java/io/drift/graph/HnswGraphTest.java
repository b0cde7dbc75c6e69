package io.drift.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The graph over a fixed array of floats, built on one thread as centroid ranking builds it (the
 * memtable's concurrent use is {@code RowGraphTest}'s).
 */
class HnswGraphTest {

    /** The graph over rows {@code data[0..n·d)}, inserted in order; with a searcher and a scorer over it. */
    private record Built(HnswGraph graph, HnswSearcher searcher, GraphVectors.Scorer scorer) {
        int search(float[] q, int ef, int[] nodes, float[] dist) {
            scorer.query(q, 0);
            return searcher.search(scorer, ef, nodes, dist);
        }
    }

    private static Built build(float[] data, int n, int d, Distance metric, int m, int efConstruction, long seed) {
        boolean ip = metric == Distance.DOT;
        FloatVectors vectors = new FloatVectors(data, d, ip);
        HnswGraph g = new HnswGraph(m, seed);
        HnswBuilder b = new HnswBuilder(g, vectors, efConstruction, !ip, !ip);
        for (int i = 0; i < n; i++) {
            b.insert(i);
        }
        assertEquals(n, g.size());
        return new Built(g, new HnswSearcher(g), vectors.scorer());
    }

    @ParameterizedTest
    @EnumSource(value = Distance.class, names = {"L2", "DOT"})
    void findsTheNearestNodesWithHighRecall(Distance metric) {
        int n = 5000, d = 32, ef = 64, k = 10;
        float[] data = TestVectors.clustered(n, d, 20, 0.25, 1);
        Built s = build(data, n, d, metric, 16, 100, 7);
        SplittableRandom rnd = new SplittableRandom(2);
        int[] nodes = new int[ef];
        float[] dist = new float[ef];
        int hits = 0;
        int queries = 100;
        for (int t = 0; t < queries; t++) {
            float[] q = new float[d];
            int base = rnd.nextInt(n);
            for (int i = 0; i < d; i++) {
                q[i] = data[base * d + i] + (float) rnd.nextGaussian() * 0.5f;
            }
            int found = s.search(q, ef, nodes, dist);
            assertEquals(ef, found);
            for (int i = 1; i < found; i++) {
                assertTrue(dist[i - 1] <= dist[i], "nearest first");
            }
            for (int i = 0; i < found; i++) {
                float expected = metric == Distance.DOT ? Distance.DOT.distance(q, 0, data, nodes[i] * d, d)
                        : Distance.L2.distance(q, 0, data, nodes[i] * d, d);
                assertEquals(expected, dist[i], 1e-3f * Math.max(1f, Math.abs(expected)));
            }
            TopK exact = new TopK(k);
            for (int r = 0; r < n; r++) {
                exact.offer(r, metric.distance(q, 0, data, r * d, d));
            }
            Set<Long> got = new HashSet<>();
            for (int i = 0; i < k; i++) {
                got.add((long) nodes[i]);
            }
            for (long id : exact.drainIds()) {
                hits += got.contains(id) ? 1 : 0;
            }
        }
        double recall = hits / (double) (queries * k);
        assertTrue(recall >= 0.95, metric + " recall@10 at ef 64: " + recall);
    }

    @Test
    void tinyGraphsWork() {
        float[] one = {1f, 2f};
        Built g = build(one, 1, 2, Distance.L2, 16, 100, 1);
        int[] nodes = new int[4];
        float[] dist = new float[4];
        assertEquals(1, g.search(new float[] {0f, 0f}, 4, nodes, dist));
        assertEquals(0, nodes[0]);
        assertEquals(5f, dist[0]);

        float[] three = {0f, 0f, 10f};
        Built line = build(three, 3, 1, Distance.L2, 2, 10, 1);
        nodes = new int[8];
        dist = new float[8];
        assertEquals(3, line.search(new float[] {9f}, 8, nodes, dist));
        assertEquals(2, nodes[0]);
    }
}
