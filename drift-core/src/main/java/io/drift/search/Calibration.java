package io.drift.search;

import io.drift.SearchOptions;
import io.drift.SearchResult;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How recall@k follows the target confidence on one index, measured on its own data
 * (DESIGN §6: "a user thinks in recall, not confidence"). Maps a {@code recallTarget} to the
 * smallest confidence whose measured recall reaches it, and a confidence back to the recall to
 * expect. Between measured points both maps interpolate linearly; measured recalls are made
 * non-decreasing in confidence first. Immutable.
 */
public final class Calibration {

    /** The confidences measured. Dense where recall changes fastest. */
    static final double[] LADDER = {
        0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.985,
        0.99, 0.993, 0.995, 0.997, 0.998, 0.999, 0.9995, 0.9999, 1.0,
    };

    /** The width of the exhaustive reference search's rerank pool, in multiples of k. */
    private static final int REFERENCE_RERANK = 10;

    private final double[] confidence;
    private final double[] recall;
    private final int queries;
    private final int k;

    /**
     * @param confidence strictly increasing, ending at 1
     * @param recall     the measured recall at each confidence
     */
    public Calibration(double[] confidence, double[] recall, int queries, int k) {
        if (confidence.length == 0 || confidence.length != recall.length) {
            throw new IllegalArgumentException("a calibration needs as many recalls as confidences, at least one");
        }
        for (int i = 1; i < confidence.length; i++) {
            if (!(confidence[i] > confidence[i - 1])) {
                throw new IllegalArgumentException("confidences must increase");
            }
        }
        this.confidence = confidence.clone();
        this.recall = recall.clone();
        for (int i = 1; i < this.recall.length; i++) {
            this.recall[i] = Math.max(this.recall[i], this.recall[i - 1]);
        }
        this.queries = queries;
        this.k = k;
    }

    static Calibration measure(L1Index index, int queries, int k, long seed) {
        if (queries < 1 || k < 1) {
            throw new IllegalArgumentException("calibration needs at least one query and k >= 1");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = (int) Math.min(queries, index.rows());
        float[][] sample = new float[n][index.dim()];
        long[] self = new long[n];
        for (int i = 0; i < n; i++) {
            // a uniform row: a bucket chosen by its size, then a row in it
            long pick = rnd.nextLong(index.rows());
            int b = 0;
            while (pick >= index.bucketRows(b)) {
                pick -= index.bucketRows(b++);
            }
            self[i] = index.storedRow(b, (int) pick, sample[i]);
        }
        int kq = k + 1; // each query finds itself; it is dropped from both answers
        long[][] truth = new long[n][];
        SearchOptions reference = SearchOptions.exhaustive().withRerankFactor(REFERENCE_RERANK);
        for (int i = 0; i < n; i++) {
            truth[i] = withoutSelf(index.search(sample[i], kq, reference).ids(), self[i], k);
        }
        double[] recall = new double[LADDER.length];
        for (int c = 0; c < LADDER.length; c++) {
            SearchOptions options = SearchOptions.defaults().withTargetConfidence(LADDER[c]);
            long hits = 0;
            long wanted = 0;
            for (int i = 0; i < n; i++) {
                SearchResult r = index.search(sample[i], kq, options);
                long[] found = withoutSelf(r.ids(), self[i], k);
                hits += overlap(found, truth[i]);
                wanted += truth[i].length;
            }
            recall[c] = wanted == 0 ? 1.0 : (double) hits / wanted;
        }
        return new Calibration(LADDER, recall, n, k);
    }

    private static long[] withoutSelf(long[] ids, long self, int k) {
        long[] out = new long[Math.min(k, ids.length)];
        int j = 0;
        for (long id : ids) {
            if (id != self && j < out.length) {
                out[j++] = id;
            }
        }
        return j == out.length ? out : Arrays.copyOf(out, j);
    }

    private static int overlap(long[] found, long[] truth) {
        int hits = 0;
        for (long t : truth) {
            for (long f : found) {
                if (f == t) {
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }

    /** The smallest confidence whose calibrated recall reaches {@code target} (1 when none does). */
    public double confidenceFor(double target) {
        if (target <= recall[0]) {
            return confidence[0];
        }
        for (int i = 1; i < recall.length; i++) {
            if (recall[i] >= target) {
                double t = (target - recall[i - 1]) / (recall[i] - recall[i - 1]);
                return confidence[i - 1] + t * (confidence[i] - confidence[i - 1]);
            }
        }
        return 1.0;
    }

    /** The recall to expect at {@code c}, interpolated between measured points. */
    public double recallAt(double c) {
        if (c <= confidence[0]) {
            return recall[0];
        }
        for (int i = 1; i < confidence.length; i++) {
            if (c <= confidence[i]) {
                double t = (c - confidence[i - 1]) / (confidence[i] - confidence[i - 1]);
                return recall[i - 1] + t * (recall[i] - recall[i - 1]);
            }
        }
        return recall[recall.length - 1];
    }

    public double[] confidences() {
        return confidence.clone();
    }

    public double[] recalls() {
        return recall.clone();
    }

    /** Queries measured per confidence. */
    public int queries() {
        return queries;
    }

    public int k() {
        return k;
    }
}
