package io.drift.bench;

import io.drift.Metric;
import io.drift.dataset.Dataset;
import io.drift.dataset.Vectors;
import io.drift.vector.TopK;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Brute-force search over the float vectors on the heap: every query computes {@link
 * Metric#distance} to every base row and keeps the best {@code k} in a {@link TopK}. One thread.
 * Its recall is 1 by construction, which the benchmark measures anyway as a check on the ground
 * truth.
 *
 * <p>Building only keeps a reference to the vectors; {@link #diskBytes()} reports the size of the
 * raw float32 vectors, what an exact index would store.
 */
public final class ExactSystem implements BenchSystem {

    /** The name on the command line and in reports. */
    public static final String NAME = "exact";

    private Vectors base;
    private Metric metric;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> buildParams() {
        return Map.of();
    }

    @Override
    public void build(Dataset dataset, Path workDir) {
        this.base = dataset.base();
        this.metric = dataset.metric();
    }

    @Override
    public void open() {
        requireBuilt();
    }

    @Override
    public List<SearchSetting> settings(int k) {
        return List.of(SearchSetting.DEFAULT);
    }

    @Override
    public BenchSearcher searcher(SearchSetting setting, int k) {
        requireBuilt();
        Vectors vectors = base;
        Metric m = metric;
        TopK topK = new TopK(k);
        float[] distances = new float[k];
        return (query, outIds) -> {
            float[] data = vectors.data();
            int dim = vectors.dim();
            int n = vectors.size();
            for (int row = 0, off = 0; row < n; row++, off += dim) {
                topK.offer(row, m.distance(query, 0, data, off, dim));
            }
            return topK.drainSorted(outIds, distances);
        };
    }

    @Override
    public long diskBytes() {
        requireBuilt();
        return (long) base.size() * base.dim() * Float.BYTES;
    }

    @Override
    public void close() {
        base = null;
    }

    private void requireBuilt() {
        if (base == null) {
            throw new IllegalStateException(NAME + " has not been built");
        }
    }
}
