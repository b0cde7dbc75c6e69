package io.drift.search;

import io.drift.bucket.CentroidTable;
import io.drift.quant.SQ8;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import io.drift.vector.Distance;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The buckets of an index's segments, numbered from 0 across the segments (oldest first), in
 * flat per-bucket arrays: what a search reads per bucket without going back to the segment
 * (DESIGN §6). Built once when the index opens, by reading every bucket's header: the centroid
 * goes into a {@link CentroidTable}, the SQ8 ranges into two flat arrays; codes and corrections
 * stay slices of the mapping; ids are decoded to a {@code long[]} (8 bytes per row on the heap,
 * against hundreds on disk). Immutable but for the live counts and reliabilities, which follow the
 * tombstones.
 */
final class BucketTable {

    final int count;
    final long rows;
    final int dim;
    final Distance metric;
    /** Per segment: the number of its first bucket. */
    final int[] firstBucket;
    /** Per bucket: its segment's tombstones, its number inside that segment, the segment's number. */
    final Tombstones[] tombstones;
    final int[] localBucket;
    /** Per bucket: where its rows start in its segment's numbering (rows of the buckets before it there). */
    final int[] rowStart;
    final int[] segmentOf;
    /** Per bucket: the partition it belongs to in bucket selection, numbered densely from 0. */
    final int[] partitionOf;
    final int partitionCount;
    /** Per segment: its buckets' temperatures, raised by the searches that scan them (or null). */
    final float[][] temperature;
    final BucketView[] views;
    final MemorySegment[] codes;
    final MemorySegment[] corrections;
    final long[][] ids;
    final int[] bucketRows;
    /** The SQ8 ranges, bucket {@code b}'s at {@code b·dim}. */
    final float[] mins;
    final float[] steps;
    /** Per bucket: the largest distance of a row's reconstruction to the centroid (bound). */
    final float[] reach;
    /** Per bucket: the largest distance of a row's reconstruction to the row, {@code ½·‖step‖}. */
    final float[] slack;
    /** Per bucket: {@code R(b)} of its live rows, and the live rows (partition weights in selection). */
    final float[] reliability;
    final int[] live;
    /** Per bucket: its live rows' share of its rows (the recall estimate's weight of its cell). */
    final float[] alive;
    final CentroidTable centroids;
    private final double tau;

