package io.drift.quant;

/**
 * How SQ8 training picks each dimension's clamping range from a sample: the values between a
 * low and a high quantile are kept, everything outside clamps to the nearest end.
 *
 * <p>The default ({@link SQ8#DEFAULT_RULE}) is {@link #CONFIDENCE_INTERVAL}; {@code
 * docs/BENCHMARKS.md} records the recall comparison behind that choice. Fashion-MNIST shows why:
 * 14 border pixels are zero in more than 99% of the images, so the 1st/99th percentile rule
 * collapses their range to zero width and loses their rare non-zero values, and 526 of the 784
 * pixels have bright values above their 99th percentile that clamp.
 */
public enum RangeRule {
    /** The 1st and 99th percentiles of each dimension. */
    PERCENTILE_1_99 {
        @Override
        public double lowQuantile(int dim) {
            return 0.01;
        }
    },
    /**
     * The smallest and largest value: nothing clamps, so every reconstruction lies within half a
     * step of its row in every dimension. The rule for per-bucket quantizers, whose few hundred
     * cluster-local rows have no long tails to cut (docs/BENCHMARKS.md, "SQ8 range rule").
     */
    MIN_MAX {
        @Override
        public double lowQuantile(int dim) {
            return 0.0;
        }
    },
    /**
     * The central interval holding a fraction {@code c = 1 - 1/(d+1)} of the values, as Lucene's
     * scalar quantizer does (there over all dimensions at once, here per dimension): quantiles
     * {@code (1-c)/2} and {@code 1-(1-c)/2}.
     */
    CONFIDENCE_INTERVAL {
        @Override
        public double lowQuantile(int dim) {
            double c = 1.0 - 1.0 / (dim + 1.0);
            return (1.0 - c) / 2.0;
        }
    };

    /** The lower quantile in [0, 0.5] for a collection of dimension {@code dim}. */
    public abstract double lowQuantile(int dim);

    /** The upper quantile, symmetric to {@link #lowQuantile(int)}. */
    public double highQuantile(int dim) {
        return 1.0 - lowQuantile(dim);
    }
}
