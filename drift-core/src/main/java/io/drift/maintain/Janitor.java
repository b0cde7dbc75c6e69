package io.drift.maintain;

import io.drift.quant.RangeRule;
import io.drift.quant.SQ8;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentWriter;
import io.drift.storage.Tombstones;
import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collection's maintenance (DESIGN §7), one pass at a time in the engine's maintenance pool
 * (parallel steps included, at a lowered CPU priority).
 * A pass reads a pinned Version without locks, decides, writes new segments, and installs them
 * with a {@link VersionEdit#rewrite}, which kills the rewritten rows at their old place (or the new
 * copy, for a row deleted meanwhile) and writes the manifest. In order:
 *
 * <ol>
 *   <li>cool every bucket ({@code T ← cooling·T}) and drop segments without live rows;
 *   <li><b>merge partitions</b>, size-tiered: once {@code partitionFanout} partitions of one
 *       tier exist (tier 0 below {@code 10·targetBucketSize} live rows, each next tier
 *       {@code fanout} times larger), they and every smaller one are re-clustered into one;
 *   <li>inside the other partitions, buckets out of their cooldown (or past the dead fraction):
 *       <b>scatter merge</b> of urgent buckets, each row into the nearest of the 16 buckets
 *       nearest its own that are within reach, <b>split</b> of full or drifted ones with
 *       neighbour stealing, <b>compaction</b> of buckets past the dead fraction, and of every live
 *       bucket of a segment below the live fraction.
 * </ol>
 *
 * A pass rewrites at most {@code rowsPerPass} rows (and the segment bytes {@code bytesPerPass}
 * allows); a partition merge that does not fit waits, bucket operations stop once the budget is
 * used (the last one may overshoot by its own rows: a split's, or a scatter's receivers).
 */
public final class Janitor {

    private static final System.Logger LOG = System.getLogger(Janitor.class.getName());
    /** Share of {@code maxBucketCapacity} past which a drifted bucket is split. */
    private static final double DRIFT_SPLIT_FILL = 0.8;
    private static final int NEIGHBOURS = 3;
    /**
     * Buckets nearest a scattered one whose centroids its rows are compared with: each row goes to
     * the nearest of them. With only the 3 nearest, rows landed in buckets whose centroid was not
     * their nearest, and after a random delete of half the rows (every bucket urgent) recall at a
     * given number of rows scanned fell well below a rebuild's (docs/BENCHMARKS.md, "Churn").
     */
    private static final int SCATTER_CANDIDATES = 16;
    /**
     * How much farther (squared, on average) a scattered row may land than its own centroid: 3.
     * For the bucket nearest each bucket, {@code 1 + D²/rms²} is at most 2.1 on Fashion-MNIST (99th
     * percentile, k-means of 20,000 rows into 100), and on the synthetic mixture (25,000 rows, 125
     * buckets, 100 clusters) at most 1.5 inside a cluster and at least 7 across clusters.
     */
    private static final double SCATTER_REACH = 3;

    /** What maintenance has done since the collection was opened. */
    final AtomicLong passes = new AtomicLong();
    final AtomicLong partitionMerges = new AtomicLong();
    final AtomicLong scatterMerges = new AtomicLong();
    final AtomicLong splits = new AtomicLong();
    final AtomicLong stolenRows = new AtomicLong();
    final AtomicLong compactions = new AtomicLong();
    final AtomicLong segmentCompactions = new AtomicLong();
    final AtomicLong segmentsDropped = new AtomicLong();
    final AtomicLong rowsRewritten = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    private final String name;
    private final VersionSet versions;
    private final JanitorSettings config;
    private final int dim;
    private final Distance metric;
    private final int target;
    private final int capacity;
    private final long maxSegmentBytes;

    /**
     * @param name             the collection's, for the log
     * @param targetBucketSize rows per bucket a rewrite aims for
     * @param maxSegmentBytes  a partition merge starts a new segment beyond about this size
     */
    public Janitor(String name, VersionSet versions, JanitorSettings config, int targetBucketSize, long maxSegmentBytes,
                   int dim, Distance metric) {
        this.name = name;
        this.versions = versions;
        this.config = config;
        this.dim = dim;
        this.metric = metric;
        this.target = targetBucketSize;
        this.capacity = config.maxBucketCapacity(targetBucketSize);
        this.maxSegmentBytes = maxSegmentBytes;
    }

