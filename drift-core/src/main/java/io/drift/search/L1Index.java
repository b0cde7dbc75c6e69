package io.drift.search;

import io.drift.bucket.CentroidTable;
import io.drift.quant.SQ8;
import io.drift.quant.SQ8Query;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import io.drift.vector.VectorKernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Search over a fixed set of L1 segments (DESIGN §6): rank the bucket centroids, visit buckets by
 * saturating-density probability until the target confidence is reached, or for a recall target
 * until the confidence and the per-query recall estimate pass the {@link StopRule} of a
 * {@link RecallModel} (the guardrail buckets always, buckets that provably cannot improve the
 * candidates never), ADC-scan their SQ8 codes into a pool of {@code k · rerankFactor} candidates,
 * and rerank the pool on the full-precision vectors.
 *
 * <p>Deleted rows ({@link Tombstones}, shared with every other index over the same segments) are
 * never scanned; a bucket's reliability follows its live rows, and a bucket with none is never
 * visited.
 *
 * <p>Thread-safe: searches take no lock and share nothing mutable; each thread keeps its own
 * scratch space, so a search allocates only its result. An index {@link #open opened} from files
 * owns its readers and closes them in {@link #close()}, which must not race with searches; one
 * made {@link #over} readers the caller manages leaves them open.
 */
public final class L1Index implements AutoCloseable {

    private final List<SegmentReader> segments;
    private final List<Tombstones> tombstones;
    private final boolean ownsSegments;
    private final SearchConfig config;
    private final Distance metric;
    private final int dim;
    /** How much a scan raises a bucket's temperature toward 1 (DESIGN §7). */
    static final float HEATING = 0.05f;
    /**
     * The largest dimension the ball-cap shares of the recall estimate use. Data lie near a manifold
     * of far lower dimension than their vectors; in Fashion-MNIST's 784 dimensions the cap share
     * falls to nothing within a tenth of the radius, the estimate passes 0.999 after the first bucket
     * and no threshold told targets 0.90, 0.95 and 0.99 apart (all three scanned 1,659 rows for
     * 0.9755). At 64 the estimate spreads over the buckets that matter (docs/ARCHITECTURE.md,
     * "Recall targets").
     */
    static final int CAP_DIM_LIMIT = 64;
    private static final float[] NO_ROWS = new float[0];
    /**
     * A filtered search whose filter leaves at most this many live rows scores them all exactly
     * instead of selecting buckets (docs/ARCHITECTURE.md, "Filtered search").
     */
    public static final int EXACT_FILTERED_ROWS = 2000;
    /** A filtered scan scores a bucket's matching rows one by one when fewer than 1 in this many match. */
    static final int SPARSE_BUCKET = 8;
    /** The buckets of the segments, in per-bucket arrays. */
    private final BucketTable table;
    private final ThreadLocal<Scratch> scratch;
    /** The cap shares of the recall estimate, in the index's dimension (at most {@value #CAP_DIM_LIMIT}). */
    private final BallCap cap;

    private L1Index(List<SegmentReader> segments, List<Tombstones> tombstones, long[] partitions,
                    float[][] temperature, SearchConfig config, boolean owns) throws IOException {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an L1 index needs at least one segment");
        }
        this.segments = List.copyOf(segments);
        this.tombstones = List.copyOf(tombstones);
        this.ownsSegments = owns;
        this.config = Objects.requireNonNull(config, "config");
        this.table = new BucketTable(segments, tombstones, partitions, temperature, config);
        this.metric = table.metric;
        this.dim = table.dim;
        this.cap = BallCap.of(Math.min(dim, CAP_DIM_LIMIT));
        scratch = ThreadLocal.withInitial(() -> new Scratch(table, table.centroids.ranker()));
    }

    /**
     * Opens the given segment files, none of their rows deleted, as one index; the index owns and
     * closes the readers.
     */
    public static L1Index open(List<Path> files, SearchConfig config) throws IOException {
        List<SegmentReader> readers = new ArrayList<>();
        try {
            for (Path f : files) {
                readers.add(SegmentReader.open(f));
            }
            return new L1Index(readers, readers.stream().map(Tombstones::none).toList(), ownPartitions(readers.size()),
                    new float[readers.size()][], config, true);
        } catch (IOException | RuntimeException e) {
            readers.forEach(SegmentReader::close);
            throw e;
        }
    }

    /**
     * An index over open segments (oldest first) with their tombstones; the caller keeps the
     * readers open for as long as the index is used and closes them itself.
     */
    public static L1Index over(List<SegmentReader> segments, List<Tombstones> tombstones, SearchConfig config)
            throws IOException {
        return new L1Index(segments, tombstones, ownPartitions(segments.size()), new float[segments.size()][], config,
                false);
    }

    /**
     * {@link #over} with each segment's partition (segments with the same label were clustered
     * together; bucket selection normalises per partition) and, per segment, an array of its
     * buckets' temperatures that searches raise (null entries: not tracked).
     */
    public static L1Index over(List<SegmentReader> segments, List<Tombstones> tombstones, long[] partitions,
                               float[][] temperature, SearchConfig config) throws IOException {
        return new L1Index(segments, tombstones, partitions, temperature, config, false);
    }

    private static long[] ownPartitions(int segments) {
        long[] p = new long[segments];
        java.util.Arrays.setAll(p, i -> i);
        return p;
    }

    public Distance metric() {
        return metric;
    }

    public int dim() {
        return dim;
    }

    public int bucketCount() {
        return table.count;
    }

    /** Buckets with at least one live row. */
    public int liveBucketCount() {
        int n = 0;
        for (int b = 0; b < table.count; b++) {
            n += table.live[b] > 0 ? 1 : 0;
        }
        return n;
    }

    /** Stored rows, deleted ones included. */
    public long rows() {
        return table.rows;
    }

    /** Rows not deleted. */
    public long liveRows() {
        long dead = 0;
        for (Tombstones t : tombstones) {
            dead += t.deadRows();
        }
        return table.rows - dead;
    }

    /** The live rows that meet {@code filter}, counted from its row sets and the tombstones. */
    public long liveRows(RowFilter filter) {
        return scratch.get().filtered.start(table, filter, segments.size());
    }

    /**
     * Where the live copy of {@code id} is, as {@code (bucket << 32) | row} over this index's
     * bucket numbering; when no copy is live, the newest deleted one ({@link #isDead}); -1 when
     * no segment holds it. Segments are searched newest first, but the live copy is not always
     * in the newest segment that holds the id: maintenance rewrites live rows into new segments
     * while newer copies of other ids, flushed meanwhile, sit in older ones. At most one copy is
     * live, so the first live one found is the one.
     */
    public long locate(long id) throws IOException {
        long dead = -1;
        for (int si = segments.size() - 1; si >= 0; si--) {
            long at = segments.get(si).locate(id);
            if (at >= 0) {
                long position = ((long) (table.firstBucket[si] + (int) (at >>> 32)) << 32) | (at & 0xFFFF_FFFFL);
                if (!isDead(position)) {
                    return position;
                }
                if (dead < 0) {
                    dead = position;
                }
            }
        }
        return dead;
    }

    /** Whether the row at {@code position} (from {@link #locate}) is deleted. */
    public boolean isDead(long position) {
        int b = (int) (position >>> 32);
        return table.tombstones[b].isDead(table.localBucket[b], (int) position);
    }

    /**
     * Deletes the row at {@code position} (from {@link #locate}); returns false when it already
     * was. Its bucket's reliability follows at once.
     */
    public boolean kill(long position) {
        int b = (int) (position >>> 32);
        int local = table.localBucket[b];
        Tombstones t = table.tombstones[b];
        if (!t.kill(local, (int) position)) {
            return false;
        }
        table.setLive(b, t.liveRows(local));
        return true;
    }

    /**
     * Recomputes every bucket's reliability from its tombstones: rows killed through another index
     * over the same segments (while this one was being built) are counted.
     */
    public void refreshReliability() {
        table.refreshLive();
    }

    /** Decodes the full-precision vector at {@code position} (from {@link #locate}) into {@code out}. */
    public void vector(long position, float[] out) {
        int b = (int) (position >>> 32);
        table.views[b].vector((int) position, out, 0, scratch.get().decoder);
    }

    /** The document (key and payload) of the row at {@code position} (from {@link #locate}), or null. */
    public byte[] document(long position) {
        return table.views[(int) (position >>> 32)].document((int) position);
    }

    /** The segments, oldest first, and their tombstones (same order). */
    public List<SegmentReader> segments() {
        return segments;
    }

    public List<Tombstones> tombstones() {
        return tombstones;
    }

    public SearchConfig config() {
        return config;
    }

    /** The segment files, in the order their buckets are numbered. */
    public List<Path> segmentFiles() {
        return segments.stream().map(SegmentReader::file).toList();
    }

    /** Bytes of the segment files. */
    public long sizeInBytes() {
        long sum = 0;
        for (SegmentReader s : segments) {
            sum += s.sizeInBytes();
        }
        return sum;
    }

    /**
     * The {@code k} nearest stored rows to {@code query} (all rows when {@code k} exceeds them), with
     * no memtables beside the index and an uncalibrated {@link RecallModel}.
     *
     * @throws IllegalArgumentException for a query of the wrong dimension, with a non-finite
     *     component, a zero query under COSINE, or {@code k < 1}
     * @throws SearchAborted when the options' abort condition answers true
     *     (asked before each bucket)
     */
    public SearchHits search(float[] query, int k, SearchParams options) {
        return search(query, k, options, RecallModel.uncalibrated(), NO_ROWS, 0);
    }

    /**
     * The {@code k} nearest stored rows to {@code query}, beside memtables whose search found rows at
     * {@code memtableDist[0..memtableHits)} (ascending): with a recall target the search stops by
     * {@code model}'s {@link StopRule} for it, and every search reports the recall {@code model}
     * expects of it, over the memtables and this index ({@link RecallGoal}).
     */
    public SearchHits search(float[] query, int k, SearchParams options, RecallModel model, float[] memtableDist,
                             int memtableHits) {
        return search(query, k, options, model, memtableDist, memtableHits, true, null, null);
    }

    /**
     * {@link #search(float[], int, SearchParams, RecallModel, float[], int)} over the rows that meet a
     * filter ({@code filter} null: all): buckets are weighed by their matching live rows, those without
     * any are never scanned, and the search returns {@code min(k, matching live rows)} hits. When few
     * rows match ({@link #EXACT_FILTERED_ROWS} or fewer), it scores them all exactly instead.
     */
    public SearchHits search(float[] query, int k, SearchParams options, RecallModel model, float[] memtableDist,
                             int memtableHits, RowFilter filter) {
        return search(query, k, options, model, memtableDist, memtableHits, true, null, filter);
    }

    /**
     * Re-checks a query for calibration: searches with the default rerank, covering every bucket
     * (the selection order), and records in {@code trace} the order and the raw estimate after each.
     */
    SearchHits trace(float[] query, int k, RecallModel model, float[] memtableDist, int memtableHits,
                     RecallGoal.Trace trace) {
        return search(query, k, SearchParams.defaults(), model, memtableDist, memtableHits, false, trace, null);
    }

    /** {@link #search} without warming the scanned buckets: for re-checks. */
    SearchHits searchCold(float[] query, int k, SearchParams options) {
        return search(query, k, options, RecallModel.uncalibrated(), NO_ROWS, 0, false, null, null);
    }

    /** {@link #search}; only with {@code heat} do the scanned buckets get warmer (not for re-checks). */
    private SearchHits search(float[] query, int k, SearchParams options, RecallModel model, float[] memtableDist,
                              int memtableHits, boolean heat, RecallGoal.Trace trace, RowFilter filter) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        if (query.length != dim) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + dim);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        boolean byRecall = trace != null || !Double.isNaN(options.recallTarget());
        double confidence = byRecall ? 1.0 : confidence(options);
        int rerank = options.rerankFactor() >= 0 ? options.rerankFactor() : config.rerankFactor();
        int guardrail = options.guardrail() >= 0 ? options.guardrail() : config.guardrail();
        Scratch s = scratch.get();
        float[] q = s.query;
        float norm = prepareQuery(query, q);

        FilteredBuckets f = filter == null ? null : s.filtered;
        long live = f == null ? liveRows() : f.start(table, filter, segments.size());
        if (live == 0) {
            return new SearchHits(new long[0], new float[0], 0, 0, 0, confidence, model.memtableRecall(k));
        }
        if (f != null && live <= EXACT_FILTERED_ROWS) {
            return allFiltered(s, q, norm, (int) Math.min(k, live), rerank, f,
                    memtableHits > 0 ? model.memtableRecall(k) : 1.0);
        }
        if (f != null) {
            f.weigh(table);
        }
        int[] liveRows = f == null ? table.live : f.live;
        float[] reliability = f == null ? table.reliability : f.reliability;
        float[] alive = f == null ? table.alive : f.alive;
        int kEff = (int) Math.min(k, live);
        int poolSize = rerank == 0 ? kEff : (int) Math.min((long) kEff * rerank, live);
        TopK pool = s.pool(poolSize);
        table.centroids.distances(q, s.dist, s.ranker);
        s.selector.start(s.dist, table.count, table.centroids.scale(norm), config.lambda(), reliability, guardrail,
                confidence, table.partitionOf, table.partitionCount, liveRows);
        s.estimator.start(s.dist, table.count, table.partitionOf, table.partitionCount, s.selector, alive,
                table.centroids, cap);
        double remoteness = metric == Distance.DOT ? 0 : s.estimator.remoteness(table.centroids.scale(norm));
        if (trace != null) {
            trace.remoteness = remoteness;
        }
        s.goal.start((int) Math.min(k, live + memtableHits), model, memtableDist, memtableHits,
                trace == null ? options.recallTarget() : Double.NaN, remoteness, trace, s.selector, s.estimator);

        scan(s, q, norm, pool, kEff, confidence < 1.0 || byRecall, heat, options, f);
        double raw = s.goal.estimate(pool);
        TopK top = s.top(kEff);
        int reranked = rerank(s, q, norm, pool, top, rerank > 0);
        long[] outIds = new long[top.size()];
        float[] outDist = new float[top.size()];
        top.drainSorted(outIds, outDist);
        return new SearchHits(outIds, outDist, s.scanned, s.rowsScanned, reranked,
                byRecall ? s.selector.confidenceReached() : confidence,
                model.expected(s.goal.rule() != null ? s.goal.rule() : new StopRule(confidence, 0), raw, k, remoteness,
                        s.goal.firstMemtableShare()));
    }

    /**
     * ADC-scans the buckets the selector hands out into {@code pool}, skipping any whose rows
     * provably cannot enter it once it is full ({@code prune}); counts into {@code s.scanned} and
     * {@code s.rowsScanned}, and warms the scanned buckets when {@code heat}.
     */
    private void scan(Scratch s, float[] q, float norm, TopK pool, int kEff, boolean prune, boolean heat,
                      SearchParams options, FilteredBuckets f) {
        VectorKernels kernels = VectorKernels.get();
        float scale = SQ8Query.scaleOf(metric);
        boolean corrected = SQ8Query.usesCorrection(metric);
        BucketSelector selector = s.selector;
        int scanned = 0;
        long rowsScanned = 0;
        for (int b = selector.next(false); b >= 0; b = selector.next(pool.size() < kEff)) {
            if (options.aborted()) {
                throw new SearchAborted("search aborted after " + scanned + " buckets");
            }
            s.estimator.cover(b);
            if (prune && pool.isFull()) {
                // graph ranking leaves buckets past its beam at +∞; the bound needs the real distance
                float db = s.dist[b] == Float.POSITIVE_INFINITY ? table.centroids.distance(q, b) : s.dist[b];
                if (table.centroids.lowerBound(b, db, table.reach[b], norm) > pool.threshold()) {
                    s.goal.covered(pool, b, 0); // no row of this bucket can enter the pool
                    continue;
                }
            }
            if (f != null && f.live[b] * SPARSE_BUCKET < table.bucketRows[b]) {
                rowsScanned += s.matches.bucket(f, b, q, pool); // few rows match: those alone
            } else {
                float base = SQ8.prepareInto(table.mins, table.steps, b * dim, q, metric, s.a);
                kernels.adcScanTopK(s.a, base, scale, table.codes[b], 0, dim, table.bucketRows[b],
                        corrected ? table.corrections[b] : null, 0, (long) b << 32, pool,
                        f == null ? table.tombstones[b].deadBits(table.localBucket[b]) : f.excluded(table, b));
                rowsScanned += table.bucketRows[b];
            }
            scanned++;
            float[] t = heat ? table.temperature[table.segmentOf[b]] : null;
            if (t != null) { // DESIGN §7: T ← T + 0.05·(1 − T)
                int lb = table.localBucket[b];
                t[lb] += HEATING * (1f - t[lb]);
            }
            s.goal.covered(pool, b, table.bucketRows[b]);
        }
        s.scanned = scanned;
        s.rowsScanned = rowsScanned;
    }

    /**
     * A filtered search over few matching rows: every one of them scored by its SQ8 code into a pool
     * of {@code k · rerank}, which is re-scored on the full-precision vectors (Lucene and Qdrant
     * switch to an exact scan alike once a filter is selective enough; this one reads codes, not
     * floats, for all but the pool).
     */
    private SearchHits allFiltered(Scratch s, float[] q, float norm, int k, int rerank, FilteredBuckets f,
                                   double recall) {
        TopK pool = s.pool(rerank == 0 ? k : k * rerank);
        long[] scored = s.matches.all(f, segments.size(), q, pool);
        TopK top = s.top(k);
        int reranked = rerank(s, q, norm, pool, top, rerank > 0);
        long[] ids = new long[top.size()];
        float[] dist = new float[ids.length];
        top.drainSorted(ids, dist);
        return new SearchHits(ids, dist, (int) scored[0], scored[1], reranked, 1.0, recall);
    }

    /**
     * Moves the pool's candidates, in ADC order, into {@code top}: re-scored on their full-precision
     * vectors when {@code exact} (a candidate whose exact distance provably cannot enter the top k is
     * not decoded), else with their ADC distances. Returns how many were decoded.
     */
    private int rerank(Scratch s, float[] q, float norm, TopK pool, TopK top, boolean exact) {
        int m = pool.drainSorted(s.candidates, s.candidateDist);
        int reranked = 0;
        for (int i = 0; i < m; i++) {
            int b = (int) (s.candidates[i] >>> 32);
            int row = (int) s.candidates[i];
            float d = s.candidateDist[i];
            if (exact) {
                // a row lies within slack[b] of its reconstruction, so its exact distance is at
                // least this; a candidate that cannot enter the top k is not decoded
                if (top.isFull() && exactLowerBound(d, table.slack[b], norm) > top.threshold()) {
                    continue;
                }
                table.views[b].vector(row, s.vector, 0, s.decoder);
                d = metric.distance(q, 0, s.vector, 0, dim);
                reranked++;
            }
            top.offer(table.ids[b][row], d);
        }
        return reranked;
    }

    /**
     * A lower bound on the exact distance of a row whose ADC distance (to its reconstruction) is
     * {@code adc} and which lies within {@code slack} of that reconstruction: for L2
     * {@code (sqrt(adc) - slack)²}; for the inner-product metrics {@code adc - ‖q‖·slack}
     * (Cauchy–Schwarz; ‖q‖ = 1 under COSINE).
     */
    private float exactLowerBound(float adc, float slack, float queryNorm) {
        if (metric == Distance.L2) {
            float gap = (float) Math.sqrt(Math.max(0f, adc)) - slack;
            return gap > 0 ? gap * gap : 0f;
        }
        return adc - queryNorm * slack;
    }

    private double confidence(SearchParams options) {
        if (!Double.isNaN(options.targetConfidence())) {
            return options.targetConfidence();
        }
        return config.targetConfidence();
    }

    /** Copies the query into {@code q} (normalised for COSINE) and returns its norm. */
    private float prepareQuery(float[] query, float[] q) {
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(query[i])) {
                throw new IllegalArgumentException("query component " + i + " is " + query[i]);
            }
        }
        float norm = (float) Math.sqrt(VectorKernels.get().dot(query, query));
        if (metric == Distance.COSINE) {
            if (!(norm > 0)) {
                throw new IllegalArgumentException("a zero query has no direction under COSINE");
            }
            for (int i = 0; i < dim; i++) {
                q[i] = query[i] / norm;
            }
            return 1f;
        }
        System.arraycopy(query, 0, q, 0, dim);
        return norm;
    }

    int bucketRows(int bucket) {
        return table.bucketRows[bucket];
    }

    @Override
    public void close() {
        if (ownsSegments) {
            segments.forEach(SegmentReader::close);
        }
    }

    /** Per-thread working space; sized once per index, then reused by every search. */
    private static final class Scratch {
        final float[] query;
        final float[] a;
        final float[] vector;
        final float[] dist;
        final CentroidTable.Ranker ranker;
        final BucketSelector selector = new BucketSelector();
        final RecallEstimator estimator = new RecallEstimator();
        final FilteredBuckets filtered = new FilteredBuckets();
        final MatchScorer matches;
        final RecallGoal goal;
        final BucketView.RowDecoder decoder = new BucketView.RowDecoder();
        long[] candidates = new long[0];
        float[] candidateDist = new float[0];
        private TopK pool;
        private TopK top;
        /** What the last scan did: buckets and rows scanned. */
        int scanned;
        long rowsScanned;

        Scratch(BucketTable table, CentroidTable.Ranker ranker) {
            int dim = table.dim;
            int buckets = table.count;
            this.ranker = ranker;
            this.matches = new MatchScorer(table);
            this.goal = new RecallGoal(table.metric);
            query = new float[dim];
            a = new float[dim];
            vector = new float[dim];
            dist = new float[buckets];
        }

        TopK pool(int size) {
            if (pool == null || pool.k() != size) {
                pool = new TopK(size);
                candidates = new long[size];
                candidateDist = new float[size];
            }
            pool.clear();
            return pool;
        }

        TopK top(int size) {
            if (top == null || top.k() != size) {
                top = new TopK(size);
            }
            top.clear();
            return top;
        }
    }
}
