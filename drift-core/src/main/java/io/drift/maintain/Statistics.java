package io.drift.maintain;

import io.drift.storage.BucketView;
import io.drift.storage.Tombstones;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Reads a pinned Version into the {@link MaintenanceView} the planner decides from: counts from the
 * tombstones, temperatures, write times, centroids and radii from the bucket headers, and each
 * bucket's drift measured from its rows only if the planner asks for it.
 */
final class Statistics {

    private Statistics() {}

    /** The segments of {@code v} only: what dropping segments and merging partitions decide from. */
    static MaintenanceView segments(Version v) {
        List<MaintenanceView.SegmentState> segments = new ArrayList<>();
        for (int si = 0; si < v.segments().size(); si++) {
            SegmentRef s = v.segments().get(si);
            long rows = s.reader().rows();
            segments.add(new MaintenanceView.SegmentState(si, s.partition(), rows, rows - s.tombstones().deadRows()));
        }
        return new MaintenanceView(segments, List.of());
    }

    /**
     * The segments and the live buckets of {@code v}.
     *
     * @param segmentLiveFraction a segment with live rows below this share of its rows is sparse
     */
    static MaintenanceView read(Version v, double segmentLiveFraction) throws IOException {
        List<MaintenanceView.SegmentState> segments = new ArrayList<>();
        List<BucketState> buckets = new ArrayList<>();
        for (int si = 0; si < v.segments().size(); si++) {
            SegmentRef s = v.segments().get(si);
            long rows = s.reader().rows();
            long live = rows - s.tombstones().deadRows();
            segments.add(new MaintenanceView.SegmentState(si, s.partition(), rows, live));
            boolean sparse = live > 0 && live < segmentLiveFraction * rows;
            for (int b = 0; b < s.reader().bucketCount(); b++) {
                int liveRows = s.tombstones().liveRows(b);
                if (liveRows > 0) {
                    BucketView view = s.reader().bucket(b);
                    buckets.add(new BucketState(buckets.size(), si, b, s.partition(), view.rows(), liveRows,
                            s.temperature()[b], s.writtenMillis(), sparse, view.centroid(), view.rmsRadius(),
                            drift(view, s.tombstones(), b)));
                }
            }
        }
        return new MaintenanceView(segments, buckets);
    }

    /** {@code ‖mean(live rows) − centroid‖ / RMS radius} of a bucket, measured once, when first asked. */
    private static DoubleSupplier drift(BucketView view, Tombstones tombstones, int ordinal) {
        double[] measured = {Double.NaN};
        return () -> {
            if (Double.isNaN(measured[0])) {
                measured[0] = measure(view, tombstones, ordinal);
            }
            return measured[0];
        };
    }

    private static double measure(BucketView view, Tombstones tombstones, int ordinal) {
        int dim = view.dim();
        double[] mean = new double[dim];
        float[] vec = new float[dim];
        BucketView.RowDecoder decoder = new BucketView.RowDecoder();
        int live = 0;
        for (int r = 0; r < view.rows(); r++) {
            if (!tombstones.isDead(ordinal, r)) {
                view.vector(r, vec, 0, decoder);
                for (int i = 0; i < dim; i++) {
                    mean[i] += vec[i];
                }
                live++;
            }
        }
        float rms = view.rmsRadius();
        if (live == 0 || !(rms > 0)) {
            return 0;
        }
        float[] c = view.centroid();
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double d = mean[i] / live - c[i];
            s += d * d;
        }
        return Math.sqrt(s) / rms;
    }
}
