package io.drift;

import io.drift.search.SearchParams;
import java.util.function.BooleanSupplier;

/**
 * How hard one search tries. Immutable; each {@code with} method returns a changed copy. Every
 * setting left unset takes the collection's default ({@link CollectionConfig}).
 *
 * <ul>
 *   <li>{@code targetConfidence}: stop scanning buckets once the visited buckets hold this share of
 *       the normalised selection probability (DESIGN §6.3); {@code 1} scans every bucket that has
 *       live rows (exhaustive).
 *   <li>{@code recallTarget}: the recall@k the caller wants (over the memtables and the
 *       segments). The search stops once its selection confidence and its own estimate of the
 *       recall reached (the share of its k-nearest ball in the buckets scanned) pass the thresholds
 *       the collection fitted for this target and k on recent queries it re-checked exhaustively;
 *       until it has, it uses defaults that err high. Give this or {@code targetConfidence}, not
 *       both.
 *   <li>{@code rerankFactor}: the best {@code k · rerankFactor} SQ8 candidates are re-scored on the
 *       full-precision vectors; {@code 0} returns the SQ8 distances unreranked.
 *   <li>{@code guardrail}: the number of nearest centroids always scanned.
 *   <li>{@code filter}: only points meeting it are returned, {@code min(k, matching points)} of
 *       them ({@link Filter}). Default: every point.
 *   <li>{@code scoreThreshold}: hits farther from the query than this distance are left out. Default:
 *       none.
 *   <li>{@code offset}: the first {@code offset} hits are skipped (paging through results): the
 *       search looks for {@code k + offset}.
 *   <li>{@code withPayload}: each hit carries its point's payload (keys are always returned in
 *       string-keyed collections). Off by default.
 *   <li>{@code abort}: asked between memtables and between buckets; once it answers true the
 *       search stops and throws {@link SearchAbortedException} (a caller that gave up, a deadline
 *       that passed). {@code null}: never.
 * </ul>
 */
public final class SearchOptions {

    private static final SearchOptions DEFAULTS = new SearchOptions(SearchParams.defaults(), false, Filter.all(),
            Float.POSITIVE_INFINITY, 0);

    private final SearchParams params;
    private final boolean withPayload;
    private final Filter filter;
    private final float scoreThreshold;
    private final int offset;

    private SearchOptions(SearchParams params, boolean withPayload, Filter filter, float scoreThreshold, int offset) {
        this.params = params;
        this.withPayload = withPayload;
        this.filter = filter;
        this.scoreThreshold = scoreThreshold;
        this.offset = offset;
    }

    private SearchOptions with(SearchParams p) {
        return new SearchOptions(p, withPayload, filter, scoreThreshold, offset);
    }

    /** These options returning only points that meet {@code filter}. */
    public SearchOptions withFilter(Filter filter) {
        return new SearchOptions(params, withPayload, java.util.Objects.requireNonNull(filter, "filter"), scoreThreshold,
                offset);
    }

    /** The filter ({@link Filter#all()} unless set). */
    public Filter filter() {
        return filter;
    }

    /**
     * These options leaving out hits farther than {@code distance} from the query.
     *
     * @throws IllegalArgumentException for NaN
     */
    public SearchOptions withScoreThreshold(float distance) {
        if (Float.isNaN(distance)) {
            throw new IllegalArgumentException("scoreThreshold is NaN");
        }
        return new SearchOptions(params, withPayload, filter, distance, offset);
    }

    /** The largest distance a hit may have (+∞ unless set). */
    public float scoreThreshold() {
        return scoreThreshold;
    }

    /**
     * These options skipping the first {@code hits} hits.
     *
     * @throws IllegalArgumentException for a negative offset
     */
    public SearchOptions withOffset(int hits) {
        if (hits < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + hits);
        }
        return new SearchOptions(params, withPayload, filter, scoreThreshold, hits);
    }

    /** Hits skipped (0 unless set). */
    public int offset() {
        return offset;
    }

    /** Every setting at the collection's default. */
    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    /** Scan every bucket that has live rows. */
    public static SearchOptions exhaustive() {
        return DEFAULTS.withTargetConfidence(1.0);
    }

    SearchParams params() {
        return params;
    }

    /** The target confidence, or {@code NaN} when unset. */
    public double targetConfidence() {
        return params.targetConfidence();
    }

    /** The recall target, or {@code NaN} when unset. */
    public double recallTarget() {
        return params.recallTarget();
    }

    /** The rerank factor, or {@code -1} when unset. */
    public int rerankFactor() {
        return params.rerankFactor();
    }

    /** The guardrail, or {@code -1} when unset. */
    public int guardrail() {
        return params.guardrail();
    }

    /** @throws IllegalArgumentException unless {@code 0 < confidence <= 1} */
    public SearchOptions withTargetConfidence(double confidence) {
        return with(params.withTargetConfidence(confidence));
    }

    /** @throws IllegalArgumentException unless {@code 0 < recall <= 1} */
    public SearchOptions withRecallTarget(double recall) {
        return with(params.withRecallTarget(recall));
    }

    /** @throws IllegalArgumentException for a negative factor */
    public SearchOptions withRerankFactor(int factor) {
        return with(params.withRerankFactor(factor));
    }

    /** @throws IllegalArgumentException for a negative number of buckets */
    public SearchOptions withGuardrail(int buckets) {
        return with(params.withGuardrail(buckets));
    }

    /** These options with the abort condition {@code condition} ({@code null}: never abort). */
    public SearchOptions withAbort(BooleanSupplier condition) {
        return with(params.withAbort(condition));
    }

    /** These options with each hit carrying its payload, or not. */
    public SearchOptions withPayload(boolean payload) {
        return new SearchOptions(params, payload, filter, scoreThreshold, offset);
    }

    /** Whether hits carry their payloads. */
    public boolean withPayload() {
        return withPayload;
    }

    /** Whether the abort condition answers true now. */
    public boolean aborted() {
        return params.aborted();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchOptions s && params.equals(s.params) && withPayload == s.withPayload
                && filter == s.filter && Float.compare(scoreThreshold, s.scoreThreshold) == 0 && offset == s.offset;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(params, withPayload, System.identityHashCode(filter), scoreThreshold, offset);
    }

    @Override
    public String toString() {
        return "SearchOptions[targetConfidence=" + params.targetConfidence() + ", recallTarget=" + params.recallTarget()
                + ", rerankFactor=" + params.rerankFactor() + ", guardrail=" + params.guardrail() + ", withPayload=" + withPayload + ", filter=" + filter
                + ", scoreThreshold=" + scoreThreshold + ", offset=" + offset + "]";
    }
}
