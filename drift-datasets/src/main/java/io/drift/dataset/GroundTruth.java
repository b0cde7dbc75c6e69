package io.drift.dataset;

import io.drift.Metric;
import io.drift.vector.TopK;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Exact nearest neighbours by brute force, the reference every recall figure is measured against.
 *
 * <p>{@link #compute} compares every query with every base row through
 * {@link Metric#distance(float[], int, float[], int, int)} (the SIMD kernels) on all cores of the
 * common fork-join pool. Work is split over blocks of queries, and each block walks the base in
 * cache-sized tiles, so one tile read from memory serves every query of the block. Ids are base
 * row indices; ties on distance go to the smaller index ({@link TopK}), so results do not depend
 * on scheduling.
 *
 * <p>{@link #cached} keeps results in a directory, keyed by the dataset name, a CRC32C
 * fingerprint of all base and query bytes, the metric and k (see {@link GroundTruthCache} for the
 * file layout). A damaged or mismatching cache file is logged at {@code WARNING} and recomputed.
 */
public final class GroundTruth {
    /** Overrides {@link #defaultCacheDir()}. */
    public static final String CACHE_DIR_ENV = "DRIFT_CACHE_DIR";

    private static final System.Logger LOG = System.getLogger(GroundTruth.class.getName());

    /** Bytes of base rows per tile, sized to stay in a per-core L2 cache beside the queries. */
    private static final int TILE_BYTES = 128 * 1024;
    private static final int MAX_QUERY_BLOCK = 16;

    private GroundTruth() {}

    /**
     * The exact {@code min(k, base.size())} nearest base rows of every query under {@code metric}.
     *
     * @throws IllegalArgumentException if {@code k <= 0}, the dimensions differ, or a query has
     *     fewer comparable (non-NaN) distances than results requested
     */
    public static Neighbors compute(Vectors base, Vectors queries, int k, Metric metric) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(metric, "metric");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (base.dim() != queries.dim()) {
            throw new IllegalArgumentException(
                    "base dimension " + base.dim() + " differs from query dimension " + queries.dim());
        }
        int n = base.size();
        int q = queries.size();
        int kk = Math.min(k, n);
        int[] ids = new int[q * kk];
        float[] distances = new float[q * kk];
        if (q > 0 && kk > 0) {
            int block = queryBlock(q);
            int blocks = (q + block - 1) / block;
            IntStream.range(0, blocks).parallel().forEach(b -> searchBlock(
                    base, queries, metric, kk, b * block, Math.min(q, (b + 1) * block), ids, distances));
        }
        return new Neighbors(q, kk, ids, distances);
    }

    /** Queries per task: enough tasks to keep every core busy, at most {@value #MAX_QUERY_BLOCK}. */
    private static int queryBlock(int queries) {
        int tasksWanted = 4 * Math.max(1, ForkJoinPool.getCommonPoolParallelism());
        return Math.clamp(queries / tasksWanted, 1, MAX_QUERY_BLOCK);
    }

    private static void searchBlock(Vectors base, Vectors queries, Metric metric, int k, int from, int to,
            int[] ids, float[] distances) {
        int dim = base.dim();
        int n = base.size();
        float[] b = base.data();
        float[] qs = queries.data();
        TopK[] heaps = new TopK[to - from];
        for (int i = 0; i < heaps.length; i++) {
            heaps[i] = new TopK(k);
        }
        int tile = Math.max(1, TILE_BYTES / (dim * Float.BYTES));
        for (int tileStart = 0; tileStart < n; tileStart += tile) {
            int tileEnd = Math.min(n, tileStart + tile);
            for (int query = from; query < to; query++) {
                TopK heap = heaps[query - from];
                int qOff = query * dim;
                for (int row = tileStart; row < tileEnd; row++) {
                    heap.offer(row, metric.distance(qs, qOff, b, row * dim, dim));
                }
            }
        }
        long[] rowIds = new long[k];
        float[] rowDistances = new float[k];
        for (int query = from; query < to; query++) {
            int found = heaps[query - from].drainSorted(rowIds, rowDistances);
            if (found < k) {
                throw new IllegalArgumentException("query " + query + " has only " + found + " comparable distances"
                        + " for k=" + k + "; the base or the query contains NaN or infinite components");
            }
            int off = query * k;
            for (int r = 0; r < k; r++) {
                ids[off + r] = (int) rowIds[r];
                distances[off + r] = rowDistances[r];
            }
        }
    }

    /**
     * The exact top {@code k} of {@code ds} ({@link #compute}), loaded from {@code cacheDir} when a
     * valid cache file exists, else computed and written there atomically. The directory is created
     * if needed. A cache file that is damaged or describes other data is logged at
     * {@code WARNING} and replaced; a failure to write the cache is logged and the computed result
     * returned.
     *
     * @throws IOException if {@code cacheDir} cannot be created
     */
    public static Neighbors cached(Path cacheDir, Dataset ds, int k) throws IOException {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(ds, "ds");
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        Files.createDirectories(cacheDir);
        GroundTruthCache.Key key = new GroundTruthCache.Key(ds.name(), ds.metric(), k, ds.queries().size(),
                ds.base().size(), ds.dim(), Fingerprint.of(ds.base(), ds.queries()));
        Path file = cacheDir.resolve(key.fileName());
        if (Files.exists(file)) {
            try {
                Neighbors loaded = GroundTruthCache.read(file, key);
                LOG.log(Level.DEBUG, "loaded ground truth for {0} from {1}", ds.name(), file);
                return loaded;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ignoring ground-truth cache file, recomputing: {0}", e.getMessage());
            }
        }
        long start = System.nanoTime();
        Neighbors computed = compute(ds.base(), ds.queries(), k, ds.metric());
        LOG.log(Level.INFO, "computed ground truth for {0} ({1} queries x {2} base rows, k={3}) in {4} ms",
                ds.name(), ds.queries().size(), ds.base().size(), k, (System.nanoTime() - start) / 1_000_000);
        try {
            GroundTruthCache.write(file, key, computed);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write ground-truth cache file " + file + ": " + e, e);
        }
        return computed;
    }

    /**
     * {@code $DRIFT_CACHE_DIR} if set, else {@code $XDG_CACHE_HOME/drift/groundtruth}, else
     * {@code $HOME/.cache/drift/groundtruth}.
     */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String dir = env.get(CACHE_DIR_ENV);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "drift", "groundtruth");
        }
        String home = env.get("HOME");
        if (home == null || home.isBlank()) {
            home = userHome;
        }
        return Path.of(home, ".cache", "drift", "groundtruth");
    }
}
