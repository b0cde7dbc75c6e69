package io.drift;

import io.drift.maintain.JanitorSettings;

/**
 * How the janitor maintains a collection's buckets in the background (DESIGN §7): when it runs,
 * when a bucket is merged into its neighbours, split or compacted, and how much one pass may
 * rewrite. Part of {@link CollectionConfig}, kept with the collection. Immutable; start from
 * {@link #defaults()} or {@link #builder()}. The defaults, and the measurements behind them, are in
 * docs/ARCHITECTURE.md ("The janitor").
 */
public final class JanitorConfig {

    private static final JanitorConfig DEFAULTS = new JanitorConfig(JanitorSettings.defaults());

    private final JanitorSettings settings;

    private JanitorConfig(JanitorSettings settings) {
        this.settings = settings;
    }

    /** DESIGN §7's defaults. */
    public static JanitorConfig defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(JanitorSettings.defaults());
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder(settings);
    }

    static JanitorConfig of(JanitorSettings settings) {
        return new JanitorConfig(settings);
    }

    JanitorSettings settings() {
        return settings;
    }

    /** Whether maintenance runs at all ({@code false}: the "index rot" baseline). */
    public boolean enabled() {
        return settings.enabled();
    }

    /** Pause between two maintenance passes, in milliseconds. */
    public long intervalMillis() {
        return settings.intervalMillis();
    }

    /** A bucket with more than {@code maxBucketFactor · targetBucketSize} rows is split. */
    public double maxBucketFactor() {
        return settings.maxBucketFactor();
    }

    /** A bucket whose urgency passes this is scatter-merged into its neighbours. */
    public double mergeUrgency() {
        return settings.mergeUrgency();
    }

    /** Weight of the dead share in the urgency. */
    public double beta() {
        return settings.beta();
    }

    /** Keeps the urgency finite for a bucket of temperature 0. */
    public double epsilon() {
        return settings.epsilon();
    }

    /** Each pass multiplies every bucket's temperature by this. */
    public double cooling() {
        return settings.cooling();
    }

    /** A bucket over 0.8 of the capacity whose live mean drifted this far (in RMS radii) is split. */
    public double splitDrift() {
        return settings.splitDrift();
    }

    /** Rows of the 3 neighbours a split compares with its new centroids. */
    public int stealChecks() {
        return settings.stealChecks();
    }

    /** Rows a split may take from its neighbours. */
    public int stealMoves() {
        return settings.stealMoves();
    }

    /** {@code δ}: a row moves only if its distance to a new centroid beats its own by this share. */
    public double stealMargin() {
        return settings.stealMargin();
    }

    /** A bucket with this share of dead rows is rewritten without them. */
    public double compactDeadFraction() {
        return settings.compactDeadFraction();
    }

    /** A segment with less than this share of live rows has its live buckets copied out. */
    public double segmentLiveFraction() {
        return settings.segmentLiveFraction();
    }

    /** Partitions of one size tier are merged together once this many exist. */
    public int partitionFanout() {
        return settings.partitionFanout();
    }

    /** A bucket written by maintenance or a flush is left alone this long, in milliseconds. */
    public long cooldownMillis() {
        return settings.cooldownMillis();
    }

    /** Rows one pass may rewrite. */
    public long rowsPerPass() {
        return settings.rowsPerPass();
    }

    /** Segment bytes one pass may write. */
    public long bytesPerPass() {
        return settings.bytesPerPass();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JanitorConfig j && settings.equals(j.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return "JanitorConfig" + settings.toMap();
    }

    /** Sets what differs from the starting point; {@link #build()} checks the whole. */
    public static final class Builder {
        private boolean enabled;
        private long intervalMillis;
        private double maxBucketFactor;
        private double mergeUrgency;
        private double beta;
        private double epsilon;
        private double cooling;
        private double splitDrift;
        private int stealChecks;
        private int stealMoves;
        private double stealMargin;
        private double compactDeadFraction;
        private double segmentLiveFraction;
        private int partitionFanout;
        private long cooldownMillis;
        private long rowsPerPass;
        private long bytesPerPass;

        private Builder(JanitorSettings s) {
            enabled = s.enabled();
            intervalMillis = s.intervalMillis();
            maxBucketFactor = s.maxBucketFactor();
            mergeUrgency = s.mergeUrgency();
            beta = s.beta();
            epsilon = s.epsilon();
            cooling = s.cooling();
            splitDrift = s.splitDrift();
            stealChecks = s.stealChecks();
            stealMoves = s.stealMoves();
            stealMargin = s.stealMargin();
            compactDeadFraction = s.compactDeadFraction();
            segmentLiveFraction = s.segmentLiveFraction();
            partitionFanout = s.partitionFanout();
            cooldownMillis = s.cooldownMillis();
            rowsPerPass = s.rowsPerPass();
            bytesPerPass = s.bytesPerPass();
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder intervalMillis(long v) {
            intervalMillis = v;
            return this;
        }

        public Builder maxBucketFactor(double v) {
            maxBucketFactor = v;
            return this;
        }

        public Builder mergeUrgency(double v) {
            mergeUrgency = v;
            return this;
        }

        public Builder beta(double v) {
            beta = v;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder cooling(double v) {
            cooling = v;
            return this;
        }

        public Builder splitDrift(double v) {
            splitDrift = v;
            return this;
        }

        public Builder stealChecks(int v) {
            stealChecks = v;
            return this;
        }

        public Builder stealMoves(int v) {
            stealMoves = v;
            return this;
        }

        public Builder stealMargin(double v) {
            stealMargin = v;
            return this;
        }

        public Builder compactDeadFraction(double v) {
            compactDeadFraction = v;
            return this;
        }

        public Builder segmentLiveFraction(double v) {
            segmentLiveFraction = v;
            return this;
        }

        public Builder partitionFanout(int v) {
            partitionFanout = v;
            return this;
        }

        public Builder cooldownMillis(long v) {
            cooldownMillis = v;
            return this;
        }

        public Builder rowsPerPass(long v) {
            rowsPerPass = v;
            return this;
        }

        public Builder bytesPerPass(long v) {
            bytesPerPass = v;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first setting out of its range
         */
        public JanitorConfig build() {
            return new JanitorConfig(new JanitorSettings(enabled, intervalMillis, maxBucketFactor, mergeUrgency, beta,
                    epsilon, cooling, splitDrift, stealChecks, stealMoves, stealMargin, compactDeadFraction,
                    segmentLiveFraction, partitionFanout, cooldownMillis, rowsPerPass, bytesPerPass));
        }
    }
}
