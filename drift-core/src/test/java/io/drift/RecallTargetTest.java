package io.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall targets hold where the index's own rows say little about the queries (issue 22's scenario,
 * smaller): class A is written, then class B, 60% of A is deleted, 10% of the live rows are
 * re-upserted with a little noise (they sit in the memtable), and the queries come from A, B and a
 * class C the collection never held. Before it has re-checked any query the collection errs high;
 * after it has re-checked enough, it still reaches the target, and its per-query estimates agree
 * with the recall measured.
 */
class RecallTargetTest {

    static final int D = 24;
    static final int K = 10;
    static final double TARGET = 0.95;

    @TempDir
    Path dir;

    @Test
    void aRecallTargetHoldsForQueriesUnlikeTheStoredRowsBeforeAndAfterCalibration() throws IOException,
            InterruptedException {
        float[] a = TestVectors.clustered(3000, D, 12, 0.5, 1);
        float[] b = TestVectors.clustered(3000, D, 12, 0.5, 2);
        float[] c = TestVectors.clustered(3000, D, 12, 0.5, 3); // never stored
        Map<Long, float[]> live = new HashMap<>();
        CollectionConfig config = CollectionConfig.builder().memtableBytes(400L * D * 4).targetBucketSize(50).build();
        try (DriftEngine engine = DriftEngine.open(dir)) {
            VectorCollection col = engine.createCollection("classes", D, Metric.L2, config);
            write(col, live, 0, a, 2400);
            write(col, live, 10_000, b, 2400);
            col.flush();
            SplittableRandom rnd = new SplittableRandom(4);
            List<Long> deleted = new ArrayList<>();
            for (long id = 0; id < 2400; id++) {
                if (rnd.nextDouble() < 0.6) {
                    deleted.add(id);
                }
            }
            col.delete(deleted.stream().mapToLong(Long::longValue).toArray());
            deleted.forEach(live::remove);
            List<Point> again = new ArrayList<>();
            for (Map.Entry<Long, float[]> e : live.entrySet()) {
                if (rnd.nextDouble() < 0.1) {
                    float[] v = e.getValue().clone();
                    for (int i = 0; i < D; i++) {
                        v[i] += (float) (0.05 * rnd.nextGaussian());
                    }
                    again.add(new Point(e.getKey(), v));
                }
            }
            col.upsert(again);
            again.forEach(p -> live.put(p.id(), p.vector()));
            assertTrue(col.stats().memtableRows() > 0 && col.stats().segments() > 3, col.stats().toString());

            float[][] inClass = queries(a, b, 2400, 100, 5);
            float[][] unlike = queries(c, c, 0, 100, 6);
            Measured before = measure(col, live, inClass, unlike);
            assertTrue(before.inClass >= TARGET - 0.01, "uncalibrated, classes held: " + before.inClass);
            assertTrue(before.unlike >= TARGET - 0.01, "uncalibrated, a class never held: " + before.unlike);

            // the collection re-checks queries it serves in the background (others like the measured
            // ones, half of classes held, half of the class never held); serve until it has enough
            float[][] held = queries(a, b, 2400, 200, 7);
            float[][] never = queries(c, c, 0, 200, 8);
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int i = 0; col.stats().recheckedQueries() < 300 && System.nanoTime() < deadline; i++) {
                float[] q = i % 2 == 0 ? held[(i / 2) % held.length] : never[(i / 2) % never.length];
                col.search(q, K, SearchOptions.defaults().withRecallTarget(TARGET));
                Thread.sleep(2);
            }
            assertTrue(col.stats().recheckedQueries() >= 300, "re-checked " + col.stats().recheckedQueries());
            Measured after = measure(col, live, inClass, unlike);
            // the model promises the target over the queries it serves; a part of them may sit a
            // little lower (the class never held: 0.933 to 0.964 in nine runs of this test)
            double all = (after.inClass + after.unlike) / 2;
            assertTrue(all >= TARGET - 0.01, "calibrated, all queries: " + all);
            assertTrue(after.inClass >= TARGET - 0.03, "calibrated, classes held: " + after.inClass);
            assertTrue(after.unlike >= TARGET - 0.03, "calibrated, a class never held: " + after.unlike);
            assertEquals(after.inClass, after.estimatedInClass, 0.05, "mean estimate, classes held");
            assertEquals(after.unlike, after.estimatedUnlike, 0.05, "mean estimate, a class never held");
            assertTrue(after.rows <= before.rows, "calibrated searches scan no more: " + after.rows + " vs " + before.rows);
        }
    }

    private record Measured(double inClass, double unlike, double estimatedInClass, double estimatedUnlike, long rows) {}

    private static Measured measure(VectorCollection col, Map<Long, float[]> live, float[][] inClass, float[][] unlike)
            throws IOException {
        double[] r1 = recall(col, live, inClass);
        double[] r2 = recall(col, live, unlike);
        return new Measured(r1[0], r2[0], r1[1], r2[1], (long) (r1[2] + r2[2]));
    }

    /** Mean recall, mean estimated recall and rows scanned of searches with the target. */
    private static double[] recall(VectorCollection col, Map<Long, float[]> live, float[][] queries) throws IOException {
        double sum = 0;
        double estimated = 0;
        double rows = 0;
        for (float[] q : queries) {
            SearchResult r = col.search(q, K, SearchOptions.defaults().withRecallTarget(TARGET));
            Set<Long> truth = exact(live, q);
            int hits = 0;
            for (long id : r.ids()) {
                hits += truth.contains(id) ? 1 : 0;
            }
            sum += (double) hits / K;
            estimated += r.estimatedRecall();
            rows += r.rowsScanned();
        }
        return new double[] {sum / queries.length, estimated / queries.length, rows};
    }

    private static Set<Long> exact(Map<Long, float[]> live, float[] q) {
        List<Map.Entry<Long, float[]>> all = new ArrayList<>(live.entrySet());
        all.sort((x, y) -> Double.compare(l2(x.getValue(), q), l2(y.getValue(), q)));
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < K; i++) {
            out.add(all.get(i).getKey());
        }
        return out;
    }

    private static double l2(float[] x, float[] q) {
        double s = 0;
        for (int i = 0; i < D; i++) {
            double t = x[i] - q[i];
            s += t * t;
        }
        return s;
    }

    /** Writes the first {@code n} rows of {@code data} as ids {@code first..}, in batches. */
    private static void write(VectorCollection col, Map<Long, float[]> live, long first, float[] data, int n)
            throws IOException {
        for (int i = 0; i < n; i += 200) {
            List<Point> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 200); j++) {
                float[] v = java.util.Arrays.copyOfRange(data, j * D, (j + 1) * D);
                batch.add(new Point(first + j, v));
                live.put(first + j, v);
            }
            col.upsert(batch);
        }
    }

    /** Rows of {@code x} and {@code y} not written (from {@code from} on), with a little noise: queries like them. */
    private static float[][] queries(float[] x, float[] y, int from, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] src = i % 2 == 0 ? x : y;
            int row = from + rnd.nextInt(3000 - from);
            out[i] = new float[D];
            for (int j = 0; j < D; j++) {
                out[i][j] = src[row * D + j] + (float) (0.05 * rnd.nextGaussian());
            }
        }
        return out;
    }
}
