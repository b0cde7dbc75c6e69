package io.drift;

import io.drift.engine.CollectionSettings;

/**
 * A collection's settings, fixed when it is created and kept with it. Immutable; start from
 * {@link #defaults()}, or change what you need with a {@link #builder()}:
 *
 * <pre>{@code
 * CollectionConfig config = CollectionConfig.builder()
 *         .durability(Durability.async(Duration.ofMillis(100)))
 *         .targetBucketSize(500)
 *         .build();
 * }</pre>
 *
 * Each default is explained, with the measurement behind it, in docs/ARCHITECTURE.md.
 */
public final class CollectionConfig {

    private static final CollectionConfig DEFAULTS = new CollectionConfig(CollectionSettings.defaults());

    private final CollectionSettings settings;

    private CollectionConfig(CollectionSettings settings) {
        this.settings = settings;
    }

    /** The defaults: SYNC durability, 64 MiB memtables, the measured search and janitor defaults. */
    public static CollectionConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(CollectionSettings.defaults());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(settings);
    }

    static CollectionConfig of(CollectionSettings settings) {
        return new CollectionConfig(settings);
    }

    CollectionSettings settings() {
        return settings;
    }

    /** When a write is acknowledged: after an fsync ({@link Durability#SYNC}, the default) or before it, with a background fsync every interval. */
    public Durability durability() {
        return Durability.of(settings.durability());
    }

    /** Vector bytes the active memtable takes before it is frozen and flushed (64 MiB). */
    public long memtableBytes() {
        return settings.memtableBytes();
    }

    /** Frozen memtables allowed to wait for their flush before writers wait (2). */
    public int maxFrozenMemtables() {
        return settings.maxFrozenMemtables();
    }

    /** Memtable graph links per node on its upper layers, twice that on layer 0 (16). */
    public int hnswM() {
        return settings.hnswM();
    }

    /** Memtable graph beam width while linking rows (100). */
    public int hnswEfConstruction() {
        return settings.hnswEfConstruction();
    }

    /** Memtable graph beam width while searching; at least k is used (64). */
    public int hnswEfSearch() {
        return settings.hnswEfSearch();
    }

    /** Rows per bucket a flush aims for (200). */
    public int targetBucketSize() {
        return settings.targetBucketSize();
    }

    /** How sharply bucket selection favours near centroids (12). */
    public double lambda() {
        return settings.lambda();
    }

    /** The default share of selection probability a search covers (0.95). */
    public double targetConfidence() {
        return settings.targetConfidence();
    }

    /** A search re-scores the best {@code k · rerankFactor} SQ8 candidates on the full vectors (2). */
    public int rerankFactor() {
        return settings.rerankFactor();
    }

    /** Nearest buckets every search scans (3). */
    public int guardrail() {
        return settings.guardrail();
    }

    /**
     * Re-checked recent queries the collection keeps per k class to fit how its searches stop for
     * recall targets (1000); 0 keeps none, and recall targets use the defaults, which err high.
     */
    public int calibrationQueries() {
        return settings.calibrationQueries();
    }

    /** Points or ids one write may carry (10,000). */
    public int maxBatch() {
        return settings.maxBatch();
    }

    /** The largest k a search may ask for (10,000). */
    public int maxK() {
        return settings.maxK();
    }

    /** A flush starts a new segment file beyond about this size (1 GiB). */
    public long maxSegmentBytes() {
        return settings.maxSegmentBytes();
    }

    /** Seeds clustering and graph layers, for reproducible builds (42). */
    public long seed() {
        return settings.seed();
    }

    /** Vector bytes of the active memtable not yet linked into its graph before it is frozen anyway: bounds what a search pays for rows it must scan one by one when writes outrun the graph (2 MiB). */
    public long maxUnlinkedBytes() {
        return settings.maxUnlinkedBytes();
    }

    /** How points are named: uint64 ids (the default) or string keys. */
    public KeyType keyType() {
        return settings.stringKeys() ? KeyType.STRING : KeyType.UINT64;
    }

    /** The largest payload a point may carry, in encoded bytes ({@link Payload#sizeInBytes()}; 64 KiB). */
    public int maxPayloadBytes() {
        return settings.maxPayloadBytes();
    }

    /** How background maintenance keeps the buckets healthy. */
    public JanitorConfig janitor() {
        return JanitorConfig.of(settings.janitor());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollectionConfig c && settings.equals(c.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "CollectionConfig" + settings.toMap();
    }

    /** Sets what differs from the starting point; {@link #build()} checks the whole. */
    public static final class Builder {
        private Durability durability;
        private long memtableBytes;
        private int maxFrozenMemtables;
        private int hnswM;
        private int hnswEfConstruction;
        private int hnswEfSearch;
        private int targetBucketSize;
        private double lambda;
        private double targetConfidence;
        private int rerankFactor;
        private int guardrail;
        private int calibrationQueries;
        private int maxBatch;
        private int maxK;
        private long maxSegmentBytes;
        private long seed;
        private long maxUnlinkedBytes;
        private JanitorConfig janitor;
        private KeyType keyType;
        private int maxPayloadBytes;

        private Builder(CollectionSettings s) {
            durability = Durability.of(s.durability());
            memtableBytes = s.memtableBytes();
            maxFrozenMemtables = s.maxFrozenMemtables();
            hnswM = s.hnswM();
            hnswEfConstruction = s.hnswEfConstruction();
            hnswEfSearch = s.hnswEfSearch();
            targetBucketSize = s.targetBucketSize();
            lambda = s.lambda();
            targetConfidence = s.targetConfidence();
            rerankFactor = s.rerankFactor();
            guardrail = s.guardrail();
            calibrationQueries = s.calibrationQueries();
            maxBatch = s.maxBatch();
            maxK = s.maxK();
            maxSegmentBytes = s.maxSegmentBytes();
            seed = s.seed();
            maxUnlinkedBytes = s.maxUnlinkedBytes();
            janitor = JanitorConfig.of(s.janitor());
            keyType = s.stringKeys() ? KeyType.STRING : KeyType.UINT64;
            maxPayloadBytes = s.maxPayloadBytes();
        }

        public Builder keyType(KeyType v) {
            keyType = java.util.Objects.requireNonNull(v, "keyType");
            return this;
        }

        public Builder maxPayloadBytes(int v) {
            maxPayloadBytes = v;
            return this;
        }

        public Builder durability(Durability v) {
            durability = java.util.Objects.requireNonNull(v, "durability");
            return this;
        }

        public Builder memtableBytes(long v) {
            memtableBytes = v;
            return this;
        }

        public Builder maxFrozenMemtables(int v) {
            maxFrozenMemtables = v;
            return this;
        }

        public Builder hnswM(int v) {
            hnswM = v;
            return this;
        }

        public Builder hnswEfConstruction(int v) {
            hnswEfConstruction = v;
            return this;
        }

        public Builder hnswEfSearch(int v) {
            hnswEfSearch = v;
            return this;
        }

        public Builder targetBucketSize(int v) {
            targetBucketSize = v;
            return this;
        }

        public Builder lambda(double v) {
            lambda = v;
            return this;
        }

        public Builder targetConfidence(double v) {
            targetConfidence = v;
            return this;
        }

        public Builder rerankFactor(int v) {
            rerankFactor = v;
            return this;
        }

        public Builder guardrail(int v) {
            guardrail = v;
            return this;
        }

        public Builder calibrationQueries(int v) {
            calibrationQueries = v;
            return this;
        }

        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        public Builder maxK(int v) {
            maxK = v;
            return this;
        }

        public Builder maxSegmentBytes(long v) {
            maxSegmentBytes = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder maxUnlinkedBytes(long v) {
            maxUnlinkedBytes = v;
            return this;
        }

        public Builder janitor(JanitorConfig v) {
            janitor = java.util.Objects.requireNonNull(v, "janitor");
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first setting out of its range
         */
        public CollectionConfig build() {
            return new CollectionConfig(new CollectionSettings(durability.policy(), memtableBytes, maxFrozenMemtables, hnswM, hnswEfConstruction, hnswEfSearch, targetBucketSize, lambda, targetConfidence, rerankFactor, guardrail, calibrationQueries, maxBatch, maxK, maxSegmentBytes, seed, maxUnlinkedBytes, janitor.settings(),
                    keyType == KeyType.STRING, maxPayloadBytes));
        }
    }
}
