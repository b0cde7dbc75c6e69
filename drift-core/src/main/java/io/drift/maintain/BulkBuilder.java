package io.drift.maintain;

import io.drift.quant.RangeRule;
import io.drift.quant.SQ8;
import io.drift.storage.SegmentWriter;
import io.drift.vector.Distance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Bulk load into L1: k-means with {@code k = ceil(n / targetBucketSize)} over all rows, one bucket
 * per cluster with its own SQ8 quantizer, written as one or more {@code .drift} segments (a new
 * segment starts once the current one holds about {@code maxSegmentBytes}).
 */
public final class BulkBuilder {

    /** What a build wrote. */
    public record Result(List<Path> segments, int buckets, long rows) {}

    private BulkBuilder() {}

    /** The buckets a build of {@code n} rows makes: {@code ceil(n / targetBucketSize)}, at most n. */
    public static int bucketsFor(int n, int targetBucketSize) {
        return (int) Math.min(n, ((long) n + targetBucketSize - 1) / targetBucketSize);
    }

    /**
     * Builds segments {@code dir/NNNNNN.drift}, numbered from {@code firstSegment}, from rows
     * {@code data[0..n·d)} with ids {@code ids[0..n)} (unique), clustered with the
     * {@linkplain KMeans.Params#defaults default} k-means. For {@link Distance#COSINE} the rows must
     * already be normalised.
     */
    public static Result build(float[] data, long[] ids, int n, int d, Distance metric, int targetBucketSize,
                               Path dir, int firstSegment, long maxSegmentBytes, long seed) throws IOException {
        return build(data, ids, n, d, metric, targetBucketSize, dir, firstSegment, maxSegmentBytes,
                KMeans.Params.defaults(seed));
    }

    /** {@link #build(float[], long[], int, int, Distance, int, Path, int, long, long)} with k-means parameters {@code clustering}. */
    public static Result build(float[] data, long[] ids, int n, int d, Distance metric, int targetBucketSize,
                               Path dir, int firstSegment, long maxSegmentBytes, KMeans.Params clustering)
            throws IOException {
        return build(data, ids, null, n, d, metric, targetBucketSize, dir, firstSegment, maxSegmentBytes, clustering);
    }

    /**
     * {@link #build(float[], long[], int, int, Distance, int, Path, int, long, KMeans.Params)} with
     * each row's document {@code docs[i]} (null for rows without one, or no array at all).
     */
    public static Result build(float[] data, long[] ids, byte[][] docs, int n, int d, Distance metric,
                               int targetBucketSize, Path dir, int firstSegment, long maxSegmentBytes,
                               KMeans.Params clustering) throws IOException {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(clustering, "clustering");
        if (targetBucketSize < 1) {
            throw new IllegalArgumentException("target bucket size must be positive, got " + targetBucketSize);
        }
        if (ids.length < n) {
            throw new IllegalArgumentException(ids.length + " ids for " + n + " rows");
        }
        int k = bucketsFor(n, targetBucketSize);
        KMeans.Result clusters = KMeans.fit(data, n, d, k, clustering);

        // rows of each cluster, contiguous
        int[] start = new int[k + 1];
        for (int a : clusters.assignment()) {
            start[a + 1]++;
        }
        for (int c = 0; c < k; c++) {
            start[c + 1] += start[c];
        }
        int[] fill = start.clone();
        int[] rowsByCluster = new int[n];
        for (int i = 0; i < n; i++) {
            rowsByCluster[fill[clusters.assignment()[i]]++] = i;
        }

        long bytesPerRow = 5L * d + 16; // codes + ~4 bytes per float + id, corrections, index
        List<Path> segments = new ArrayList<>();
        SegmentWriter writer = null;
        long segmentBytes = 0;
        try {
            for (int c = 0; c < k; c++) {
                int m = start[c + 1] - start[c];
                long bucketBytes = m * bytesPerRow + documentBytes(docs, rowsByCluster, start[c], m);
                if (writer == null || segmentBytes + bucketBytes > maxSegmentBytes && segmentBytes > 0) {
                    if (writer != null) {
                        writer.finish();
                        writer.close();
                    }
                    Path file = dir.resolve(String.format("%06d.drift", firstSegment + segments.size()));
                    writer = SegmentWriter.create(file, d, metric);
                    segments.add(file);
                    segmentBytes = 0;
                }
                float[] vectors = new float[m * d];
                long[] bucketIds = new long[m];
                byte[][] bucketDocs = docs == null ? null : new byte[m][];
                for (int j = 0; j < m; j++) {
                    int row = rowsByCluster[start[c] + j];
                    System.arraycopy(data, row * d, vectors, j * d, d);
                    bucketIds[j] = ids[row];
                    if (docs != null) {
                        bucketDocs[j] = docs[row];
                    }
                }
                float[] centroid = new float[d];
                System.arraycopy(clusters.centroids(), c * d, centroid, 0, d);
                writer.addBucket(centroid, SQ8.train(vectors, 0, m, d, RangeRule.MIN_MAX, clustering.seed() + c), bucketIds,
                        vectors, bucketDocs, m);
                segmentBytes += bucketBytes;
            }
            writer.finish();
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
        return new Result(List.copyOf(segments), k, n);
    }

    /** Bytes the documents of rows {@code rowsByCluster[from..from+m)} add to their bucket's block. */
    private static long documentBytes(byte[][] docs, int[] rowsByCluster, int from, int m) {
        long bytes = 0;
        for (int j = 0; docs != null && j < m; j++) {
            byte[] doc = docs[rowsByCluster[from + j]];
            bytes += doc == null ? 4 : doc.length + 4;
        }
        return bytes;
    }
}
