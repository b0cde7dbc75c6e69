package io.drift.maintain;

import java.util.List;
import java.util.Set;

/** One step of a maintenance plan (DESIGN §7), decided by the {@link Planner}, carried out by an executor. */
public sealed interface Operation {

    /** Re-cluster the live rows of these partitions together into one new partition. */
    record PartitionMerge(Set<Long> partitions, long liveRows) implements Operation {}

    /**
     * Dissolve {@code source}: each of its live rows goes to the nearest of {@code candidates} that
     * still has room, which are rewritten with their own live rows plus the ones they take.
     */
    record ScatterMerge(BucketState source, double urgency, List<BucketState> candidates) implements Operation {}

    /**
     * Split {@code bucket} in two (2-means over its live rows), taking rows from {@code neighbours}
     * that are nearer a new centroid than their own by the steal margin.
     */
    record Split(BucketState bucket, double drift, List<BucketState> neighbours) implements Operation {}

    /**
     * Rewrite {@code bucket} without its dead rows: because it passed the dead fraction
     * ({@code dying}), or because its segment is sparse and its live buckets are copied out.
     */
    record Compaction(BucketState bucket, boolean dying) implements Operation {}
}
