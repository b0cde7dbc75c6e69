package io.drift.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import io.drift.TestVectors;
import io.drift.search.TopK;
import io.drift.vector.VectorKernels;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MemTableTest {

    /**
     * Without a linker no row is in the graph: an approximate search scans them all. It finds
     * the exact top k with exact distances, and never a deleted row.
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    void unlinkedRowsAreScanned(Metric metric) {
        int n = 2000;
        int d = 64;
        int k = 10;
        float[] data = TestVectors.clustered(n, d, 20, 0.3, 5);
        if (metric == Metric.COSINE) {
            TestVectors.normalise(data, d);
        }
        MemTable table = new MemTable(d, metric, 16, 100, 1, null);
        for (int r = 0; r < n; r++) {
            table.append(1000 + r, data, r * d);
        }
        for (int r = 0; r < n; r += 7) {
            table.kill(r);
        }
        float[] queries = TestVectors.clustered(50, d, 20, 0.3, 6);
        if (metric == Metric.COSINE) {
            TestVectors.normalise(queries, d);
        }
        double recall = 0;
        for (int qi = 0; qi < 50; qi++) {
            float[] q = Arrays.copyOfRange(queries, qi * d, (qi + 1) * d);
            TopK approx = new TopK(k);
            table.search(q, k, 64, false, approx);
            TopK exact = new TopK(k);
            table.search(q, k, 64, true, exact);
            long[] ids = new long[k];
            float[] dist = new float[k];
            assertEquals(k, approx.drainSorted(ids, dist));
            long[] exactIds = exact.drainIds();
            Set<Long> truth = new HashSet<>();
            for (long id : exactIds) {
                truth.add(id);
            }
            for (int i = 0; i < k; i++) {
                int row = (int) (ids[i] - 1000);
                assertTrue(row % 7 != 0, "deleted row " + row + " returned");
                assertEquals(distance(metric, q, data, row * d, d), dist[i], 1e-4f * Math.max(1f, Math.abs(dist[i])),
                        "the distance offered is the exact one");
                recall += truth.contains(ids[i]) ? 1.0 / (k * 50) : 0;
            }
        }
        assertEquals(1.0, recall, 1e-9, "recall@" + k + " of the scan");
    }

    private static float distance(Metric metric, float[] q, float[] data, int off, int d) {
        VectorKernels kernels = VectorKernels.get();
        return switch (metric) {
            case L2 -> kernels.l2Squared(q, 0, data, off, d);
            case COSINE -> 1f - kernels.dot(q, 0, data, off, d);
            case DOT -> -kernels.dot(q, 0, data, off, d);
        };
    }
}
