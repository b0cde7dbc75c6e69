package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.ConditionKey;
import io.drift.memtable.MemTable;
import io.drift.search.L1Index;
import io.drift.search.RecallCheck;
import io.drift.search.RecallModel;
import io.drift.search.SearchAborted;
import io.drift.search.SearchHits;
import io.drift.search.SearchParams;
import io.drift.vector.TopK;
import io.drift.version.Version;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * A collection's reads over one pinned Version, without a lock (DESIGN §6, §8): a search asks every
 * memtable (newest first) into one top-k and the L1 index separately, and merges the two sorted
 * lists keeping each id once; a lookup finds the newest copy of an id.
 */
final class Searcher {

    private final int dim;
    private final CollectionSettings settings;
    private final Calibrator calibrator;
    private final Filtering filtering;

    Searcher(int dim, CollectionSettings settings, Calibrator calibrator, Filtering filtering) {
        this.dim = dim;
        this.settings = settings;
        this.calibrator = calibrator;
        this.filtering = filtering;
    }

    /**
     * The memtable graphs' beam for {@code k}: {@code max(efSearch, 2k)}, so that the share of its
     * neighbours the memtable search finds does not fall as k grows. Re-checks measure the memtable
     * at this beam.
     */
    static int memtableBeam(CollectionSettings settings, int k) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(settings.hnswEfSearch(), 2L * k));
    }

    /**
     * The beam of a search with recall target {@code target}: {@link #memtableBeam} widened by
     * {@code sqrt(0.1 / (1 − target))} above 0.9 (1.4x at 0.95, 3.2x at 0.99). The graph's misses are
     * what no bucket scanned can make up for; queries unlike the stored rows lose most there
     * (measured on Fashion-MNIST with classes 8-9 never stored and 3-7 in the memtable: recall@1 0.946
     * at the plain beam for a target of 0.95). Re-checks measure the plain beam, so the model errs
     * on the safe side of what the widened one finds.
     */
    static int memtableBeam(CollectionSettings settings, int k, double target) {
        int beam = memtableBeam(settings, k);
        if (!(target > 0.9)) {
            return beam;
        }
        double widen = Math.sqrt(0.1 / Math.max(1e-4, 1 - target));
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(beam * widen));
    }

    /** What the memtables of {@code v} answer for {@code q}: their search with {@code beam}, and exactly. */
    static RecallCheck.Memtables memtableAnswers(Version v, float[] q, int k, int beam) {
        TopK found = new TopK(k);
        TopK exact = new TopK(k);
        for (MemTable m : memtablesNewestFirst(v)) {
            m.search(q, k, beam, false, found);
            m.search(q, k, beam, true, exact);
        }
        long[] foundIds = new long[found.size()];
        float[] foundDist = new float[foundIds.length];
        found.drainSorted(foundIds, foundDist);
        long[] exactIds = new long[exact.size()];
        float[] exactDist = new float[exactIds.length];
        exact.drainSorted(exactIds, exactDist);
        return new RecallCheck.Memtables(foundIds, foundDist, exactIds, exactDist);
    }

    /**
     * The {@code k} live rows nearest to {@code q} (prepared: checked, normalised under COSINE) in
     * {@code v} that meet {@code filter} (null: every row), nearest first, each id once. Filtered
     * searches are not offered for calibration: the re-checks fit unfiltered queries.
     *
     * @throws SearchAborted when the params' abort condition answered true on the way
     */
    SearchHits search(Version v, float[] q, int k, SearchParams params, Condition filter) {
        TopK l0 = new TopK(k);
        boolean exact = params.isExhaustive();
        String key = filter == null ? null : ConditionKey.of(filter);
        for (MemTable m : memtablesNewestFirst(v)) {
            if (params.aborted()) {
                throw new SearchAborted("search aborted in the memtables");
            }
            RoaringBitmap accept = filter == null ? null : filtering.memtableRows(m, filter, key);
            m.search(q, k, memtableBeam(settings, k, params.recallTarget()), exact, l0, accept);
        }
        long[] ids = new long[l0.size()];
        float[] dist = new float[ids.length];
        l0.drainSorted(ids, dist);
        L1Index l1 = v.l1();
        RecallModel model = calibrator.model();
        SearchHits r1 = l1 == null ? null : l1.search(q, k, params, model, dist, dist.length,
                filter == null ? null : filtering.rowFilter(v, filter, key));
        if (!exact && filter == null) {
            calibrator.offer(q, k);
        }
        return merge(k, ids, dist, r1, params, model);
    }

    /** The current vector of {@code id} in {@code v} (normalised under COSINE), or null. */
    float[] get(Version v, long id) throws IOException {
        LiveRow row = LiveRow.live(v, id);
        return row == null ? null : row.vector(dim);
    }

    /**
     * The points {@code refs} names as {@code v} holds them, in order; null for those without a live
     * row. Vectors are read only when {@code withVector}.
     */
    StoredPoint[] retrieve(Version v, PointRefs refs, boolean withVector) throws IOException {
        BatchView view = new BatchView(v, dim);
        StoredPoint[] out = new StoredPoint[refs.size()];
        for (int i = 0; i < out.length; i++) {
            Long id = KeyedIds.STANDARD.idOf(view, refs, i);
            LiveRow row = id == null ? null : LiveRow.live(v, id);
            if (row != null) {
                out[i] = new StoredPoint(id, withVector ? row.vector(dim) : null, row.document());
            }
        }
        return out;
    }

    /** The documents of {@code ids} (hits of a search on {@code v}): of each one's newest copy there. */
    static byte[][] documents(Version v, long[] ids) throws IOException {
        byte[][] docs = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            LiveRow row = LiveRow.newest(v, ids[i]);
            docs[i] = row == null ? null : row.document();
        }
        return docs;
    }

    /** Where {@code id} is in {@code ids[0..n)}, or -1. */
    private static int indexOf(long[] ids, int n, long id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** The nearest {@code k} of both sorted lists, each id once (the nearer copy wins a race). */
    private SearchHits merge(int k, long[] ids0, float[] dist0, SearchHits r1, SearchParams params, RecallModel model) {
        long[] ids1 = r1 == null ? new long[0] : r1.ids();
        float[] dist1 = r1 == null ? new float[0] : r1.distances();
        int cap = Math.min(k, ids0.length + ids1.length);
        long[] ids = new long[cap];
        float[] dist = new float[cap];
        // up to 64 results, a look back over those taken is cheaper than boxing every id into a set
        HashSet<Long> seen = cap > 64 ? new HashSet<>() : null;
        int n = 0;
        int i = 0;
        int j = 0;
        while (n < cap && (i < ids0.length || j < ids1.length)) {
            boolean first = j >= ids1.length || (i < ids0.length && dist0[i] <= dist1[j]);
            long id = first ? ids0[i] : ids1[j];
            float d = first ? dist0[i++] : dist1[j++];
            if (seen != null ? seen.add(id) : indexOf(ids, n, id) < 0) {
                ids[n] = id;
                dist[n++] = d;
            }
        }
        if (n < cap) {
            ids = Arrays.copyOf(ids, n);
            dist = Arrays.copyOf(dist, n);
        }
        if (r1 == null) { // the memtables hold every row: the estimate is theirs alone
            double c = Double.isNaN(params.targetConfidence()) ? settings.targetConfidence() : params.targetConfidence();
            return new SearchHits(ids, dist, 0, 0, 0, c, model.memtableRecall(k));
        }
        return new SearchHits(ids, dist, r1.bucketsScanned(), r1.rowsScanned(), r1.rowsReranked(), r1.confidence(),
                r1.estimatedRecall());
    }

    /** The active memtable, then the frozen ones newest first. */
    static MemTable[] memtablesNewestFirst(Version v) {
        List<MemTable> frozen = v.frozen();
        MemTable[] out = new MemTable[frozen.size() + 1];
        out[0] = v.active();
        for (int i = 0; i < frozen.size(); i++) {
            out[i + 1] = frozen.get(frozen.size() - 1 - i);
        }
        return out;
    }
}
