package io.drift.bench.lucene;

import io.drift.Metric;
import org.apache.lucene.index.VectorSimilarityFunction;

/** Maps a Drift {@link Metric} to the Lucene similarity that ranks vectors the same way. */
final class LuceneSimilarity {

    private LuceneSimilarity() {}

    /**
     * {@link Metric#L2} to {@code EUCLIDEAN}, {@link Metric#COSINE} to {@code COSINE}, {@link
     * Metric#DOT} to {@code MAXIMUM_INNER_PRODUCT} (Lucene's {@code DOT_PRODUCT} requires unit
     * vectors, which a dot-product dataset need not have).
     */
    static VectorSimilarityFunction of(Metric metric) {
        return switch (metric) {
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
            case COSINE -> VectorSimilarityFunction.COSINE;
            case DOT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
        };
    }
}
