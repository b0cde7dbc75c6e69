package io.drift.search;

/**
 * When a search with a recall target stops: once the selection probability it handed out reaches
 * {@code confidence} (the saturating-density model, DESIGN §6.3) and its raw recall estimate over the
 * memtables and L1 reaches {@code estimate} ({@link RecallGoal}). A {@link RecallModel} picks both
 * per target and k from re-checked queries.
 */
public record StopRule(double confidence, double estimate) {

    /** Every bucket. */
    public static final StopRule EXHAUSTIVE = new StopRule(1.0, 1.0);
}
