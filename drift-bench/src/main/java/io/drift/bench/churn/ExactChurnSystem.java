package io.drift.bench.churn;

import io.drift.Metric;
import io.drift.bench.BenchSearcher;
import io.drift.dataset.Vectors;
import io.drift.vector.TopK;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact search over the live rows, timed as a system: each query computes {@link Metric#distance}
 * (the SIMD kernels) to every live row on the heap and keeps the best {@code k}, on one thread.
 * Writes only flip a live flag per row; at each checkpoint the live vectors are copied into one
 * contiguous array (scanning them in place, scattered through the base, was 2.5x slower).
 * {@code disk_bytes} is what the live vectors take as raw float32.
 */
public final class ExactChurnSystem implements ChurnSystem {

    /** The name on the command line and in reports. */
    public static final String NAME = "exact";

    private final Vectors base;
    private final Metric metric;
    private final boolean[] live;
    private int liveCount;
    private int[] liveRows = new int[0];
    private float[] liveVectors = new float[0];

    public ExactChurnSystem(Vectors base, Metric metric) {
        this.base = base;
        this.metric = metric;
        this.live = new boolean[base.size()];
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> params() {
        return Map.of("kernels", io.drift.vector.VectorKernels.get().name());
    }

    @Override
    public void write(int[] upserts, int[] deletes) {
        for (int row : upserts) {
            if (!live[row]) {
                live[row] = true;
                liveCount++;
            }
        }
        for (int row : deletes) {
            if (live[row]) {
                live[row] = false;
                liveCount--;
            }
        }
    }

    @Override
    public void prepareCheckpoint() {
        int[] rows = new int[liveCount];
        int i = 0;
        for (int row = 0; row < live.length; row++) {
            if (live[row]) {
                rows[i++] = row;
            }
        }
        int dim = base.dim();
        float[] vectors = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(base.data(), base.offset(rows[r]), vectors, r * dim, dim);
        }
        liveRows = rows;
        liveVectors = vectors;
    }

    @Override
    public List<String> settings() {
        return List.of("exact");
    }

    @Override
    public BenchSearcher searcher(String setting, int k) {
        int[] rows = liveRows;
        float[] data = liveVectors;
        int dim = base.dim();
        TopK topK = new TopK(k);
        float[] distances = new float[k];
        return new BenchSearcher() {
            @Override
            public int search(float[] query, long[] outIds) {
                for (int r = 0, off = 0; r < rows.length; r++, off += dim) {
                    topK.offer(rows[r], metric.distance(query, 0, data, off, dim));
                }
                return topK.drainSorted(outIds, distances);
            }

            @Override
            public Map<String, Object> stats() {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("rows_scanned", (double) rows.length);
                return s;
            }
        };
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("live", (long) liveCount);
        m.put("disk_bytes", (long) liveCount * base.dim() * Float.BYTES);
        return m;
    }

    @Override
    public void close() {
        liveRows = new int[0];
        liveVectors = new float[0];
    }
}
