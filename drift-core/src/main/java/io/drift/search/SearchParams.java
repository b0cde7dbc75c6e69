package io.drift.search;

import java.util.function.BooleanSupplier;

/**
 * How hard one search tries. A field left unset ({@code NaN} or {@code -1}) takes the index's
 * default ({@link SearchConfig}).
 *
 * @param targetConfidence stop once the visited buckets hold this share of the normalised
 *                         selection probability (DESIGN §6.3); {@code 1} scans every bucket with
 *                         live rows (exhaustive)
 * @param recallTarget     the recall@k wanted; the index turns it into a confidence through its
 *                         calibration. Give this or {@code targetConfidence}, not both
 * @param rerankFactor     the best {@code k · rerankFactor} ADC candidates are re-scored on the
 *                         full-precision vectors; {@code 0} returns the ADC distances
 * @param guardrail        nearest centroids always scanned
 * @param abort            asked between memtables and between buckets; once it answers true the
 *                         search stops with {@link SearchAborted}; null: never
 */
public record SearchParams(double targetConfidence, double recallTarget, int rerankFactor, int guardrail,
                           BooleanSupplier abort) {

    private static final SearchParams DEFAULTS = new SearchParams(Double.NaN, Double.NaN, -1, -1, null);

    public SearchParams {
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
    public static SearchParams defaults() {
        return DEFAULTS;
    }

    /** Scan every bucket that has live rows. */
    public static SearchParams exhaustive() {
        return DEFAULTS.withTargetConfidence(1.0);
    }

    /** Whether these ask for an exhaustive search. */
    public boolean isExhaustive() {
        return targetConfidence >= 1.0;
    }

    public SearchParams withTargetConfidence(double confidence) {
        return new SearchParams(confidence, Double.NaN, rerankFactor, guardrail, abort);
    }

    public SearchParams withRecallTarget(double recall) {
        return new SearchParams(Double.NaN, recall, rerankFactor, guardrail, abort);
    }

    public SearchParams withRerankFactor(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + factor);
        }
        return new SearchParams(targetConfidence, recallTarget, factor, guardrail, abort);
    }

    public SearchParams withGuardrail(int buckets) {
        if (buckets < 0) {
            throw new IllegalArgumentException("guardrail must be >= 0, got " + buckets);
        }
        return new SearchParams(targetConfidence, recallTarget, rerankFactor, buckets, abort);
    }

    public SearchParams withAbort(BooleanSupplier condition) {
        return new SearchParams(targetConfidence, recallTarget, rerankFactor, guardrail, condition);
    }

    /** Whether the abort condition answers true now. */
    public boolean aborted() {
        return abort != null && abort.getAsBoolean();
    }
}
