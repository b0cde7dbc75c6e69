package io.drift.maintain;

import io.drift.quant.RangeRule;
import io.drift.quant.SQ8;
import io.drift.storage.BucketView;
import io.drift.storage.SegmentWriter;
import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out the bucket operations of one pass (scatter merges, splits with neighbour stealing,
 * compactions) on a pinned Version: reads the rows, decides where each goes, and collects the new
 * buckets; {@link #edit} writes them, one segment per partition, each centroid the mean of its
 * rows, and returns the edit that installs them. Counts the rows it rewrote against the pass's
 * budget.
 */
final class BucketRewriter {

    private static final System.Logger LOG = System.getLogger(BucketRewriter.class.getName());

    /** A bucket to be written: its rows, as indexes into the pass's {@link Rows}. */
    private record NewBucket(long partition, int[] members) {}

    /** A bucket taking in the rows of scattered ones, with its members so far. */
    private record Receiver(BucketState bucket, List<Integer> members) {}

    private final String name;
    private final Version version;
    private final int dim;
    private final Distance metric;
    private final JanitorSettings config;
    private final int capacity;
    private final Rows rows;
    private final List<NewBucket> out = new ArrayList<>();
    private final Map<Integer, Receiver> receiving = new LinkedHashMap<>();
    private final BucketView.RowDecoder decoder = new BucketView.RowDecoder();
    private final float[] vec;
    private long used;
    /** The partition of the operations being carried out. */
    private long partition = Long.MIN_VALUE;
    int scattered;
    int split;
    int compacted;
    int copied;
    int stolen;

    BucketRewriter(String name, Version version, int dim, Distance metric, JanitorSettings config, int capacity) {
        this.name = name;
        this.version = version;
        this.dim = dim;
        this.metric = metric;
        this.config = config;
        this.capacity = capacity;
        this.rows = new Rows(dim);
        this.vec = new float[dim];
    }

    /** Rows rewritten so far: what the pass's budget counts. */
    long used() {
        return used;
    }

    /** Rows read into new buckets so far. */
    int rowCount() {
        return rows.size();
    }

    void execute(Operation op, BucketPass pass) throws IOException {
        switch (op) {
            case Operation.ScatterMerge s -> {
                enter(s.source());
                scatter(s, pass);
            }
            case Operation.Split s -> {
                enter(s.bucket());
                split(s);
            }
            case Operation.Compaction c -> {
                enter(c.bucket());
                compact(c);
            }
            case Operation.PartitionMerge m -> throw new IllegalArgumentException("not a bucket operation: " + m);
        }
    }

    /**
     * A pass works partition by partition, and each partition's buckets are written in that
     * order: the receivers of its scatter merges close when the next partition's operations begin.
     */
    private void enter(BucketState b) {
        if (b.partition() != partition) {
            closeReceivers();
            partition = b.partition();
        }
    }

    /** Moves the receivers of the scatter merges so far to the buckets to be written. */
    private void closeReceivers() {
        for (Receiver r : receiving.values()) {
            out.add(new NewBucket(r.bucket().partition(), toArray(r.members())));
        }
        receiving.clear();
    }

    private SegmentRef segment(BucketState b) {
        return version.segments().get(b.segment());
    }

    private List<Integer> readLive(BucketState b) throws IOException {
        return rows.readLive(segment(b), b.ordinal());
    }

    /**
     * Each live row of the source goes to the nearest of the candidates' centroids (its own nearest
     * bucket, nearly always) that has room, which take it in with their live rows, up to the
     * capacity (receivers of several scattered buckets grew to thousands of rows); when every
     * candidate is full, the nearest takes it.
     */
    private void scatter(Operation.ScatterMerge op, BucketPass pass) throws IOException {
        List<BucketState> near = op.candidates();
        int receivers = 0;
        for (int i : readLive(op.source())) {
            BucketState best = null;
            BucketState nearestAny = near.getFirst();
            float bestD = Float.POSITIVE_INFINITY;
            float anyD = Float.POSITIVE_INFINITY;
            for (BucketState r : near) {
                float d = metric.distance(rows.data(), i * dim, r.centroid(), 0, dim);
                if (d < anyD) {
                    anyD = d;
                    nearestAny = r;
                }
                Receiver has = receiving.get(r.id());
                if (d < bestD && (has == null ? r.live() : has.members().size()) < capacity) {
                    bestD = d;
                    best = r;
                }
            }
            if (best == null) {
                best = nearestAny;
            }
            Receiver m = receiving.get(best.id());
            if (m == null) {
                m = new Receiver(best, readLive(best));
                used += m.members().size();
                receiving.put(best.id(), m);
                pass.received(best);
                receivers++;
            }
            m.members().add(i);
            used++;
        }
        scattered++;
        BucketState b = op.source();
        int into = receivers;
        LOG.log(System.Logger.Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
                "collection %s: scatter-merging bucket %d of %s (urgency %.2f, %d live of %d), %d new receivers",
                name, b.ordinal(), segment(b).name(), op.urgency(), b.live(), b.count(), into));
    }

    /** 2-means over the bucket's live rows, then neighbour stealing into the two halves. */
    private void split(Operation.Split op) throws IOException {
        BucketState b = op.bucket();
        List<Integer> own = readLive(b);
        if (own.size() < 2) {
            out.add(new NewBucket(b.partition(), toArray(own)));
            return;
        }
        float[] data = new float[own.size() * dim];
        for (int j = 0; j < own.size(); j++) {
            System.arraycopy(rows.data(), own.get(j) * dim, data, j * dim, dim);
        }
        KMeans.Result two = KMeans.fit(data, own.size(), dim, 2, KMeans.Params.defaults(b.ordinal()));
        List<List<Integer>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int j = 0; j < own.size(); j++) {
            halves.get(two.assignment()[j]).add(own.get(j));
        }
        int took = steal(op.neighbours(), two.centroids(), halves);
        stolen += took;
        for (List<Integer> h : halves) {
            if (!h.isEmpty()) {
                out.add(new NewBucket(b.partition(), toArray(h)));
                used += h.size();
            }
        }
        split++;
        int live = own.size();
        LOG.log(System.Logger.Level.DEBUG, () -> String.format(java.util.Locale.ROOT,
                "collection %s: splitting bucket %d of %s (%d rows, %d live, drift %.3f) in two,"
                + " stealing %d rows from its neighbours", name, b.ordinal(), segment(b).name(), b.count(), live,
                op.drift(), took));
    }

    /**
     * Neighbour stealing (DESIGN §7): looks at up to {@code stealChecks} live rows of the
     * neighbours and moves up to {@code stealMoves} whose distance to a new centroid beats their
     * own by the margin. Returns the rows moved.
     */
    private int steal(List<BucketState> neighbours, float[] centroids, List<List<Integer>> halves) throws IOException {
        int checked = 0;
        int moved = 0;
        for (BucketState nb : neighbours) {
            SegmentRef s = segment(nb);
            BucketView view = s.reader().bucket(nb.ordinal());
            long[] ids = view.ids();
            float[] own = nb.centroid();
            for (int r = 0; r < view.rows() && checked < config.stealChecks() && moved < config.stealMoves(); r++) {
                if (s.tombstones().isDead(nb.ordinal(), r) || rows.taken(ids[r])) {
                    continue;
                }
                checked++;
                view.vector(r, vec, 0, decoder);
                float dOwn = metric.distance(vec, 0, own, 0, dim);
                float d0 = metric.distance(vec, 0, centroids, 0, dim);
                float d1 = metric.distance(vec, 0, centroids, dim, dim);
                if (beatsByMargin(Math.min(d0, d1), dOwn, config.stealMargin())) {
                    halves.get(d0 <= d1 ? 0 : 1).add(rows.add(s, nb.ordinal(), r, ids[r], vec, view.document(r)));
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

    private void compact(Operation.Compaction op) throws IOException {
        List<Integer> own = readLive(op.bucket());
        out.add(new NewBucket(op.bucket().partition(), toArray(own)));
        used += own.size();
        if (op.dying()) {
            compacted++;
        } else {
            copied++;
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the pass produced nothing to write. */
    boolean isEmpty() {
        return out.isEmpty() && receiving.isEmpty();
    }

    /** Buckets the pass writes. */
    int bucketCount() {
        int n = receiving.size();
        for (NewBucket b : out) {
            n += b.members().length > 0 ? 1 : 0;
        }
        return n;
    }

    /** Writes the new buckets, one segment per partition, and returns the edit that installs them. */
    VersionEdit edit(VersionSet versions) throws IOException {
        closeReceivers();
        Map<Long, List<NewBucket>> byPartition = new LinkedHashMap<>();
        for (NewBucket b : out) {
            if (b.members().length > 0) {
                byPartition.computeIfAbsent(b.partition(), p -> new ArrayList<>()).add(b);
            }
        }
        List<Path> files = new ArrayList<>();
        long[] partitions = new long[byPartition.size()];
        for (Map.Entry<Long, List<NewBucket>> e : byPartition.entrySet()) {
            Path file = versions.directory().resolve(VersionSet.segmentName(versions.reserveSegmentNumbers(1)));
            write(file, e.getValue());
            partitions[files.size()] = e.getKey();
            files.add(file);
        }
        return rows.rewrite(files, partitions);
    }

    private void write(Path file, List<NewBucket> buckets) throws IOException {
        try (SegmentWriter w = SegmentWriter.create(file, dim, metric)) {
            for (NewBucket b : buckets) {
                int n = b.members().length;
                float[] data = new float[n * dim];
                long[] ids = new long[n];
                byte[][] docs = rows.anyDocument() ? new byte[n][] : null;
                float[] centroid = new float[dim];
                for (int j = 0; j < n; j++) {
                    int i = b.members()[j];
                    System.arraycopy(rows.data(), i * dim, data, j * dim, dim);
                    ids[j] = rows.id(i);
                    if (docs != null) {
                        docs[j] = rows.doc(i);
                    }
                    for (int x = 0; x < dim; x++) {
                        centroid[x] += data[j * dim + x];
                    }
                }
                for (int x = 0; x < dim; x++) {
                    centroid[x] /= n;
                }
                w.addBucket(centroid, SQ8.train(data, 0, n, dim, RangeRule.MIN_MAX, 0), ids, data, docs, n);
            }
            w.finish();
        }
    }
}
