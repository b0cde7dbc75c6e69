package io.drift.maintain;

import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;

/**
 * Carries out an {@link Operation.PartitionMerge}: the live rows of the partitions are clustered
 * together again ({@link BulkBuilder}: k-means over them, one bucket per cluster) into one new
 * partition, numbered after its first segment. On the calling maintenance thread, not in the flush
 * pool: a merge must never make a flush (and so writers) wait.
 */
final class PartitionMerger {

    /** The edit installing a merge, and what it did. */
    record Result(VersionEdit edit, int rows, int buckets, long partition) {}

    private final VersionSet versions;
    private final int dim;
    private final Distance metric;
    private final int target;
    private final long maxSegmentBytes;

    PartitionMerger(VersionSet versions, int dim, Distance metric, int targetBucketSize, long maxSegmentBytes) {
        this.versions = versions;
        this.dim = dim;
        this.metric = metric;
        this.target = targetBucketSize;
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /** Merges the partitions of {@code op} as {@code v} holds them; null when they have no live row. */
    Result merge(Version v, Operation.PartitionMerge op) throws IOException {
        Rows sources = new Rows(dim);
        for (SegmentRef s : v.segments()) {
            if (op.partitions().contains(s.partition())) {
                for (int b = 0; b < s.reader().bucketCount(); b++) {
                    sources.readLive(s, b);
                }
            }
        }
        int n = sources.size();
        if (n == 0) {
            return null;
        }
        int first = versions.reserveSegmentNumbers(BulkBuilder.bucketsFor(n, target));
        BulkBuilder.Result built = BulkBuilder.build(sources.vectors(), sources.ids(), sources.documents(), n, dim, metric, target,
                versions.directory(), first, maxSegmentBytes, KMeans.Params.incremental(first));
        long[] partitions = new long[built.segments().size()];
        java.util.Arrays.fill(partitions, first);
        return new Result(sources.rewrite(built.segments(), partitions), n, built.buckets(), first);
    }
}
