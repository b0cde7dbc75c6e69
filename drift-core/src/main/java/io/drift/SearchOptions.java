package io.drift;

/**
 * How hard one search tries. Every field has an index-wide default (see
 * {@link io.drift.search.SearchConfig}); a field left unset here ({@code NaN} or {@code -1}) takes
 * it.
 *
 * <ul>
 *   <li>{@code targetConfidence}: stop scanning buckets once the visited buckets hold this share of
 *       the normalised selection probability (DESIGN §6.3); {@code 1} scans every bucket that has
 *       live rows (exhaustive).
 *   <li>{@code recallTarget}: the recall@k the caller wants; the index turns it into a confidence
 *       through the calibration it measured on its own data. Give this or
 *       {@code targetConfidence}, not both.
 *   <li>{@code rerankFactor}: the best {@code k · rerankFactor} ADC candidates are re-scored on the
 *       full-precision vectors; {@code 0} returns the SQ8 (ADC) distances unreranked.
 *   <li>{@code guardrail}: the number of nearest centroids always scanned.
 *   <li>{@code abort}: asked between memtables and between buckets; once it answers true the
 *       search stops and throws {@link SearchAbortedException} (a caller that gave up, a deadline
 *       that passed). {@code null}: never.
 * </ul>
 */
public record SearchOptions(double targetConfidence, double recallTarget, int rerankFactor, int guardrail,
                            java.util.function.BooleanSupplier abort) {

    private static final SearchOptions DEFAULTS = new SearchOptions(Double.NaN, Double.NaN, -1, -1, null);

    public SearchOptions {
        if (!Double.isNaN(targetConfidence) && !(targetConfidence > 0 && targetConfidence <= 1)) {
            throw new IllegalArgumentException("targetConfidence must be in (0, 1], got " + targetConfidence);
        }
        if (!Double.isNaN(recallTarget) && !(recallTarget > 0 && recallTarget <= 1)) {
            throw new IllegalArgumentException("recallTarget must be in (0, 1], got " + recallTarget);
        }
        if (!Double.isNaN(targetConfidence) && !Double.isNaN(recallTarget)) {
            throw new IllegalArgumentException("give targetConfidence or recallTarget, not both");
        }
        if (rerankFactor < -1) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + rerankFactor);
        }
        if (guardrail < -1) {
            throw new IllegalArgumentException("guardrail must be >= 0, got " + guardrail);
        }
    }

    /** Every field at the index's default. */
    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    /** Scan every bucket that has live rows. */
    public static SearchOptions exhaustive() {
        return DEFAULTS.withTargetConfidence(1.0);
    }

    public SearchOptions withTargetConfidence(double confidence) {
        return new SearchOptions(confidence, Double.NaN, rerankFactor, guardrail, abort);
    }

    public SearchOptions withRecallTarget(double recall) {
        return new SearchOptions(Double.NaN, recall, rerankFactor, guardrail, abort);
    }

    public SearchOptions withRerankFactor(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + factor);
        }
        return new SearchOptions(targetConfidence, recallTarget, factor, guardrail, abort);
    }

    public SearchOptions withGuardrail(int buckets) {
        if (buckets < 0) {
            throw new IllegalArgumentException("guardrail must be >= 0, got " + buckets);
        }
        return new SearchOptions(targetConfidence, recallTarget, rerankFactor, buckets, abort);
    }

    /** These options with the abort condition {@code condition} ({@code null}: never abort). */
    public SearchOptions withAbort(java.util.function.BooleanSupplier condition) {
        return new SearchOptions(targetConfidence, recallTarget, rerankFactor, guardrail, condition);
    }

    /** Whether the abort condition answers true now (a search then throws {@link SearchAbortedException}). */
    public boolean aborted() {
        return abort != null && abort.getAsBoolean();
    }
}
