package io.drift.bench.filtered;

import io.drift.Metric;
import io.drift.dataset.Vectors;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.nio.file.Path;
import java.util.List;

/**
 * Exact filtered search: every row that meets the filter scored with the SIMD kernels. Its answers
 * are the ground truth; its speed is the floor every index must beat.
 */
final class ExactFiltered implements FilteredSystem {

    private Vectors base;
    private Distance distance;

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public void build(Vectors base, Metric metric, FilteredWorkload workload, Path dir) {
        this.base = base;
        this.distance = Distance.valueOf(metric.name());
    }

    @Override
    public List<String> settings() {
        return List.of("exact");
    }

    @Override
    public Searcher searcher(String setting, FilteredWorkload.Case filter, int k) {
        return (query, out) -> search(query, filter, k, out, null);
    }

    /** The exact top {@code k} of the rows meeting {@code filter}; distances into {@code dist} when given. */
    int search(float[] query, FilteredWorkload.Case filter, int k, long[] out, float[] dist) {
        float[] q = query;
        TopK top = new TopK(k);
        float[] data = base.data();
        for (int r = 0; r < base.size(); r++) {
            if (filter.rows().test(r)) {
                top.offer(r, distance.distance(q, 0, data, base.offset(r), base.dim()));
            }
        }
        return top.drainSorted(out, dist == null ? new float[k] : dist);
    }

    @Override
    public void close() {}
}
