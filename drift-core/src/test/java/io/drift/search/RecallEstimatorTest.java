package io.drift.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.bucket.CentroidTable;
import io.drift.vector.Distance;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The geometry of the per-query estimate, on centroids placed by hand. */
class RecallEstimatorTest {

    /** Two buckets on a line at -1 and +1 (1-D), one partition, 100 live rows each. */
    private static RecallEstimator twoBuckets(float query, BallCap cap, int[] live) {
        float[] centroids = {-1f, 1f};
        CentroidTable table = new CentroidTable(Distance.L2, 1, centroids, new float[] {0.5f, 0.5f}, 1 << 20);
        float[] dist = {Math.abs(query + 1), Math.abs(query - 1)};
        BucketSelector selector = new BucketSelector();
        selector.start(dist, 2, 1.0, 1.0, new float[] {1, 1}, 0, 1.0, new int[2], 1, live);
        RecallEstimator e = new RecallEstimator();
        e.start(dist, 2, new int[2], 1, selector, new float[] {live[0] / 100f, live[1] / 100f}, table, cap);
        return e;
    }

    @Test
    void inOneDimensionTheShareIsTheSegmentBeyondTheMidpoint() {
        BallCap line = new BallCap(1);
        // the query at -0.5: the boundary (0) lies 0.5 away; a ball of radius 1 puts 1/4 of itself beyond it
        RecallEstimator e = twoBuckets(-0.5f, line, new int[] {100, 100});
        assertEquals(0, e.estimate(1.0), 1e-12, "nothing covered");
        e.cover(0);
        assertEquals(0.75, e.estimate(1.0), 1e-3);
        assertEquals(1.0, e.estimate(0.4), 1e-12, "a ball inside the first cell");
        e.cover(1);
        assertEquals(1.0, e.estimate(0.4), 1e-12);
        assertEquals(0, twoBuckets(-0.5f, line, new int[] {100, 100}).estimate(Double.POSITIVE_INFINITY),
                "an unbounded ball: fewer than k candidates");
    }

    @Test
    void aCellWhoseRowsAreMostlyDeletedHoldsLessOfTheBall() {
        BallCap line = new BallCap(1);
        RecallEstimator full = twoBuckets(-0.5f, line, new int[] {100, 100});
        RecallEstimator sparse = twoBuckets(-0.5f, line, new int[] {100, 10});
        full.cover(0);
        sparse.cover(0);
        assertTrue(sparse.estimate(1.0) > full.estimate(1.0), sparse.estimate(1.0) + " vs " + full.estimate(1.0));
        assertEquals(0.75 / (0.75 + 0.25 * 0.1), sparse.estimate(1.0), 1e-3);
    }

    @Test
    void theEstimateGrowsAsBucketsAreCoveredAndReachesOne() {
        int n = 64;
        int d = 8;
        SplittableRandom rnd = new SplittableRandom(3);
        float[] centroids = new float[n * d];
        for (int i = 0; i < centroids.length; i++) {
            centroids[i] = (float) rnd.nextGaussian();
        }
        float[] rms = new float[n];
        Arrays.fill(rms, 0.5f);
        CentroidTable table = new CentroidTable(Distance.L2, d, centroids, rms, 1 << 20);
        float[] q = new float[d];
        float[] dist = new float[n];
        table.distances(q, dist, table.ranker());
        int[] live = new int[n];
        Arrays.fill(live, 50);
        BucketSelector selector = new BucketSelector();
        selector.start(dist, n, 0.5, 12, reliability(n), 0, 1.0, new int[n], 1, live);
        RecallEstimator e = new RecallEstimator();
        float[] alive = new float[n];
        Arrays.fill(alive, 1f);
        e.start(dist, n, new int[n], 1, selector, alive, table, new BallCap(d));
        double previous = 0;
        for (int b = selector.next(false); b >= 0; b = selector.next(false)) {
            e.cover(b);
            double now = e.estimate(1.0);
            assertTrue(now >= previous - 1e-12, "covering a bucket never lowers the estimate");
            previous = now;
        }
        assertEquals(1.0, previous, 1e-9);
        assertEquals(dist[nearest(dist)] / 0.5, e.remoteness(0.5), 1e-6);
    }

    private static float[] reliability(int n) {
        float[] r = new float[n];
        Arrays.fill(r, 1f);
        return r;
    }

    private static int nearest(float[] dist) {
        int best = 0;
        for (int i = 1; i < dist.length; i++) {
            best = dist[i] < dist[best] ? i : best;
        }
        return best;
    }

    @Test
    void selectionFindsTheRthSmallest() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + rnd.nextInt(300);
            float[] a = new float[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextInt(50); // ties included
            }
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int r = rnd.nextInt(n);
            assertEquals(sorted[r], RecallGoal.select(a.clone(), n, r), "n " + n + " r " + r);
        }
    }
}