    /** One bucket of one segment, as a pass sees it. */
    private record Bucket(SegmentRef segment, int ordinal, BucketView view) {
        Tombstones tombstones() {
            return segment.tombstones();
        }

        int count() {
            return view.rows();
        }

        int live() {
            return segment.tombstones().liveRows(ordinal);
        }

        float temperature() {
            return segment.temperature()[ordinal];
        }
    }

    /** Rows read out of buckets, with where each came from: the sources of a rewrite. */
    static final class Rows {
        final List<SegmentRef> segments = new ArrayList<>();
        private final Map<SegmentRef, Integer> segmentIndex = new HashMap<>();
        private final int dim;
        int n;
        float[] data = new float[0];
        long[] ids = new long[0];
        int[] segment = new int[0];
        int[] bucket = new int[0];
        int[] row = new int[0];
        /** Ids already taken by this pass: a row is rewritten once, whichever operation reaches it first. */
        private final Set<Long> taken = new HashSet<>();

        Rows(int dim) {
            this.dim = dim;
        }

        /** Adds row {@code r} of bucket {@code b} of {@code s}, id {@code id}, vector {@code v}; returns its index. */
        int add(SegmentRef s, int b, int r, long id, float[] v) {
            if (!taken.add(id)) {
                throw new IllegalStateException("id " + id + " taken twice in one pass");
            }
            if (n == ids.length) {
                int cap = Math.max(64, n * 2);
                data = java.util.Arrays.copyOf(data, cap * dim);
                ids = java.util.Arrays.copyOf(ids, cap);
                segment = java.util.Arrays.copyOf(segment, cap);
                bucket = java.util.Arrays.copyOf(bucket, cap);
                row = java.util.Arrays.copyOf(row, cap);
            }
            System.arraycopy(v, 0, data, n * dim, dim);
            ids[n] = id;
            segment[n] = segmentIndex.computeIfAbsent(s, k -> {
                segments.add(k);
                return segments.size() - 1;
            });
            bucket[n] = b;
            row[n] = r;
            return n++;
        }

        boolean taken(long id) {
            return taken.contains(id);
        }

        /** The rows as the sources of a rewrite. */
        VersionEdit.MovedRows moved() {
            return new VersionEdit.MovedRows(List.copyOf(segments), n, segment, bucket, row, ids);
        }
    }

    /** What maintenance has done since the collection was opened. */
    public record Counters(long passes, long partitionMerges, long scatterMerges, long splits, long stolenRows,
                           long compactions, long segmentCompactions, long segmentsDropped, long rowsRewritten,
                           long bytesWritten) {}

    public Counters stats() {
        return new Counters(passes.get(), partitionMerges.get(), scatterMerges.get(), splits.get(), stolenRows.get(),
                compactions.get(), segmentCompactions.get(), segmentsDropped.get(), rowsRewritten.get(),
                bytesWritten.get());
    }

    /** Whether a pass is running now. */
    public boolean running() {
        return running;
    }

    private volatile boolean running;

    /** Runs one pass; never throws (a failed pass is logged and the next one tries again). */
    public void pass() {
        running = true;
        try {
            if (!versions.healthy()) {
                return;
            }
            passes.incrementAndGet();
            Version v = versions.pin();
            if (v == null) {
                return;
            }
            try {
                for (SegmentRef s : v.segments()) {
                    float[] t = s.temperature();
                    for (int b = 0; b < t.length; b++) {
                        t[b] *= (float) config.cooling();
                    }
                }
            } finally {
                v.release();
            }
            segmentsDropped.addAndGet(dropDeadSegments());
            long budget = config.rowBudget(dim); // rows, and the bytes they make
            budget -= mergePartitions(budget);
            if (budget > 0 && versions.healthy()) {
                maintainBuckets(budget);
            }
        } catch (IOException | RuntimeException e) {
            if (versions.healthy()) { // else the collection closed under the pass: nothing went wrong
                LOG.log(System.Logger.Level.WARNING, "collection " + name + ": maintenance pass failed;"
                        + " the next one tries again", e);
            }
        } finally {
            running = false;
        }
    }

