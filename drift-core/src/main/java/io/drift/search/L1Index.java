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
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Search over a fixed set of L1 segments (DESIGN §6): rank the bucket centroids, visit buckets by
 * saturating-density probability until the target confidence is reached (the guardrail buckets
 * always, buckets that provably cannot improve the candidates never), ADC-scan their SQ8 codes
 * into a pool of {@code k · rerankFactor} candidates, and rerank the pool on the full-precision
 * vectors.
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
    private final int buckets;
    private final long rows;
    /** Per segment: the global number of its first bucket. */
    private final int[] firstBucket;
    /** Per bucket: its segment's tombstones, and its number inside that segment. */
    private final Tombstones[] bucketTombstones;
    private final int[] localBucket;
    /** Per bucket: its segment's number. */
    private final int[] segmentOf;
    /** How much a scan raises a bucket's temperature toward 1 (DESIGN §7). */
    static final float HEATING = 0.05f;
    /** Per bucket: the partition it belongs to in bucket selection, numbered densely from 0. */
    private final int[] partitionOf;
    private final int partitionCount;
    /** Per segment: its buckets' temperatures, raised by the searches that scan them (or null). */
    private final float[][] temperature;
    private final BucketView[] views;
    private final MemorySegment[] codes;
    private final MemorySegment[] corrections;
    private final long[][] ids;
    private final int[] bucketRows;
    private final float[] mins;
    private final float[] steps;
    /** Per bucket: the largest distance of a row's reconstruction to the centroid (bound). */
    private final float[] reach;
    /** Per bucket: the largest distance of a row's reconstruction to the row, {@code ½·‖step‖}. */
    private final float[] slack;
    private final float[] reliability;
    /** Per bucket: its live rows (partition weights in bucket selection). */
    private final int[] bucketLive;
    private final CentroidTable centroids;
    private final ThreadLocal<Scratch> scratch;
    private volatile Calibration calibration;

    private L1Index(List<SegmentReader> segments, List<Tombstones> tombstones, long[] partitions,
                    float[][] temperature, SearchConfig config, boolean owns) throws IOException {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("an L1 index needs at least one segment");
        }
        if (tombstones.size() != segments.size()) {
            throw new IllegalArgumentException(segments.size() + " segments but " + tombstones.size() + " tombstone sets");
        }
        if (partitions.length != segments.size() || temperature.length != segments.size()) {
            throw new IllegalArgumentException(segments.size() + " segments but " + partitions.length + " partitions and "
                    + temperature.length + " temperature arrays");
        }
        this.segments = List.copyOf(segments);
        this.tombstones = List.copyOf(tombstones);
        this.temperature = temperature.clone();
        int[] segmentPartition = new int[segments.size()]; // numbered densely from 0
        java.util.Map<Long, Integer> dense = new java.util.HashMap<>();
        for (int si = 0; si < partitions.length; si++) {
            segmentPartition[si] = dense.computeIfAbsent(partitions[si], p -> dense.size());
        }
        partitionCount = dense.size();
        this.ownsSegments = owns;
        this.config = Objects.requireNonNull(config, "config");
        SegmentReader first = segments.getFirst();
        this.metric = first.metric();
        this.dim = first.dim();
        int n = 0;
        long r = 0;
        for (SegmentReader s : segments) {
            if (s.dim() != dim || s.metric() != metric) {
                throw new IllegalArgumentException("segment " + s.file() + " is " + s.metric() + " of dimension "
                        + s.dim() + ", the index is " + metric + " of dimension " + dim);
            }
            n += s.bucketCount();
            r += s.rows();
        }
        this.buckets = n;
        this.rows = r;
        firstBucket = new int[segments.size()];
        bucketTombstones = new Tombstones[n];
        localBucket = new int[n];
        segmentOf = new int[n];
        partitionOf = new int[n];
        views = new BucketView[n];
        codes = new MemorySegment[n];
        corrections = new MemorySegment[n];
        ids = new long[n][];
        bucketRows = new int[n];
        mins = new float[n * dim];
        steps = new float[n * dim];
        reach = new float[n];
        slack = new float[n];
        reliability = new float[n];
        bucketLive = new int[n];
        float[] centroidData = new float[n * dim];
        float[] rms = new float[n];
        int b = 0;
        for (int si = 0; si < segments.size(); si++) {
            SegmentReader s = segments.get(si);
            Tombstones t = tombstones.get(si);
            if (t.bucketCount() != s.bucketCount()) {
                throw new IllegalArgumentException("tombstones of " + t.bucketCount() + " buckets for segment " + s.file()
                        + " of " + s.bucketCount());
            }
            firstBucket[si] = b;
            for (int i = 0; i < s.bucketCount(); i++, b++) {
                bucketTombstones[b] = t;
                localBucket[b] = i;
                segmentOf[b] = si;
                partitionOf[b] = segmentPartition[si];
                if (temperature[si] != null && temperature[si].length != s.bucketCount()) {
                    throw new IllegalArgumentException("temperatures of " + temperature[si].length + " buckets for segment "
                            + s.file() + " of " + s.bucketCount());
                }
                BucketView v = s.bucket(i);
                views[b] = v;
                codes[b] = v.codes();
                corrections[b] = v.corrections();
                ids[b] = v.ids();
                bucketRows[b] = v.rows();
                SQ8 sq8 = v.sq8();
                float[] step = sq8.steps();
                System.arraycopy(sq8.mins(), 0, mins, b * dim, dim);
                System.arraycopy(step, 0, steps, b * dim, dim);
                System.arraycopy(v.centroid(), 0, centroidData, b * dim, dim);
                rms[b] = v.rmsRadius();
                // a reconstruction lies within half a step per dimension of its row (unclamped values)
                double halfSteps = 0;
                for (float st : step) {
                    halfSteps += 0.25 * st * st;
                }
                // a little over, so float rounding in the ADC distances never makes the bounds lie
                slack[b] = (float) (Math.sqrt(halfSteps) * 1.001 + 1e-6);
                reach[b] = v.maxRadius() + slack[b];
                setLive(b, t.liveRows(i));
            }
        }
        centroids = new CentroidTable(metric, dim, centroidData, rms, config.graphThreshold());
        scratch = ThreadLocal.withInitial(() -> new Scratch(buckets, dim, centroids.ranker()));
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

    /** {@code R(b) = 1 - e^(-live/τ)}: a bucket without live rows has none. */
    private float reliabilityOf(int live) {
        return (float) -Math.expm1(-live / config.tau());
    }

    private void setLive(int b, int live) {
        bucketLive[b] = live;
        reliability[b] = reliabilityOf(live);
    }

    public Distance metric() {
        return metric;
    }

    public int dim() {
        return dim;
    }

    public int bucketCount() {
        return buckets;
    }

    /** Buckets with at least one live row. */
    public int liveBucketCount() {
        int n = 0;
        for (int b = 0; b < buckets; b++) {
            n += bucketLive[b] > 0 ? 1 : 0;
        }
        return n;
    }

    /** Stored rows, deleted ones included. */
    public long rows() {
        return rows;
    }

    /** Rows not deleted. */
    public long liveRows() {
        long dead = 0;
        for (Tombstones t : tombstones) {
            dead += t.deadRows();
        }
        return rows - dead;
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
                long position = ((long) (firstBucket[si] + (int) (at >>> 32)) << 32) | (at & 0xFFFF_FFFFL);
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
        return bucketTombstones[b].isDead(localBucket[b], (int) position);
    }

    /**
     * Deletes the row at {@code position} (from {@link #locate}); returns false when it already
     * was. Its bucket's reliability follows at once.
     */
    public boolean kill(long position) {
        int b = (int) (position >>> 32);
        int local = localBucket[b];
        Tombstones t = bucketTombstones[b];
        if (!t.kill(local, (int) position)) {
            return false;
        }
        setLive(b, t.liveRows(local));
        return true;
    }

    /**
     * Recomputes every bucket's reliability from its tombstones: rows killed through another index
     * over the same segments (while this one was being built) are counted.
     */
    public void refreshReliability() {
        for (int b = 0; b < buckets; b++) {
            setLive(b, bucketTombstones[b].liveRows(localBucket[b]));
        }
    }

    /** Decodes the full-precision vector at {@code position} (from {@link #locate}) into {@code out}. */
    public void vector(long position, float[] out) {
        int b = (int) (position >>> 32);
        views[b].vector((int) position, out, 0, scratch.get().decoder);
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

    /** The calibration in use, or null before {@link #calibrate}. */
    public Calibration calibration() {
        return calibration;
    }

    /** Installs a calibration (for example one measured earlier and kept). */
    public void calibration(Calibration c) {
        this.calibration = c;
    }

    /**
     * The {@code k} nearest stored rows to {@code query} (all rows when {@code k} exceeds them).
     *
     * @throws IllegalArgumentException for a query of the wrong dimension, with a non-finite
     *     component, a zero query under COSINE, {@code k < 1}, or a recall target before calibration
     * @throws SearchAborted when the options' abort condition answers true
     *     (asked before each bucket)
     */
    public SearchHits search(float[] query, int k, SearchParams options) {
        return search(query, k, options, true);
    }

    /** {@link #search}; only with {@code heat} do the scanned buckets get warmer (not for calibration). */
    SearchHits search(float[] query, int k, SearchParams options, boolean heat) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(options, "options");
        if (query.length != dim) {
            throw new IllegalArgumentException("query has dimension " + query.length + ", the index " + dim);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        double confidence = confidence(options);
        int rerank = options.rerankFactor() >= 0 ? options.rerankFactor() : config.rerankFactor();
        int guardrail = options.guardrail() >= 0 ? options.guardrail() : config.guardrail();
        Scratch s = scratch.get();
        float[] q = s.query;
        float norm = prepareQuery(query, q);

        long live = liveRows();
        if (live == 0) {
            Calibration c = calibration;
            return new SearchHits(new long[0], new float[0], 0, 0, 0, confidence,
                    c == null ? Double.NaN : c.recallAt(confidence));
        }
        int kEff = (int) Math.min(k, live);
        int poolSize = rerank == 0 ? kEff : (int) Math.min((long) kEff * rerank, live);
        TopK pool = s.pool(poolSize);
        centroids.distances(q, s.dist, s.ranker);
        BucketSelector selector = s.selector;
        selector.start(s.dist, buckets, centroids.scale(norm), config.lambda(), reliability, guardrail, confidence,
                partitionOf, partitionCount, bucketLive);

        VectorKernels kernels = VectorKernels.get();
        float scale = SQ8Query.scaleOf(metric);
        boolean corrected = SQ8Query.usesCorrection(metric);
        boolean prune = confidence < 1.0;
        int scanned = 0;
        long rowsScanned = 0;
        for (int b = selector.next(false); b >= 0; b = selector.next(pool.size() < kEff)) {
            if (options.aborted()) {
                throw new SearchAborted("search aborted after " + scanned + " buckets");
            }
            if (prune && pool.isFull()) {
                // graph ranking leaves buckets past its beam at +∞; the bound needs the real distance
                float db = s.dist[b] == Float.POSITIVE_INFINITY ? centroids.distance(q, b) : s.dist[b];
                if (centroids.lowerBound(b, db, reach[b], norm) > pool.threshold()) {
                    continue; // no row of this bucket can enter the pool
                }
            }
            float base = SQ8.prepareInto(mins, steps, b * dim, q, metric, s.a);
            kernels.adcScanTopK(s.a, base, scale, codes[b], 0, dim, bucketRows[b], corrected ? corrections[b] : null,
                    0, (long) b << 32, pool, bucketTombstones[b].deadBits(localBucket[b]));
            scanned++;
            rowsScanned += bucketRows[b];
            float[] t = heat ? temperature[segmentOf[b]] : null;
            if (t != null) { // DESIGN §7: T ← T + 0.05·(1 − T)
                int lb = localBucket[b];
                t[lb] += HEATING * (1f - t[lb]);
            }
        }

        int m = pool.drainSorted(s.candidates, s.candidateDist);
        TopK top = s.top(kEff);
        int reranked = 0;
        for (int i = 0; i < m; i++) {
            int b = (int) (s.candidates[i] >>> 32);
            int row = (int) s.candidates[i];
            float d = s.candidateDist[i];
            if (rerank > 0) {
                // a row lies within slack[b] of its reconstruction, so its exact distance is at
                // least this; a candidate that cannot enter the top k is not decoded
                if (top.isFull() && exactLowerBound(d, slack[b], norm) > top.threshold()) {
                    continue;
                }
                views[b].vector(row, s.vector, 0, s.decoder);
                d = metric.distance(q, 0, s.vector, 0, dim);
                reranked++;
            }
            top.offer(ids[b][row], d);
        }
        long[] outIds = new long[top.size()];
        float[] outDist = new float[top.size()];
        top.drainSorted(outIds, outDist);
        Calibration c = calibration;
        return new SearchHits(outIds, outDist, scanned, rowsScanned, reranked, confidence,
                c == null ? Double.NaN : c.recallAt(confidence));
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
        if (!Double.isNaN(options.recallTarget())) {
            Calibration c = calibration;
            if (c == null) {
                throw new IllegalArgumentException("recallTarget needs a calibrated index; calibrate it first");
            }
            return c.confidenceFor(options.recallTarget());
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

    /**
     * Measures how recall@k follows the target confidence on this index's own data and installs
     * the result as the index's calibration ({@link #measureCalibration}).
     */
    public Calibration calibrate(int queries, int k, long seed) {
        Calibration c = measureCalibration(queries, k, seed);
        this.calibration = c;
        return c;
    }

    /**
     * Measures how recall@k follows the target confidence on this index's own data, without
     * installing it: {@code queries} stored rows drawn with {@code seed} are searched (themselves
     * excluded from both answers) at a ladder of confidences with the default rerank and
     * guardrail, against an exhaustive search with a wide rerank. Safe alongside searches and kills.
     */
    public Calibration measureCalibration(int queries, int k, long seed) {
        return Calibration.measure(this, queries, k, seed);
    }

    /**
     * For calibration: the order in which a search for {@code query} would consider the buckets,
     * and the share of selection probability handed out before each (see
     * {@link BucketSelector#visitAll}). Returns the number of buckets ordered.
     */
    int visitOrder(float[] query, int[] order, double[] shareBefore) {
        Scratch s = scratch.get();
        float norm = prepareQuery(query, s.query);
        centroids.distances(s.query, s.dist, s.ranker);
        s.selector.start(s.dist, buckets, centroids.scale(norm), config.lambda(), reliability, config.guardrail(), 1.0,
                partitionOf, partitionCount, bucketLive);
        return s.selector.visitAll(order, shareBefore);
    }

    /** Whether bucket {@code bucket} holds {@code id}. */
    boolean holds(int bucket, long id) {
        long[] sorted = ids[bucket];
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(sorted[mid], id);
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    /** Decodes stored row {@code row} of bucket {@code bucket} into {@code out}; returns its id. */
    long storedRow(int bucket, int row, float[] out) {
        views[bucket].vector(row, out, 0, scratch.get().decoder);
        return ids[bucket][row];
    }

    int bucketRows(int bucket) {
        return bucketRows[bucket];
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
        final BucketView.RowDecoder decoder = new BucketView.RowDecoder();
        long[] candidates = new long[0];
        float[] candidateDist = new float[0];
        private TopK pool;
        private TopK top;

        Scratch(int buckets, int dim, CentroidTable.Ranker ranker) {
            this.ranker = ranker;
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
