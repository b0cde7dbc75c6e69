/**
 * Drift's embeddable engine. The API is the package {@code io.drift}: {@code DriftEngine},
 * {@code VectorCollection}, their configs, results and exceptions. Every other package is the engine's
 * own; a few are exported, by name, to Drift's own tools only: the command line's segment inspector
 * reads segment files, ground truth uses the SIMD kernels, and the benchmarks measure the parts
 * one by one.
 */
module io.drift.core {
    requires jdk.incubator.vector;
    requires roaringbitmap;

    exports io.drift;

    exports io.drift.storage to io.drift.server, io.drift.bench;
    exports io.drift.vector to io.drift.datasets, io.drift.bench;
    exports io.drift.codec.alp to io.drift.bench;
    exports io.drift.codec.fastlanes to io.drift.bench;
    exports io.drift.maintain to io.drift.bench;
    exports io.drift.memtable to io.drift.bench;
    exports io.drift.quant to io.drift.bench;
    exports io.drift.search to io.drift.bench;
}
