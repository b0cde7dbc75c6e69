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

class HnswGraphTest {

    @ParameterizedTest
    @EnumSource(value = Distance.class, names = {"L2", "DOT"})
    void findsTheNearestNodesWithHighRecall(Distance metric) {
        int n = 5000, d = 32, ef = 64, k = 10;
        float[] data = TestVectors.clustered(n, d, 20, 0.25, 1);
        HnswGraph g = HnswGraph.build(data, n, d, metric, 16, 100, 7);
        HnswGraph.Searcher s = g.searcher();
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
        HnswGraph g = HnswGraph.build(one, 1, 2, Distance.L2, 16, 100, 1);
        int[] nodes = new int[4];
        float[] dist = new float[4];
        assertEquals(1, g.searcher().search(new float[] {0f, 0f}, 4, nodes, dist));
        assertEquals(0, nodes[0]);
        assertEquals(5f, dist[0]);

        float[] three = {0f, 0f, 10f};
        HnswGraph line = HnswGraph.build(three, 3, 1, Distance.L2, 2, 10, 1);
        assertEquals(3, line.searcher().search(new float[] {9f}, 8, nodes, dist));
        assertEquals(2, nodes[0]);
    }
}