    BucketTable(List<SegmentReader> segments, List<Tombstones> tombstones, long[] partitions, float[][] temperature,
                SearchConfig config) throws IOException {
        if (tombstones.size() != segments.size()) {
            throw new IllegalArgumentException(segments.size() + " segments but " + tombstones.size() + " tombstone sets");
        }
        if (partitions.length != segments.size() || temperature.length != segments.size()) {
            throw new IllegalArgumentException(segments.size() + " segments but " + partitions.length + " partitions and "
                    + temperature.length + " temperature arrays");
        }
        this.temperature = temperature.clone();
        this.tau = config.tau();
        SegmentReader first = segments.getFirst();
        this.metric = first.metric();
        this.dim = first.dim();
        int n = 0;
        long r = 0;
        for (SegmentReader s : segments) {
            if (s.dim() != dim || s.metric() != metric) {
                throw new IllegalArgumentException("segment " + s.file() + " is " + s.metric() + " of dimension "
                        + s.dim() + ", the index is " + metric + " of dimension " + dim);
            }
            n += s.bucketCount();
            r += s.rows();
        }
        this.count = n;
        this.rows = r;
        firstBucket = new int[segments.size()];
        this.tombstones = new Tombstones[n];
        localBucket = new int[n];
        rowStart = new int[n];
        segmentOf = new int[n];
        partitionOf = new int[n];
        views = new BucketView[n];
        codes = new MemorySegment[n];
        corrections = new MemorySegment[n];
        ids = new long[n][];
        bucketRows = new int[n];
        mins = new float[n * dim];
        steps = new float[n * dim];
        reach = new float[n];
        slack = new float[n];
        reliability = new float[n];
        live = new int[n];
        alive = new float[n];
        float[] centroidData = new float[n * dim];
        float[] rms = new float[n];
        int[] segmentPartition = densePartitions(partitions);
        partitionCount = (int) java.util.Arrays.stream(segmentPartition).distinct().count();
        int b = 0;
        for (int si = 0; si < segments.size(); si++) {
            SegmentReader s = segments.get(si);
            Tombstones t = tombstones.get(si);
            if (t.bucketCount() != s.bucketCount()) {
                throw new IllegalArgumentException("tombstones of " + t.bucketCount() + " buckets for segment " + s.file()
                        + " of " + s.bucketCount());
            }
            if (temperature[si] != null && temperature[si].length != s.bucketCount()) {
                throw new IllegalArgumentException("temperatures of " + temperature[si].length + " buckets for segment "
                        + s.file() + " of " + s.bucketCount());
            }
            firstBucket[si] = b;
            int rowsBefore = 0;
            for (int i = 0; i < s.bucketCount(); i++, b++) {
                this.tombstones[b] = t;
                localBucket[b] = i;
                rowStart[b] = rowsBefore;
                rowsBefore += s.bucketRows(i);
                segmentOf[b] = si;
                partitionOf[b] = segmentPartition[si];
                BucketView v = s.bucket(i);
                read(b, v, centroidData, rms);
                setLive(b, t.liveRows(i));
            }
        }
        centroids = new CentroidTable(metric, dim, centroidData, rms, config.graphThreshold());
    }

    /** Each segment's partition, numbered densely from 0 in order of first appearance. */
    private static int[] densePartitions(long[] partitions) {
        int[] out = new int[partitions.length];
        Map<Long, Integer> dense = new HashMap<>();
        for (int si = 0; si < partitions.length; si++) {
            out[si] = dense.computeIfAbsent(partitions[si], p -> dense.size());
        }
        return out;
    }

    /** Reads bucket {@code b}'s header into the arrays. */
    private void read(int b, BucketView v, float[] centroidData, float[] rms) {
        views[b] = v;
        codes[b] = v.codes();
        corrections[b] = v.corrections();
        ids[b] = v.ids();
        bucketRows[b] = v.rows();
        SQ8 sq8 = v.sq8();
        float[] step = sq8.steps();
        System.arraycopy(sq8.mins(), 0, mins, b * dim, dim);
        System.arraycopy(step, 0, steps, b * dim, dim);
        System.arraycopy(v.centroid(), 0, centroidData, b * dim, dim);
        rms[b] = v.rmsRadius();
        // a reconstruction lies within half a step per dimension of its row (unclamped values)
        double halfSteps = 0;
        for (float st : step) {
            halfSteps += 0.25 * st * st;
        }
        // a little over, so float rounding in the ADC distances never makes the bounds lie
        slack[b] = (float) (Math.sqrt(halfSteps) * 1.001 + 1e-6);
        reach[b] = v.maxRadius() + slack[b];
    }

    /** {@code R = 1 - e^(-rows/τ)}: the reliability of a bucket with {@code rows} live rows. */
    float reliabilityOf(int rows) {
        return (float) -Math.expm1(-rows / tau);
    }

    /** Sets bucket {@code b}'s live rows, its live share and its reliability {@code R(b) = 1 - e^(-live/τ)}. */
    void setLive(int b, int liveRows) {
        live[b] = liveRows;
        alive[b] = liveRows > 0 ? (float) liveRows / bucketRows[b] : 0f;
        reliability[b] = reliabilityOf(liveRows);
    }

    /** Recomputes every bucket's live rows and reliability from its tombstones. */
    void refreshLive() {
        for (int b = 0; b < count; b++) {
            setLive(b, tombstones[b].liveRows(localBucket[b]));
        }
    }
}
