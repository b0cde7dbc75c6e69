package io.drift.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BucketSelectorTest {

    static List<Integer> drain(BucketSelector s) {
        List<Integer> order = new ArrayList<>();
        for (int b = s.next(false); b >= 0; b = s.next(false)) {
            order.add(b);
        }
        return order;
    }

    static float[] full(int n) {
        float[] r = new float[n];
        java.util.Arrays.fill(r, 1f);
        return r;
    }

    @Test
    void visitsByDescendingProbabilityAndStopsAtTheConfidence() {
        // distances 0,1,2,...: weights e^0, e^-1, e^-2 ... with λ = s = 1
        int n = 10;
        float[] dist = new float[n];
        for (int b = 0; b < n; b++) {
            dist[n - 1 - b] = b;
        }
        BucketSelector s = new BucketSelector();
        s.start(dist, n, 1.0, 1.0, full(n), 0, 0.9);
        List<Integer> order = drain(s);
        // shares: 0.632, 0.233, 0.086 → 0.951 after three buckets, 0.865 after two
        assertEquals(List.of(9, 8, 7), order);
        assertTrue(s.confidenceReached() >= 0.9);
    }

    @Test
    void bucketsWithoutLiveRowsAreNeverScanned() {
        int n = 50;
        SplittableRandom rnd = new SplittableRandom(1);
        float[] dist = new float[n];
        float[] reliability = new float[n];
        for (int b = 0; b < n; b++) {
            dist[b] = (float) rnd.nextDouble();
            reliability[b] = b % 3 == 0 ? 0f : (float) (1 - Math.exp(-rnd.nextInt(1, 200) / 100.0));
        }
        // the nearest bucket of all is empty
        dist[0] = -1f;
        BucketSelector s = new BucketSelector();
        for (double confidence : new double[] {0.5, 0.99, 1.0}) {
            s.start(dist, n, 0.1, 2.0, reliability, 3, confidence);
            List<Integer> order = drain(s);
            assertFalse(order.isEmpty());
            for (int b : order) {
                assertTrue(reliability[b] > 0, "scanned empty bucket " + b + " at confidence " + confidence);
            }
            if (confidence == 1.0) {
                assertEquals(n - (n + 2) / 3, order.size(), "exhaustive visits every live bucket");
            }
        }
    }

    @Test
    void theGuardrailBucketsAreAlwaysScanned() {
        // the three nearest centroids hold few live rows, so their P_eff is tiny next to one far,
        // full bucket; a low confidence would stop after that bucket without the guardrail
        int n = 6;
        float[] dist = {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        float[] reliability = {0.001f, 0.001f, 0.001f, 0f, 1f, 0.5f};
        BucketSelector s = new BucketSelector();
        s.start(dist, n, 1.0, 1.0, reliability, 3, 0.5);
        List<Integer> order = drain(s);
        assertEquals(4, order.getFirst(), "highest P_eff first");
        assertTrue(order.containsAll(List.of(0, 1, 2)), "guardrail " + order);
        assertFalse(order.contains(3), "empty bucket " + order);
        assertFalse(order.contains(5), "stopped after reaching the confidence " + order);
        s.start(dist, n, 1.0, 1.0, reliability, 0, 0.5);
        assertEquals(List.of(4), drain(s));
    }

    @Test
    void aSharperLambdaVisitsFewerBuckets() {
        int n = 200;
        SplittableRandom rnd = new SplittableRandom(2);
        float[] dist = new float[n];
        for (int b = 0; b < n; b++) {
            dist[b] = (float) (1 + rnd.nextDouble());
        }
        BucketSelector s = new BucketSelector();
        int previous = Integer.MAX_VALUE;
        for (double lambda : new double[] {0.5, 2, 8, 32}) {
            s.start(dist, n, 0.2, lambda, full(n), 0, 0.9);
            int visited = drain(s).size();
            assertTrue(visited < previous, "λ " + lambda + " visited " + visited);
            previous = visited;
        }
    }

    /**
     * Two partitions of 4 buckets each, 100 live rows per bucket, at distances {@code 0, 1, 2, 3}
     * and {@code off, off+1, off+2, off+3} (s = 1, λ = 1): within a partition bucket {@code j} weighs
     * {@code e^-j / Σ e^-i}, and a partition's share is its live rows near the query with bandwidth
     * {@code s / λ_p}, here {@code 1 : e^(-λ_p·off)}.
     */
    @Test
    void partitionsAreWeighedByTheirLiveRowsNearTheQuery() {
        int n = 8;
        int[] partitionOf = {0, 0, 0, 0, 1, 1, 1, 1};
        int[] live = new int[n];
        java.util.Arrays.fill(live, 100);
        double nearest = 1 / (1 + Math.exp(-1) + Math.exp(-2) + Math.exp(-3)); // a partition's nearest bucket
        BucketSelector s = new BucketSelector();
        double[] shareBefore = new double[n];
        for (float off : new float[] {0f, 1f, 5f}) {
            float[] dist = new float[n];
            for (int b = 0; b < 4; b++) {
                dist[b] = b;
                dist[4 + b] = off + b;
            }
            s.start(dist, n, 1.0, 1.0, full(n), 0, 1.0, partitionOf, 2, live);
            shareBefore(s, shareBefore);
            double share0 = 1 / (1 + Math.exp(-BucketSelector.PARTITION_LAMBDA * off));
            assertEquals(0.0, shareBefore[0], 1e-12, "bucket 0 comes first");
            if (off == 0f) { // overlapping: the mass splits evenly, bucket 4 ties bucket 0 and follows it
                assertEquals(0.5 * nearest, shareBefore[4], 1e-9);
                assertEquals(nearest, shareBefore[1], 1e-9);
            } else if (off == 1f) { // partition 0 holds 0.88 of the mass: its second bucket comes next
                assertEquals(share0 * nearest, shareBefore[1], 1e-9);
            } else { // 5 s away: every bucket of partition 0 first
                assertEquals(share0, shareBefore[4], 1e-9);
                assertTrue(shareBefore[4] > 0.9999, "share before the far partition: " + shareBefore[4]);
            }
        }
    }

    /** Hands out every bucket, recording per bucket the share handed out before it. */
    private static void shareBefore(BucketSelector s, double[] out) {
        double before = s.confidenceReached();
        for (int b = s.next(false); b >= 0; b = s.next(false)) {
            out[b] = before;
            before = s.confidenceReached();
        }
    }
}
