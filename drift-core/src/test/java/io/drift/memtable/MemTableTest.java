package io.drift.memtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
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
    @EnumSource(Distance.class)
    void unlinkedRowsAreScanned(Distance metric) {
        int n = 2000;
        int d = 64;
        int k = 10;
        float[] data = TestVectors.clustered(n, d, 20, 0.3, 5);
        if (metric == Distance.COSINE) {
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
        if (metric == Distance.COSINE) {
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

    /**
     * When most of the graph's best nodes are deleted, the search widens its beam until it has k
     * live rows; each row is offered once, so the top k holds k distinct rows (the rounds before
     * the last offered their live rows again, and the repeats took the places of the k-th).
     */
    @org.junit.jupiter.api.Test
    void aWidenedSearchOffersEachRowOnce() throws InterruptedException {
        int n = 3000;
        int d = 16;
        int k = 10;
        float[] data = TestVectors.clustered(n, d, 10, 0.3, 8);
        java.util.concurrent.ExecutorService linker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            MemTable table = new MemTable(d, Distance.L2, 16, 100, 1, linker);
            for (int r = 0; r < n; r++) {
                table.append(r, data, r * d);
            }
            table.scheduleLinking();
            while (table.linkedRows() < n) {
                Thread.sleep(5);
            }
            float[] queries = TestVectors.clustered(20, d, 10, 0.3, 9);
            for (int qi = 0; qi < 20; qi++) {
                float[] q = Arrays.copyOfRange(queries, qi * d, (qi + 1) * d);
                TopK nearest = new TopK(30); // the 30 nearest live rows: delete all but the last 5
                table.search(q, 30, 64, true, nearest);
                long[] order = new long[30];
                nearest.drainSorted(order, new float[30]);
                for (int i = 0; i < 25; i++) {
                    table.kill((int) order[i]);
                }
                TopK approx = new TopK(k);
                table.search(q, k, 16, false, approx);
                long[] ids = approx.drainIds();
                assertEquals(k, ids.length, "query " + qi);
                Set<Long> distinct = new HashSet<>();
                for (long id : ids) {
                    assertTrue(distinct.add(id), "query " + qi + ": row " + id + " offered twice");
                    assertTrue(!table.isDead((int) id), "query " + qi + ": deleted row " + id + " returned");
                }
            }
        } finally {
            linker.shutdown();
        }
    }

    private static float distance(Distance metric, float[] q, float[] data, int off, int d) {
        VectorKernels kernels = VectorKernels.get();
        return switch (metric) {
            case L2 -> kernels.l2Squared(q, 0, data, off, d);
            case COSINE -> 1f - kernels.dot(q, 0, data, off, d);
            case DOT -> -kernels.dot(q, 0, data, off, d);
        };
    }
}
