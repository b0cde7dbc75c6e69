package io.drift;

import io.drift.maintain.Janitor;

/**
 * What a collection's maintenance (the janitor) has done since the collection was opened, from
 * {@link CollectionStats#janitor()}.
 *
 * @param passes             maintenance passes run
 * @param partitionMerges    groups of partitions re-clustered into one
 * @param scatterMerges      urgent buckets dissolved into their neighbours
 * @param splits             buckets split in two
 * @param stolenRows         rows splits took from neighbouring buckets
 * @param compactions        buckets rewritten without their dead rows
 * @param segmentCompactions live buckets copied out of mostly-dead segments
 * @param segmentsDropped    segments without live rows removed
 * @param rowsRewritten      rows written into new segments by maintenance
 * @param bytesWritten       bytes of the segments maintenance wrote
 */
public record JanitorStats(long passes, long partitionMerges, long scatterMerges, long splits, long stolenRows,
                           long compactions, long segmentCompactions, long segmentsDropped, long rowsRewritten,
                           long bytesWritten) {

    static JanitorStats of(Janitor.Counters c) {
        return new JanitorStats(c.passes(), c.partitionMerges(), c.scatterMerges(), c.splits(), c.stolenRows(),
                c.compactions(), c.segmentCompactions(), c.segmentsDropped(), c.rowsRewritten(), c.bytesWritten());
    }
}