    // ------------------------------------------------------------ partitions

    /** Size tier of a partition with {@code live} rows. */
    private int tier(long live) {
        long unit = 10L * target;
        int t = 0;
        for (long bound = unit; live >= bound && t < 62; bound *= config.partitionFanout()) {
            t++;
        }
        return t;
    }

    /** Merges one group of partitions if a tier is full; returns the rows rewritten. */
    private long mergePartitions(long budget) throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return 0;
        }
        try {
            Map<Long, Long> live = new TreeMap<>();
            for (SegmentRef s : v.segments()) {
                long l = s.reader().rows() - s.tombstones().deadRows();
                live.merge(s.partition(), l, Long::sum);
            }
            live.values().removeIf(l -> l == 0);
            Map<Integer, Integer> perTier = new TreeMap<>();
            for (long l : live.values()) {
                perTier.merge(tier(l), 1, Integer::sum);
            }
            int full = -1;
            for (Map.Entry<Integer, Integer> e : perTier.entrySet()) {
                if (e.getValue() >= config.partitionFanout()) {
                    full = e.getKey();
                    break;
                }
            }
            if (full < 0) {
                return 0;
            }
            // that tier and every smaller partition, smallest first, within the budget
            List<Map.Entry<Long, Long>> group = new ArrayList<>();
            for (Map.Entry<Long, Long> e : live.entrySet()) {
                if (tier(e.getValue()) <= full) {
                    group.add(e);
                }
            }
            group.sort(Map.Entry.comparingByValue());
            Set<Long> chosen = new HashSet<>();
            long rows = 0;
            for (Map.Entry<Long, Long> e : group) {
                if (rows + e.getValue() > budget) {
                    break; // a merge never exceeds the budget: too large a group waits for a larger budget
                }
                chosen.add(e.getKey());
                rows += e.getValue();
            }
            if (chosen.size() < 2) {
                return 0;
            }
            Rows sources = new Rows(dim);
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            float[] vec = new float[dim];
            for (SegmentRef s : v.segments()) {
                if (chosen.contains(s.partition())) {
                    for (int b = 0; b < s.reader().bucketCount(); b++) {
                        readLive(new Bucket(s, b, s.reader().bucket(b)), sources, decoder, vec);
                    }
                }
            }
            if (sources.n == 0) {
                return 0;
            }
            long started = System.nanoTime();
            int first = versions.reserveSegmentNumbers(BulkBuilder.bucketsFor(sources.n, target));
            float[] data = java.util.Arrays.copyOf(sources.data, sources.n * dim);
            long[] ids = java.util.Arrays.copyOf(sources.ids, sources.n);
            // on this thread, not in the flush pool: a merge must never make a flush (and so writers) wait
            BulkBuilder.Result built = BulkBuilder.build(data, ids, sources.n, dim, metric, target,
                    versions.directory(), first, maxSegmentBytes, KMeans.Params.incremental(first));
            List<Output> outputs = new ArrayList<>();
            for (Path p : built.segments()) {
                outputs.add(new Output(p, first));
            }
            if (!install(outputs, sources)) {
                return 0;
            }
            segmentsDropped.addAndGet(dropDeadSegments()); // what the rewrite emptied goes at once
            partitionMerges.incrementAndGet();
            count(sources.n, outputs);
            LOG.log(System.Logger.Level.INFO, "collection {0}: merged {1} partitions ({2} live rows) into partition {3}"
                    + " of {4} buckets in {5} ms", name, chosen.size(), sources.n, first, built.buckets(),
                    (System.nanoTime() - started) / 1_000_000);
            return sources.n;
        } finally {
            v.release();
        }
    }

    // ------------------------------------------------------------ buckets

    /** A bucket to be written: its rows, as indexes into the pass's {@link Rows}. */
    private record NewBucket(long partition, int[] members) {}

    private void maintainBuckets(long budget) throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            Map<Long, List<Bucket>> partitions = new LinkedHashMap<>();
            Set<SegmentRef> sparse = new HashSet<>();
            for (SegmentRef s : v.segments()) {
                long rows = s.reader().rows();
                long liveRows = rows - s.tombstones().deadRows();
                if (liveRows > 0 && liveRows < config.segmentLiveFraction() * rows) {
                    sparse.add(s);
                }
                List<Bucket> list = partitions.computeIfAbsent(s.partition(), p -> new ArrayList<>());
                for (int b = 0; b < s.reader().bucketCount(); b++) {
                    if (s.tombstones().liveRows(b) > 0) {
                        list.add(new Bucket(s, b, s.reader().bucket(b)));
                    }
                }
            }
            Rows rows = new Rows(dim);
            List<NewBucket> out = new ArrayList<>();
            Set<Bucket> touched = new HashSet<>();
            Map<Integer, Integer> stolenTo = new HashMap<>();
            BucketView.RowDecoder decoder = new BucketView.RowDecoder();
            float[] vec = new float[dim];
            long used = 0;
            int merged = 0, split = 0, compacted = 0, copied = 0, stolen = 0;
            for (Map.Entry<Long, List<Bucket>> e : partitions.entrySet()) {
                long partition = e.getKey();
                List<Bucket> buckets = e.getValue();
                // buckets taking in the rows of scattered ones, with their members so far
                Map<Bucket, List<Integer>> receiving = new LinkedHashMap<>();
                List<Bucket> candidates = new ArrayList<>();
                for (Bucket b : buckets) {
                    // a dying bucket skips the cooldown: each rewrite of it frees at least the dead
                    // fraction of its rows, so the rewrites of one bucket shrink geometrically
                    if (now - b.segment().writtenMillis() >= config.cooldownMillis() || sparse.contains(b.segment()) || dying(b)) {
                        candidates.add(b);
                    }
                }
                // most urgent first
                double[] urgencies = new double[candidates.size()];
                for (int i = 0; i < urgencies.length; i++) {
                    urgencies[i] = -urgency(candidates.get(i));
                }
                for (int at : ascending(urgencies, urgencies.length)) {
                    Bucket b = candidates.get(at);
                    if (used >= budget) {
                        break;
                    }
                    if (touched.contains(b)) {
                        continue;
                    }
                    double u = urgency(b);
                    List<Bucket> near = u > config.mergeUrgency() && buckets.size() > 1
                            ? inReach(b, nearest(b, buckets, touched, receiving.keySet(), SCATTER_CANDIDATES))
                            : List.of();
                    if (!near.isEmpty()) {
                        // each live row of b goes to the nearest of the candidates' centroids (its own
                        // nearest bucket, nearly always), which take it in with their live rows, up to
                        // the capacity: receivers of several scattered buckets grew to thousands of rows
                        Set<Bucket> took = new HashSet<>();
                        for (int i : readLive(b, rows, decoder, vec)) {
                            Bucket best = null;
                            Bucket nearestAny = near.getFirst();
                            float bestD = Float.POSITIVE_INFINITY;
                            float anyD = Float.POSITIVE_INFINITY;
                            for (Bucket r : near) {
                                float d = metric.distance(rows.data, i * dim, r.view().centroid(), 0, dim);
                                if (d < anyD) {
                                    anyD = d;
                                    nearestAny = r;
                                }
                                List<Integer> has = receiving.get(r);
                                if (d < bestD && (has == null ? r.live() : has.size()) < capacity) {
                                    bestD = d;
                                    best = r;
                                }
                            }
                            if (best == null) { // every candidate is full: the nearest takes it
                                best = nearestAny;
                            }
                            List<Integer> m = receiving.get(best);
                            if (m == null) {
                                m = readLive(best, rows, decoder, vec);
                                used += m.size();
                                receiving.put(best, m);
                                touched.add(best);
                            }
                            m.add(i);
                            used++;
                            took.add(best);
                        }
                        touched.add(b);
                        merged++;
                        int neighbours = took.size();
                        LOG.log(System.Logger.Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
                                "collection %s: scatter-merging bucket %d of %s (urgency %.2f, %d live of %d) into %d"
                                + " neighbours", name, b.ordinal(), b.segment().name(), u, b.live(),
                                b.count(), neighbours));
                        continue;
                    }
                    double drift = b.count() > DRIFT_SPLIT_FILL * capacity ? drift(b, decoder, vec) : 0;
                    if (b.count() > capacity || drift > config.splitDrift()) {
                        List<Integer> own = readLive(b, rows, decoder, vec);
                        touched.add(b);
                        if (own.size() < 2) {
                            out.add(new NewBucket(partition, toArray(own)));
                            continue;
                        }
                        float[] data = new float[own.size() * dim];
                        for (int j = 0; j < own.size(); j++) {
                            System.arraycopy(rows.data, own.get(j) * dim, data, j * dim, dim);
                        }
                        KMeans.Result two = KMeans.fit(data, own.size(), dim, 2, KMeans.Params.defaults(b.ordinal()));
                        List<List<Integer>> halves = List.of(new ArrayList<>(), new ArrayList<>());
                        for (int j = 0; j < own.size(); j++) {
                            halves.get(two.assignment()[j]).add(own.get(j));
                        }
                        int took = steal(b, buckets, touched, two.centroids(), halves, rows, decoder, vec);
                        stolen += took;
                        for (List<Integer> h : halves) {
                            if (!h.isEmpty()) {
                                out.add(new NewBucket(partition, toArray(h)));
                                used += h.size();
                            }
                        }
                        split++;
                        int live = own.size();
                        LOG.log(System.Logger.Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
                                "collection %s: splitting bucket %d of %s (%d rows, %d live, drift %.3f) in two,"
                                + " stealing %d rows from its neighbours", name, b.ordinal(),
                                b.segment().name(), b.count(), live, drift, took));
                        continue;
                    }
                    boolean dying = dying(b);
                    if (dying || sparse.contains(b.segment())) {
                        List<Integer> own = readLive(b, rows, decoder, vec);
                        touched.add(b);
                        out.add(new NewBucket(partition, toArray(own)));
                        used += own.size();
                        if (dying) {
                            compacted++;
                        } else {
                            copied++;
                        }
                    }
                }
                for (List<Integer> m : receiving.values()) {
                    out.add(new NewBucket(partition, toArray(m)));
                }
            }
            if (out.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            List<Output> outputs = write(out, rows);
            if (!install(outputs, rows)) {
                return;
            }
            segmentsDropped.addAndGet(dropDeadSegments()); // what the rewrite emptied goes at once
            scatterMerges.addAndGet(merged);
            splits.addAndGet(split);
            stolenRows.addAndGet(stolen);
            compactions.addAndGet(compacted);
            segmentCompactions.addAndGet(copied);
            count(rows.n, outputs);
            LOG.log(System.Logger.Level.INFO, "collection {0}: maintenance wrote {1} buckets ({2} rows) in {3} ms:"
                    + " {4} scatter merges, {5} splits, {6} compactions, {7} buckets copied out of sparse segments",
                    name, out.size(), rows.n, (System.nanoTime() - started) / 1_000_000, merged, split,
                    compacted, copied);
        } finally {
            v.release();
        }
    }

    /** Where a rewrite wrote a segment, and the partition its buckets belong to. */
    private record Output(Path file, long partition) {}

    /**
     * Installs a rewrite: the {@code outputs} (written and synced) hold new copies of the
     * {@code sources} rows. Returns false (and deletes the outputs) when the collection closed or
     * failed, or another edit replaced a source segment meanwhile.
     */
    private boolean install(List<Output> outputs, Rows sources) throws IOException {
        // opened and read in before the install: a flush need not wait for it, nor a search for page faults
        List<SegmentRef> added = new ArrayList<>();
        try {
            for (Output o : outputs) {
                added.add(SegmentRef.openNew(o.file(), o.partition()));
            }
        } catch (IOException | RuntimeException e) {
            VersionEdit.rewrite(added, sources.moved()).discard();
            for (Output o : outputs.subList(added.size(), outputs.size())) {
                java.nio.file.Files.deleteIfExists(o.file());
            }
            throw e;
        }
        return versions.logAndApply(VersionEdit.rewrite(added, sources.moved()));
    }

    /**
     * Drops the segments without a live row from the Version and the manifest; their files go once
     * no search holds them. Returns how many were dropped.
     */
    private int dropDeadSegments() throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return 0;
        }
        List<SegmentRef> dead = new ArrayList<>();
        try {
            for (SegmentRef s : v.segments()) {
                if (s.tombstones().deadRows() == s.reader().rows()) {
                    dead.add(s);
                }
            }
        } finally {
            v.release();
        }
        if (dead.isEmpty() || !versions.logAndApply(VersionEdit.drop(dead))) {
            return 0;
        }
        LOG.log(System.Logger.Level.INFO, "collection {0}: dropped {1} segment(s) without live rows", name, dead.size());
        return dead.size();
    }

    private double urgency(Bucket b) {
        return Urgency.of(b.live(), b.count(), b.temperature(), target, config.beta(), config.epsilon());
    }

    /**
     * The (up to) {@code count} live buckets of the partition whose centroids are nearest {@code b}'s,
     * among those this pass has not touched or that are {@code open} (they may take more rows).
     */
    private List<Bucket> nearest(Bucket b, List<Bucket> buckets, Set<Bucket> touched, Set<Bucket> open, int count) {
        float[] c = b.view().centroid();
        List<Bucket> others = new ArrayList<>();
        double[] dist = new double[buckets.size()];
        for (Bucket o : buckets) {
            if (o != b && (!touched.contains(o) || open.contains(o))) {
                dist[others.size()] = metric.distance(c, 0, o.view().centroid(), 0, dim);
                others.add(o);
            }
        }
        List<Bucket> near = new ArrayList<>();
        for (int at : ascending(dist, others.size())) {
            if (near.size() == count) {
                break;
            }
            near.add(others.get(at));
        }
        return near;
    }

    /**
     * The positions {@code 0..n-1} ordered by {@code keys} (as floats), ascending, ties in position
     * order. A sort of primitive longs: the maintenance passes used to sort boxed positions and
     * lists through comparators, and each new array type deoptimized the JIT's compiled sort (the
     * compiler's recompilations then competed with searches for the CPU).
     */
    static int[] ascending(double[] keys, int n) {
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits((float) keys[i]);
            bits ^= (bits >> 31) & 0x7fffffff; // signed-int order of the bits = float order
            packed[i] = ((long) bits << 32) | i;
        }
        java.util.Arrays.sort(packed);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) packed[i];
        }
        return order;
    }

    /** Whether at least the compaction's dead fraction of {@code b}'s rows are dead. */
    private boolean dying(Bucket b) {
        return b.count() - b.live() >= config.compactDeadFraction() * b.count();
    }

    /**
     * The buckets of {@code near} that rows of {@code b} may be scattered into: those whose centroid
     * lies within {@code (SCATTER_REACH − 1)·rms²} of b's (squared L2), rms being b's RMS radius. A
     * row of b is on average {@code 1 + D²/rms²} times (squared) as far from a centroid at distance
     * D as from its own; a bucket alone in a cluster has no neighbour within reach, and scattering
     * it would spread a cluster over the buckets of others.
     */
    private static List<Bucket> inReach(Bucket b, List<Bucket> near) {
        float rms = b.view().rmsRadius();
        double reach = (SCATTER_REACH - 1) * (double) rms * rms;
        float[] c = b.view().centroid();
        List<Bucket> out = new ArrayList<>(near.size());
        for (Bucket r : near) {
            if (Distance.L2.distance(c, 0, r.view().centroid(), 0, c.length) <= reach) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Neighbour stealing (DESIGN §7): looks at up to {@code stealChecks} live rows of the 3
     * buckets nearest the split one and moves up to {@code stealMoves} whose distance to a new
     * centroid beats their own by the margin. Returns the rows moved.
     */
    private int steal(Bucket split, List<Bucket> buckets, Set<Bucket> touched, float[] centroids,
                      List<List<Integer>> halves, Rows rows, BucketView.RowDecoder decoder, float[] vec) {
        int checked = 0, moved = 0;
        for (Bucket nb : nearest(split, buckets, touched, Set.of(), NEIGHBOURS)) {
            float[] own = nb.view().centroid();
            for (int r = 0; r < nb.count() && checked < config.stealChecks() && moved < config.stealMoves(); r++) {
                if (nb.tombstones().isDead(nb.ordinal(), r) || rows.taken(nb.view().ids()[r])) {
                    continue;
                }
                checked++;
                nb.view().vector(r, vec, 0, decoder);
                float dOwn = metric.distance(vec, 0, own, 0, dim);
                float d0 = metric.distance(vec, 0, centroids, 0, dim);
                float d1 = metric.distance(vec, 0, centroids, dim, dim);
                int to = d0 <= d1 ? 0 : 1;
                if (beatsByMargin(Math.min(d0, d1), dOwn, config.stealMargin())) {
                    halves.get(to).add(rows.add(nb.segment(), nb.ordinal(), r, nb.view().ids()[r], vec));
                    moved++;
                }
            }
        }
        return moved;
    }

    /**
     * Whether a row at distance {@code dNew} from a new centroid beats its distance {@code dOwn} to
     * its own by the margin {@code δ}: {@code dNew < dOwn − δ·|dOwn|}. For distances that are never
     * negative (L2, COSINE) that is DESIGN §7's {@code d_new < (1 − δ)·d_own}; under DOT, whose
     * distances are negated inner products, {@code (1 − δ)·d_own} lies above {@code d_own} and would
     * move rows to centroids worse than their own.
     */
    static boolean beatsByMargin(float dNew, float dOwn, double margin) {
        return dNew < dOwn - margin * Math.abs(dOwn);
    }

    /** {@code ‖mean(live rows) − centroid‖ / RMS radius} of a bucket. */
    private double drift(Bucket b, BucketView.RowDecoder decoder, float[] vec) {
        double[] mean = new double[dim];
        int live = 0;
        for (int r = 0; r < b.count(); r++) {
            if (!b.tombstones().isDead(b.ordinal(), r)) {
                b.view().vector(r, vec, 0, decoder);
                for (int i = 0; i < dim; i++) {
                    mean[i] += vec[i];
                }
                live++;
            }
        }
        float rms = b.view().rmsRadius();
        if (live == 0 || !(rms > 0)) {
            return 0;
        }
        float[] c = b.view().centroid();
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double d = mean[i] / live - c[i];
            s += d * d;
        }
        return Math.sqrt(s) / rms;
    }

    /** Reads the live rows of {@code b} into {@code rows}; returns their indexes there. */
    private List<Integer> readLive(Bucket b, Rows rows, BucketView.RowDecoder decoder, float[] vec) {
        List<Integer> out = new ArrayList<>();
        long[] ids = b.view().ids();
        for (int r = 0; r < b.count(); r++) {
            if (!b.tombstones().isDead(b.ordinal(), r) && !rows.taken(ids[r])) {
                b.view().vector(r, vec, 0, decoder);
                out.add(rows.add(b.segment(), b.ordinal(), r, ids[r], vec));
            }
        }
        return out;
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes the new buckets, one segment per partition, each centroid the mean of its rows. */
    private List<Output> write(List<NewBucket> buckets, Rows rows) throws IOException {
        Map<Long, List<NewBucket>> byPartition = new LinkedHashMap<>();
        for (NewBucket b : buckets) {
            if (b.members().length > 0) {
                byPartition.computeIfAbsent(b.partition(), p -> new ArrayList<>()).add(b);
            }
        }
        List<Output> outputs = new ArrayList<>();
        for (Map.Entry<Long, List<NewBucket>> e : byPartition.entrySet()) {
            Path file = versions.directory().resolve(VersionSet.segmentName(versions.reserveSegmentNumbers(1)));
            try (SegmentWriter w = SegmentWriter.create(file, dim, metric)) {
                for (NewBucket b : e.getValue()) {
                    int n = b.members().length;
                    float[] data = new float[n * dim];
                    long[] ids = new long[n];
                    float[] centroid = new float[dim];
                    for (int j = 0; j < n; j++) {
                        int i = b.members()[j];
                        System.arraycopy(rows.data, i * dim, data, j * dim, dim);
                        ids[j] = rows.ids[i];
                        for (int x = 0; x < dim; x++) {
                            centroid[x] += data[j * dim + x];
                        }
                    }
                    for (int x = 0; x < dim; x++) {
                        centroid[x] /= n;
                    }
                    w.addBucket(centroid, SQ8.train(data, 0, n, dim, RangeRule.MIN_MAX, 0), ids, data, n);
                }
                w.finish();
            }
            outputs.add(new Output(file, e.getKey()));
        }
        return outputs;
    }

    private void count(int rows, List<Output> outputs) {
        rowsRewritten.addAndGet(rows);
        for (Output o : outputs) {
            bytesWritten.addAndGet(o.file().toFile().length());
        }
    }
}
