package io.drift.maintain;

import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collection's maintenance (DESIGN §7), one pass at a time in the engine's maintenance pool
 * (parallel steps included, at a lowered CPU priority). A pass reads a pinned Version's
 * {@link Statistics}, asks the {@link Planner} what to do, has the executors
 * ({@link PartitionMerger}, {@link BucketRewriter}) write new segments, and installs each result
 * with a {@link VersionEdit#rewrite}, which deletes the rewritten rows at their old place (or the
 * new copy, for a row deleted meanwhile) and writes the manifest. In order:
 *
 * <ol>
 *   <li>cool every bucket ({@code T ← cooling·T}) and drop segments without live rows;
 *   <li>merge partitions, if a size tier is full;
 *   <li>the bucket operations of a {@link BucketPass}: scatter merges, splits with neighbour
 *       stealing, compactions.
 * </ol>
 *
 * A pass rewrites at most {@code rowsPerPass} rows (and the segment bytes {@code bytesPerPass}
 * allows); a partition merge that does not fit waits, bucket operations stop once the budget is
 * used (the last one may overshoot by its own rows: a split's, or a scatter's receivers).
 */
public final class Janitor {

    private static final System.Logger LOG = System.getLogger(Janitor.class.getName());

    /** What maintenance has done since the collection was opened. */
    public record Counters(long passes, long partitionMerges, long scatterMerges, long splits, long stolenRows,
                           long compactions, long segmentCompactions, long segmentsDropped, long rowsRewritten,
                           long bytesWritten) {}

    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong partitionMerges = new AtomicLong();
    private final AtomicLong scatterMerges = new AtomicLong();
    private final AtomicLong splits = new AtomicLong();
    private final AtomicLong stolenRows = new AtomicLong();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong segmentCompactions = new AtomicLong();
    private final AtomicLong segmentsDropped = new AtomicLong();
    private final AtomicLong rowsRewritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    private final String name;
    private final VersionSet versions;
    private final JanitorSettings config;
    private final int dim;
    private final Distance metric;
    private final Planner planner;
    private final PartitionMerger merger;
    private volatile boolean running;

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
        this.planner = new Planner(config, targetBucketSize, metric);
        this.merger = new PartitionMerger(versions, dim, metric, targetBucketSize, maxSegmentBytes);
    }

    public Counters stats() {
        return new Counters(passes.get(), partitionMerges.get(), scatterMerges.get(), splits.get(), stolenRows.get(),
                compactions.get(), segmentCompactions.get(), segmentsDropped.get(), rowsRewritten.get(),
                bytesWritten.get());
    }

    /** Whether a pass is running now. */
    public boolean running() {
        return running;
    }

    /** Runs one pass; never throws (a failed pass is logged and the next one tries again). */
    public void pass() {
        running = true;
        try {
            if (!versions.healthy()) {
                return;
            }
            passes.incrementAndGet();
            if (!cool()) {
                return;
            }
            dropDeadSegments();
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

    /** {@code T ← cooling·T} for every bucket; false once the collection is closed. */
    private boolean cool() {
        Version v = versions.pin();
        if (v == null) {
            return false;
        }
        try {
            for (SegmentRef s : v.segments()) {
                float[] t = s.temperature();
                for (int b = 0; b < t.length; b++) {
                    t[b] *= (float) config.cooling();
                }
            }
            return true;
        } finally {
            v.release();
        }
    }

    /** Drops the segments without a live row; their files go once no search holds them. */
    private void dropDeadSegments() throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return;
        }
        List<SegmentRef> dead = new ArrayList<>();
        try {
            for (int i : planner.deadSegments(Statistics.segments(v))) {
                dead.add(v.segments().get(i));
            }
        } finally {
            v.release();
        }
        if (!dead.isEmpty() && versions.logAndApply(VersionEdit.drop(dead))) {
            segmentsDropped.addAndGet(dead.size());
            LOG.log(System.Logger.Level.INFO, "collection {0}: dropped {1} segment(s) without live rows", name,
                    dead.size());
        }
    }

    /** Merges one group of partitions if a tier is full; returns the rows rewritten. */
    private long mergePartitions(long budget) throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return 0;
        }
        try {
            Optional<Operation.PartitionMerge> op = planner.partitionMerge(Statistics.segments(v), budget);
            if (op.isEmpty()) {
                return 0;
            }
            long started = System.nanoTime();
            PartitionMerger.Result r = merger.merge(v, op.get());
            if (r == null || !install(r.edit())) {
                return 0;
            }
            partitionMerges.incrementAndGet();
            count(r.rows(), r.edit());
            LOG.log(System.Logger.Level.INFO, "collection {0}: merged {1} partitions ({2} live rows) into partition {3}"
                    + " of {4} buckets in {5} ms", name, op.get().partitions().size(), r.rows(), r.partition(),
                    r.buckets(), (System.nanoTime() - started) / 1_000_000);
            return r.rows();
        } finally {
            v.release();
        }
    }

    /** Carries out the planner's bucket operations until the budget is used, and installs them. */
    private void maintainBuckets(long budget) throws IOException {
        Version v = versions.pin();
        if (v == null) {
            return;
        }
        try {
            BucketPass pass = planner.bucketPass(Statistics.read(v, config.segmentLiveFraction()),
                    System.currentTimeMillis());
            BucketRewriter rewriter = new BucketRewriter(name, v, dim, metric, config, planner.capacity());
            for (Operation op; rewriter.used() < budget && (op = pass.next()) != null; ) {
                rewriter.execute(op, pass);
            }
            if (rewriter.isEmpty()) {
                return;
            }
            long started = System.nanoTime();
            int buckets = rewriter.bucketCount();
            VersionEdit edit = rewriter.edit(versions);
            if (!install(edit)) {
                return;
            }
            scatterMerges.addAndGet(rewriter.scattered);
            splits.addAndGet(rewriter.split);
            stolenRows.addAndGet(rewriter.stolen);
            compactions.addAndGet(rewriter.compacted);
            segmentCompactions.addAndGet(rewriter.copied);
            count(rewriter.rowCount(), edit);
            LOG.log(System.Logger.Level.INFO, "collection {0}: maintenance wrote {1} buckets ({2} rows) in {3} ms:"
                    + " {4} scatter merges, {5} splits, {6} compactions, {7} buckets copied out of sparse segments",
                    name, buckets, rewriter.rowCount(), (System.nanoTime() - started) / 1_000_000, rewriter.scattered,
                    rewriter.split, rewriter.compacted, rewriter.copied);
        } finally {
            v.release();
        }
    }

    /** Applies a rewrite, then drops at once the segments it emptied; false when it was discarded. */
    private boolean install(VersionEdit rewrite) throws IOException {
        if (!versions.logAndApply(rewrite)) {
            return false;
        }
        dropDeadSegments();
        return true;
    }

    private void count(int rows, VersionEdit edit) {
        rowsRewritten.addAndGet(rows);
        for (SegmentRef s : edit.added()) {
            bytesWritten.addAndGet(s.reader().sizeInBytes());
        }
    }
}
