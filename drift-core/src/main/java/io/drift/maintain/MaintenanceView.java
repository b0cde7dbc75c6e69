package io.drift.maintain;

import java.util.List;

/**
 * What the {@link Planner} decides from: the live segments and buckets of one Version, as
 * statistics (DESIGN §7). Built by {@link Statistics#read}; the planner never reads a row itself.
 *
 * @param segments every segment of the Version, in its order
 * @param buckets  every bucket with at least one live row, segment by segment
 */
public record MaintenanceView(List<SegmentState> segments, List<BucketState> buckets) {

    /**
     * One segment.
     *
     * @param index     its position in the Version
     * @param partition the partition its buckets belong to
     * @param rows      rows stored, dead ones included
     * @param live      rows not deleted
     */
    public record SegmentState(int index, long partition, long rows, long live) {}

    public MaintenanceView {
        segments = List.copyOf(segments);
        buckets = List.copyOf(buckets);
    }
}
