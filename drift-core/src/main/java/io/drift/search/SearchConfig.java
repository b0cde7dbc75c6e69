package io.drift.search;

import io.drift.bucket.CentroidTable;

/**
 * Index-wide search settings (DESIGN §6): the selection model's sharpness {@code λ}, the target
 * bucket size that sets {@code τ = targetBucketSize / 10}, and the defaults a search uses for what
 * its {@code io.drift.SearchOptions} leave unset. The defaults are chosen by the sweep recorded in
 * docs/BENCHMARKS.md.
 *
 * @param lambda            sharpness of {@code P_geom(b) = exp(-λ·(D_b - D_min)/s)}
 * @param targetBucketSize  rows per bucket the builder aims at; {@code τ} is a tenth of it
 * @param targetConfidence  default stopping confidence
 * @param rerankFactor      default rerank pool, as a multiple of k ({@code 0}: no rerank)
 * @param guardrail         default number of nearest centroids always scanned
 * @param graphThreshold    bucket count from which centroids are ranked through an HNSW graph
 *                          instead of a flat scan
 */
public record SearchConfig(double lambda, int targetBucketSize, double targetConfidence, int rerankFactor,
                           int guardrail, int graphThreshold) {

    public static final double DEFAULT_LAMBDA = 12.0;
    public static final int DEFAULT_TARGET_BUCKET_SIZE = 200;
    public static final double DEFAULT_TARGET_CONFIDENCE = 0.95;
    public static final int DEFAULT_RERANK_FACTOR = 2;
    public static final int DEFAULT_GUARDRAIL = 3;

    public SearchConfig {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive and finite, got " + lambda);
        }
        if (targetBucketSize < 1) {
            throw new IllegalArgumentException("targetBucketSize must be positive, got " + targetBucketSize);
        }
        if (!(targetConfidence > 0 && targetConfidence <= 1)) {
            throw new IllegalArgumentException("targetConfidence must be in (0, 1], got " + targetConfidence);
        }
        if (rerankFactor < 0) {
            throw new IllegalArgumentException("rerankFactor must be >= 0, got " + rerankFactor);
        }
        if (guardrail < 0) {
            throw new IllegalArgumentException("guardrail must be >= 0, got " + guardrail);
        }
        if (graphThreshold < 1) {
            throw new IllegalArgumentException("graphThreshold must be positive, got " + graphThreshold);
        }
    }

    public static SearchConfig defaults() {
        return new SearchConfig(DEFAULT_LAMBDA, DEFAULT_TARGET_BUCKET_SIZE, DEFAULT_TARGET_CONFIDENCE,
                DEFAULT_RERANK_FACTOR, DEFAULT_GUARDRAIL, CentroidTable.DEFAULT_GRAPH_THRESHOLD);
    }

    /** {@code τ} of the reliability term {@code R(b) = 1 - exp(-live/τ)}. */
    public double tau() {
        return Math.max(1.0, targetBucketSize / 10.0);
    }

    public SearchConfig withLambda(double value) {
        return new SearchConfig(value, targetBucketSize, targetConfidence, rerankFactor, guardrail, graphThreshold);
    }

    public SearchConfig withTargetBucketSize(int value) {
        return new SearchConfig(lambda, value, targetConfidence, rerankFactor, guardrail, graphThreshold);
    }

    public SearchConfig withTargetConfidence(double value) {
        return new SearchConfig(lambda, targetBucketSize, value, rerankFactor, guardrail, graphThreshold);
    }

    public SearchConfig withRerankFactor(int value) {
        return new SearchConfig(lambda, targetBucketSize, targetConfidence, value, guardrail, graphThreshold);
    }

    public SearchConfig withGraphThreshold(int value) {
        return new SearchConfig(lambda, targetBucketSize, targetConfidence, rerankFactor, guardrail, value);
    }

    public SearchConfig withGuardrail(int value) {
        return new SearchConfig(lambda, targetBucketSize, targetConfidence, rerankFactor, value, graphThreshold);
    }
}
