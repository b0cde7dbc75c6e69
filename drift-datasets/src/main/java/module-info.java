/**
 * Vector files, the benchmark datasets and exact ground truth, for Drift's command line and
 * benchmarks; not part of the engine.
 */
module io.drift.datasets {
    requires transitive io.drift.core;

    exports io.drift.dataset;
}
