package io.drift.search;

import java.util.Arrays;

/**
 * Re-checks one real query exhaustively and traces how its recall grew with the buckets covered
 * ({@link QueryTrace}), the measurement a {@link RecallModel} is fitted on. Costs two searches that
 * cover every bucket; meant for a background thread.
 *
 * <p>The truth is the nearest k of the memtables' exact answer and an exhaustive L1 search with a
 * wide rerank. After each step of the traced search, the true L1 neighbours in its candidate pool are
 * counted: the rerank returns every one of them, so that is what a search stopping there finds of
 * L1 (counting the neighbours whose buckets were covered instead overstated recall where the ADC
 * scan lets a neighbour slip out of the pool; counting those the full search kept understated it,
 * a partial search having fewer rows competing for the pool). A search that stops goes on to scan
 * the guardrail buckets it has not covered yet: each step counts their rows and neighbours too.
 */
public final class RecallCheck {

    /** The rerank of the reference search, in multiples of k: near-exact distances for the truth. */
    private static final int REFERENCE_RERANK = 4;

    private RecallCheck() {
    }

    /**
     * What the memtables returned for the query: the normal search's answer ({@code found}) and the
     * exact one ({@code exact}), ids and ascending distances.
     */
    public record Memtables(long[] foundIds, float[] foundDist, long[] exactIds, float[] exactDist) {

        public static final Memtables NONE = new Memtables(new long[0], new float[0], new long[0], new float[0]);
    }

    /**
     * Traces {@code query} (as the search would see it) for {@code k} over {@code l1} (null: none)
     * beside the memtables' answers, estimating with {@code model}.
     */
    public static QueryTrace check(L1Index l1, float[] query, int k, RecallModel model, Memtables memtables) {
        long[] truthIds = new long[k];
        boolean[] inMemtable = new boolean[k];
        long[] refIds = new long[0];
        float[] refDist = new float[0];
        if (l1 != null) {
            SearchHits ref = l1.searchCold(query, k, SearchParams.exhaustive().withRerankFactor(REFERENCE_RERANK));
            refIds = ref.ids();
            refDist = ref.distances();
        }
        int truth = merge(memtables.exactIds(), memtables.exactDist(), refIds, refDist, k, truthIds, inMemtable);
        int memtableHeld = 0;
        int memtableFound = 0;
        long[] l1Truth = new long[truth]; // the L1 neighbours' positions, which the candidate pool holds
        int l1Held = 0;
        for (int i = 0; i < truth; i++) {
            if (inMemtable[i]) {
                memtableHeld++;
                memtableFound += contains(memtables.foundIds(), truthIds[i]) ? 1 : 0;
            } else {
                l1Truth[l1Held++] = position(l1, truthIds[i]);
            }
        }
        if (l1 == null) {
            double recall = truth == 0 ? 1.0 : (double) memtableFound / truth;
            return new QueryTrace(k, 0, 1, new float[0], new float[0], new float[0], new long[0], new float[0],
                    new long[0], recall, 0, memtableFound, memtableHeld);
        }
        RecallGoal.Trace trace = new RecallGoal.Trace(Arrays.copyOf(l1Truth, l1Held));
        l1.trace(query, k, model, memtables.foundDist(), memtables.foundDist().length, trace);
        return record(l1, k, trace, Arrays.copyOf(l1Truth, l1Held), truth, memtableFound, memtableHeld);
    }

    /**
     * The trace as a {@link QueryTrace}: per step, up to where the pool's neighbours change no more
     * and both signals saturated, the running highest signals, and the recall and rows of a search
     * stopping there (which then scans the guardrail buckets it has not covered yet) and of the
     * buckets covered alone.
     */
    private static QueryTrace record(L1Index l1, int k, RecallGoal.Trace trace, long[] l1Truth, int truth,
                                     int memtableFound, int memtableHeld) {
        int steps = 0;
        for (int s = 0; s < trace.steps; s++) {
            if ((s > 0 && trace.inPool[s] != trace.inPool[s - 1]) || trace.confidence[s] < QueryTrace.SATURATED
                    || trace.estimate[s] < QueryTrace.SATURATED) {
                steps = s + 1;
            }
        }
        steps = Math.min(steps, QueryTrace.MAX_STEPS);
        float[] confidence = new float[steps];
        float[] estimate = new float[steps];
        float[] recall = new float[steps];
        float[] orderRecall = new float[steps];
        long[] rows = Arrays.copyOf(trace.rows, steps);
        double best = 0;
        double conf = 0;
        int[] pending = guardrailNeighbours(trace, l1Truth);
        boolean[] covered = new boolean[l1.bucketCount()];
        for (int s = 0; s < steps; s++) {
            best = Math.max(best, trace.estimate[s]);
            conf = Math.max(conf, trace.confidence[s]);
            estimate[s] = (float) best;
            confidence[s] = (float) conf;
            covered[trace.order[s]] = true;
            int extra = 0;
            for (int g = 0; g < trace.guard.length; g++) {
                if (!covered[trace.guard[g]]) {
                    extra += pending[g];
                    rows[s] += l1.bucketRows(trace.guard[g]);
                }
            }
            recall[s] = truth == 0 ? 1f : (float) (memtableFound + trace.inPool[s] + extra) / truth;
            orderRecall[s] = truth == 0 ? 1f : (float) (memtableFound + trace.inPool[s]) / truth;
        }
        int last = trace.steps == 0 ? 0 : trace.inPool[trace.steps - 1];
        double finalRecall = truth == 0 ? 1.0 : (double) (memtableFound + last) / truth;
        long allRows = trace.steps == 0 ? 0 : trace.rows[trace.steps - 1];
        return new QueryTrace(k, trace.remoteness, trace.memtableShare, confidence, estimate, recall, rows, orderRecall,
                Arrays.copyOf(trace.rows, steps), finalRecall, allRows, memtableFound, memtableHeld);
    }

    /** Per guardrail bucket of the trace, the true neighbours it holds. */
    private static int[] guardrailNeighbours(RecallGoal.Trace trace, long[] truthPositions) {
        int[] held = new int[trace.guard.length];
        for (long p : truthPositions) {
            for (int g = 0; g < held.length; g++) {
                held[g] += (int) (p >>> 32) == trace.guard[g] ? 1 : 0;
            }
        }
        return held;
    }

    private static long position(L1Index l1, long id) {
        try {
            return l1.locate(id);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The nearest {@code k} of two ascending lists into {@code ids}, marking those from the first. */
    private static int merge(long[] ids0, float[] dist0, long[] ids1, float[] dist1, int k, long[] ids,
                             boolean[] fromFirst) {
        int n = 0;
        int i = 0;
        int j = 0;
        while (n < k && (i < ids0.length || j < ids1.length)) {
            boolean first = j >= ids1.length || (i < ids0.length && dist0[i] <= dist1[j]);
            long id = first ? ids0[i++] : ids1[j++];
            if (!contains(ids, n, id)) {
                fromFirst[n] = first;
                ids[n++] = id;
            }
        }
        return n;
    }

    private static boolean contains(long[] ids, long id) {
        return contains(ids, ids.length, id);
    }

    private static boolean contains(long[] ids, int n, long id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}
