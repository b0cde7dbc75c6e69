package io.drift;

import io.drift.engine.CollectionEngine;

/**
 * A snapshot of a collection's size and shape, from {@link VectorCollection#stats()}.
 *
 * @param name             the collection
 * @param dim              vector dimension
 * @param metric           how vectors compare
 * @param liveRows         ids with a current vector
 * @param memtableRows     rows in memory (active and frozen memtables), superseded or deleted ones included
 * @param memtableBytes    vector bytes in memory
 * @param frozenMemtables  memtables waiting for their flush
 * @param segments         live segment files
 * @param buckets          L1 buckets over all segments
 * @param liveBuckets      those of them with at least one live row (the others are never scanned)
 * @param segmentRows      rows in the segments, deleted ones included
 * @param deletedSegmentRows rows of the segments that are deleted (tombstones)
 * @param diskBytes        bytes of segment, deletion and log files
 * @param flushes          memtables flushed since the collection was opened
 * @param generation       the manifest generation in force
 * @param lastSeq          the last write-ahead log sequence number assigned
 * @param maintenanceRunning whether background maintenance (a janitor pass, re-measuring the
 *                         calibration) is running or queued; searches are slower meanwhile
 * @param partitions       groups of segments clustered together (bucket selection weighs each on its own)
 * @param recheckedQueries recent queries re-checked exhaustively, on which recall targets are fitted
 * @param payloadBytes     bytes of the points' documents (keys and payloads) in memtables and segment files
 * @param janitor          what maintenance has done since the collection was opened
 */
public record CollectionStats(String name, int dim, Metric metric, long liveRows, long memtableRows, long memtableBytes,
                              int frozenMemtables, int segments, int buckets, int liveBuckets, long segmentRows, long deletedSegmentRows,
                              long diskBytes, long flushes, long generation, long lastSeq,
                              boolean maintenanceRunning, int partitions, int recheckedQueries, long payloadBytes,
                              JanitorStats janitor) {

    static CollectionStats of(CollectionEngine.Stats s) {
        return new CollectionStats(s.name(), s.dim(), Metric.of(s.metric()), s.liveRows(), s.memtableRows(),
                s.memtableBytes(), s.frozenMemtables(), s.segments(), s.buckets(), s.liveBuckets(), s.segmentRows(),
                s.deletedSegmentRows(), s.diskBytes(), s.flushes(), s.generation(), s.lastSeq(), s.maintenanceRunning(),
                s.partitions(), s.recheckedQueries(), s.documentBytes(), JanitorStats.of(s.janitor()));
    }
}
