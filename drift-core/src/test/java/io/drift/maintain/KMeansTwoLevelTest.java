package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.TestVectors;
import io.drift.vector.Distance;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The large-k paths of {@link KMeans}: two-level, and flat Lloyd on a sample. */
class KMeansTwoLevelTest {

    /** Two-level whenever k >= 4. */
    static KMeans.Params twoLevel(long seed) {
        return new KMeans.Params(seed, 25, 1e-4, 20_000, KMeans.Params.DEFAULT_ROWS_PER_CENTROID, 0);
    }

    static float[] synthetic(int n, int d, long seed) {
        return TestVectors.drifting(n, d, seed);
    }

    /**
     * k clusters, none empty, sizes and inertia matching the assignment, and every row with its
     * nearest centroid (up to the float rounding of comparing ‖c‖² − 2·x·c).
     */
    static void checkClustering(float[] data, int n, int d, int k, KMeans.Result r) {
        assertEquals(k, r.k());
        assertEquals(k * d, r.centroids().length);
        assertEquals(n, r.assignment().length);
        int[] sizes = new int[k];
        double inertia = 0;
        float[] norms = new float[k];
        for (int c = 0; c < k; c++) {
            norms[c] = Distance.L2.distance(r.centroids(), c * d, new float[d], 0, d);
        }
        for (int i = 0; i < n; i++) {
            int own = r.assignment()[i];
            sizes[own]++;
            float mine = Distance.L2.distance(data, i * d, r.centroids(), own * d, d);
            inertia += mine;
            float norm = Distance.L2.distance(data, i * d, new float[d], 0, d);
            for (int c = 0; c < k; c++) {
                float other = Distance.L2.distance(data, i * d, r.centroids(), c * d, d);
                assertTrue(mine <= other + 1e-5f * (norm + norms[c]) + 1e-6f,
                        "row " + i + " sits with centroid " + own + " at " + mine + " but centroid " + c + " is at " + other);
            }
        }
        for (int c = 0; c < k; c++) {
            assertTrue(sizes[c] > 0, "cluster " + c + " is empty");
        }
        assertArrayEquals(sizes, r.sizes());
        assertEquals(inertia, r.inertia(), 1e-4 * inertia);
    }

    @Test
    void twoLevelGivesExactlyKClustersWithEveryRowAtItsNearestCentroid() {
        int n = 10_000, d = 16;
        float[] data = synthetic(n, d, 4);
        for (int k : new int[] {4, 37, 300, 1000}) {
            checkClustering(data, n, d, k, KMeans.fit(data, n, d, k, twoLevel(k)));
        }
    }

    @Test
    void flatOnASampleThenAllRows() {
        int n = 8000, d = 12, k = 30;
        float[] data = synthetic(n, d, 6);
        // Lloyd on 30 · 16 = 480 rows, then one step over all of them
        KMeans.Params p = new KMeans.Params(1, 25, 1e-4, 20_000, 16, KMeans.Params.DEFAULT_FLAT_WORK);
        checkClustering(data, n, d, k, KMeans.fit(data, n, d, k, p));
    }

    @Test
    void twoLevelInertiaIsCloseToFlat() {
        int n = 20_000, d = 16, k = 200;
        float[] data = synthetic(n, d, 8);
        double flat = KMeans.fit(data, n, d, k, KMeans.Params.defaults(3)).inertia();
        double twoLevel = KMeans.fit(data, n, d, k, twoLevel(3)).inertia();
        assertTrue(twoLevel <= 1.02 * flat, "two-level inertia " + twoLevel + " vs flat " + flat);
    }

