package io.drift.engine;

import io.drift.maintain.JanitorSettings;
import io.drift.search.SearchConfig;
import io.drift.wal.SyncPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A collection's settings as the engine keeps them: fixed when it is created, written into every
 * manifest ({@link #toMap}) and read back on open. Users set them through {@code io.drift.CollectionConfig};
 * each default is explained (and, where it was measured, with the measurement) in docs/ARCHITECTURE.md.
 *
 * @param durability          when a write is acknowledged: after an fsync ({@link SyncPolicy#SYNC},
 *                            the default) or before, with a background fsync every interval
 * @param memtableBytes       vector bytes the active memtable takes before it is frozen and flushed
 * @param maxFrozenMemtables  frozen memtables allowed to wait for their flush before writers wait
 * @param hnswM               L0 graph links per node on its upper layers (twice that on layer 0)
 * @param hnswEfConstruction  L0 graph beam width while linking rows
 * @param hnswEfSearch        L0 graph beam width while searching (at least k is used)
 * @param targetBucketSize    rows per L1 bucket a flush aims for
 * @param lambda              how sharply bucket selection favours near centroids
 * @param targetConfidence    the default share of selection probability a search covers
 * @param rerankFactor        a search re-scores the best {@code k · rerankFactor} SQ8 candidates
 * @param guardrail           nearest buckets every search scans
 * @param calibrationQueries  re-checked recent queries kept per k class to fit the recall model
 * @param maxBatch            points or ids one write may carry
 * @param maxK                the largest k a search may ask for
 * @param maxSegmentBytes     a flush starts a new segment file beyond about this size
 * @param seed                seeds clustering and graph layers, for reproducible builds
 * @param maxUnlinkedBytes    vector bytes of the active memtable not yet linked into its graph
 *                            (searches scan them row by row) before it is frozen anyway: bounds
 *                            what a search pays for L0 when writes outrun the graph
 * @param janitor             how maintenance keeps the L1 buckets healthy
 * @param stringKeys          points are named by string keys (UTF-8, 1..256 bytes) instead of uint64 ids
 * @param maxPayloadBytes     the largest payload a point may carry, encoded
 */
public record CollectionSettings(SyncPolicy durability, long memtableBytes, int maxFrozenMemtables, int hnswM,
                               int hnswEfConstruction, int hnswEfSearch, int targetBucketSize, double lambda,
                               double targetConfidence, int rerankFactor, int guardrail, int calibrationQueries,
                               int maxBatch, int maxK, long maxSegmentBytes, long seed, long maxUnlinkedBytes,
                               JanitorSettings janitor, boolean stringKeys, int maxPayloadBytes) {

    /** The largest {@code maxPayloadBytes}: what a log record holds, less the longest key and its length. */
    public static final int PAYLOAD_LIMIT = io.drift.wal.WalOp.MAX_DOC_BYTES - KeyedIds.MAX_KEY_BYTES - 2;

    private static final CollectionSettings DEFAULTS = new CollectionSettings(SyncPolicy.SYNC, 64L << 20, 2, 16, 100, 64,
            SearchConfig.DEFAULT_TARGET_BUCKET_SIZE, SearchConfig.DEFAULT_LAMBDA, SearchConfig.DEFAULT_TARGET_CONFIDENCE,
            SearchConfig.DEFAULT_RERANK_FACTOR, SearchConfig.DEFAULT_GUARDRAIL, 1000, 10_000, 10_000, 1L << 30, 42, 2L << 20,
            JanitorSettings.defaults(), false, 64 << 10);

    public CollectionSettings {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(janitor, "janitor");
        positive("memtableBytes", memtableBytes);
        positive("maxFrozenMemtables", maxFrozenMemtables);
        if (hnswM < 2) {
            throw new IllegalArgumentException("hnswM must be at least 2, got " + hnswM);
        }
        positive("hnswEfConstruction", hnswEfConstruction);
        positive("hnswEfSearch", hnswEfSearch);
        positive("maxBatch", maxBatch);
        positive("maxK", maxK);
        positive("maxSegmentBytes", maxSegmentBytes);
        positive("maxUnlinkedBytes", maxUnlinkedBytes);
        if (maxPayloadBytes < 0 || maxPayloadBytes > PAYLOAD_LIMIT) {
            throw new IllegalArgumentException("maxPayloadBytes must be in 0.." + PAYLOAD_LIMIT + ", got " + maxPayloadBytes);
        }
        if (calibrationQueries < 0) {
            throw new IllegalArgumentException("calibrationQueries must not be negative, got " + calibrationQueries);
        }
        // the L1 knobs are checked where they live
        new SearchConfig(lambda, targetBucketSize, targetConfidence, rerankFactor, guardrail,
                SearchConfig.defaults().graphThreshold());
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** The defaults: SYNC durability, 64 MiB memtables, the L1 defaults of {@link SearchConfig}. */
    public static CollectionSettings defaults() {
        return DEFAULTS;
    }

    /** The L1 search settings these make. */
    public SearchConfig searchConfig() {
        return new SearchConfig(lambda, targetBucketSize, targetConfidence, rerankFactor, guardrail,
                SearchConfig.defaults().graphThreshold());
    }

    /** As manifest entries ({@code key → value}, printable, no spaces). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("durability", durability.toString());
        m.put("memtable_bytes", Long.toString(memtableBytes));
        m.put("max_frozen_memtables", Integer.toString(maxFrozenMemtables));
        m.put("hnsw_m", Integer.toString(hnswM));
        m.put("hnsw_ef_construction", Integer.toString(hnswEfConstruction));
        m.put("hnsw_ef_search", Integer.toString(hnswEfSearch));
        m.put("target_bucket_size", Integer.toString(targetBucketSize));
        m.put("lambda", Double.toString(lambda));
        m.put("target_confidence", Double.toString(targetConfidence));
        m.put("rerank_factor", Integer.toString(rerankFactor));
        m.put("guardrail", Integer.toString(guardrail));
        m.put("calibration_queries", Integer.toString(calibrationQueries));
        m.put("max_batch", Integer.toString(maxBatch));
        m.put("max_k", Integer.toString(maxK));
        m.put("max_segment_bytes", Long.toString(maxSegmentBytes));
        m.put("seed", Long.toString(seed));
        m.put("max_unlinked_bytes", Long.toString(maxUnlinkedBytes));
        m.putAll(janitor.toMap());
        m.put("key_type", stringKeys ? "string" : "uint64");
        m.put("max_payload_bytes", Integer.toString(maxPayloadBytes));
        return m;
    }

    /** Reads what {@link #toMap()} wrote; keys it does not know are ignored, missing ones default. */
    public static CollectionSettings fromMap(Map<String, String> m) {
        CollectionSettings d = DEFAULTS;
        SyncPolicy durability = SyncPolicy.parse(m.getOrDefault("durability", "sync"));
        return new CollectionSettings(durability,
                Long.parseLong(m.getOrDefault("memtable_bytes", Long.toString(d.memtableBytes))),
                Integer.parseInt(m.getOrDefault("max_frozen_memtables", Integer.toString(d.maxFrozenMemtables))),
                Integer.parseInt(m.getOrDefault("hnsw_m", Integer.toString(d.hnswM))),
                Integer.parseInt(m.getOrDefault("hnsw_ef_construction", Integer.toString(d.hnswEfConstruction))),
                Integer.parseInt(m.getOrDefault("hnsw_ef_search", Integer.toString(d.hnswEfSearch))),
                Integer.parseInt(m.getOrDefault("target_bucket_size", Integer.toString(d.targetBucketSize))),
                Double.parseDouble(m.getOrDefault("lambda", Double.toString(d.lambda))),
                Double.parseDouble(m.getOrDefault("target_confidence", Double.toString(d.targetConfidence))),
                Integer.parseInt(m.getOrDefault("rerank_factor", Integer.toString(d.rerankFactor))),
                Integer.parseInt(m.getOrDefault("guardrail", Integer.toString(d.guardrail))),
                Integer.parseInt(m.getOrDefault("calibration_queries", Integer.toString(d.calibrationQueries))),
                Integer.parseInt(m.getOrDefault("max_batch", Integer.toString(d.maxBatch))),
                Integer.parseInt(m.getOrDefault("max_k", Integer.toString(d.maxK))),
                Long.parseLong(m.getOrDefault("max_segment_bytes", Long.toString(d.maxSegmentBytes))),
                Long.parseLong(m.getOrDefault("seed", Long.toString(d.seed))),
                Long.parseLong(m.getOrDefault("max_unlinked_bytes", Long.toString(d.maxUnlinkedBytes))),
                JanitorSettings.fromMap(m), keyType(m.getOrDefault("key_type", "uint64")),
                Integer.parseInt(m.getOrDefault("max_payload_bytes", Integer.toString(d.maxPayloadBytes))));
    }

    private static boolean keyType(String v) {
        return switch (v) {
            case "uint64" -> false;
            case "string" -> true;
            default -> throw new IllegalArgumentException("key_type " + v + " is neither uint64 nor string");
        };
    }
}
