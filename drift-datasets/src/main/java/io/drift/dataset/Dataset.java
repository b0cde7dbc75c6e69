package io.drift.dataset;

import io.drift.Metric;
import java.util.Objects;

/**
 * A benchmark dataset: base vectors to index, query vectors to search with, and the metric that
 * defines the true neighbours. {@code name} identifies the source and its parameters (for
 * example {@code synthetic-n200000-d128-seed42}) and keys the ground-truth cache.
 */
public record Dataset(String name, Metric metric, Vectors base, Vectors queries) {
    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(queries, "queries");
        if (base.dim() != queries.dim()) {
            throw new IllegalArgumentException(
                    "base dimension " + base.dim() + " differs from query dimension " + queries.dim());
        }
    }

    public int dim() {
        return base.dim();
    }
}