    @Test
    void twoLevelNeverLeavesAClusterEmptyEvenWithDuplicatesAndKNearN() {
        int n = 300, d = 4;
        float[] data = new float[n * d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                data[r * d + i] = r < 200 ? 1f : r % 7 == 0 ? 2f : r * (i + 1); // 200 identical rows, then a few more
            }
        }
        for (int k : new int[] {4, 50, 100, 140, 299, 300}) {
            KMeans.Result r = KMeans.fit(data, n, d, k, twoLevel(k));
            assertEquals(k, r.sizes().length);
            int total = 0;
            for (int c = 0; c < k; c++) {
                assertTrue(r.sizes()[c] > 0, "k=" + k + ": cluster " + c + " is empty");
                total += r.sizes()[c];
            }
            assertEquals(n, total);
        }
    }

    @Test
    void deterministicForASeedWhateverTheCoreCount() throws Exception {
        int n = 30_000, d = 24, k = 500;
        float[] data = synthetic(n, d, 10);
        KMeans.Result common = KMeans.fit(data, n, d, k, twoLevel(7));
        KMeans.Result again = KMeans.fit(data, n, d, k, twoLevel(7));
        assertArrayEquals(common.centroids(), again.centroids());
        assertArrayEquals(common.assignment(), again.assignment());
        for (int threads : new int[] {1, 3}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                KMeans.Result other = pool.submit(() -> KMeans.fit(data, n, d, k, twoLevel(7))).get();
                assertArrayEquals(common.centroids(), other.centroids(), threads + " threads");
                assertArrayEquals(common.assignment(), other.assignment(), threads + " threads");
                assertEquals(common.inertia(), other.inertia(), threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
        assertTrue(KMeans.fit(data, n, d, k, twoLevel(8)).inertia() != common.inertia(), "another seed, another clustering");
    }

    @Test
    void centroidsAreSharedInProportionToRows() {
        int[] share = TwoLevel.share(new int[] {1000, 0, 10, 1, 3000, 2}, 40);
        assertArrayEquals(new int[] {10, 0, 1, 1, 27, 1}, share);
        // never more centroids than rows
        assertArrayEquals(new int[] {3, 0, 1, 2}, TwoLevel.share(new int[] {3, 0, 1, 2}, 6));
    }

    @Test
    void scalarAndVectorBlocksFindTheSameNearestCentroids() {
        int n = 64, k = 40, d = 37;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = new float[n * d];
        float[] c = new float[k * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) rnd.nextGaussian();
        }
        for (DotBlocks blocks : new DotBlocks[] {DotBlocks.get(), new DotBlocks.Scalar()}) {
            int w = blocks.width();
            int blockCount = (k + w - 1) / w;
            float[] ct = new float[blockCount * w * d];
            float[] norms = new float[blockCount * w];
            java.util.Arrays.fill(norms, Float.POSITIVE_INFINITY);
            for (int j = 0; j < k; j++) {
                norms[j] = Distance.L2.distance(c, j * d, new float[d], 0, d);
                for (int i = 0; i < d; i++) {
                    ct[(j / w) * w * d + i * w + j % w] = c[j * d + i];
                }
            }
            float[] best = new float[n * w];
            int[] index = new int[n * w];
            java.util.Arrays.fill(best, Float.POSITIVE_INFINITY);
            for (int b = 0; b < blockCount; b++) {
                for (int r = 0; r < n; r += 4) {
                    blocks.nearest4(x, r * d, (r + 1) * d, (r + 2) * d, (r + 3) * d, ct, b * w * d, d, norms, b * w,
                            best, index, r);
                }
            }
            for (int r = 0; r < n; r++) {
                int found = index[r * w];
                float score = best[r * w];
                for (int q = 1; q < w; q++) {
                    if (best[r * w + q] < score) {
                        score = best[r * w + q];
                        found = index[r * w + q];
                    }
                }
                int nearest = 0;
                for (int j = 1; j < k; j++) {
                    if (Distance.L2.distance(x, r * d, c, j * d, d) < Distance.L2.distance(x, r * d, c, nearest * d, d)) {
                        nearest = j;
                    }
                }
                assertEquals(nearest, found, blocks.getClass().getSimpleName() + " row " + r);
            }
        }
    }
}
