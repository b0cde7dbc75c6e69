package io.drift.search;

/**
 * One real query re-checked exhaustively: after each bucket its search covered, in order, the rows
 * scanned, the selection confidence and the raw recall estimate it had, and the recall it had really
 * reached; the material a {@link RecallModel} is fitted on.
 *
 * <p>Recall at a step counts the true k nearest (of the memtables and L1 together, found by exact
 * search) that the search would return if it stopped there: a memtable neighbour when the memtable
 * search found it, an L1 neighbour when its bucket was covered and the full search kept it (what
 * quantisation loses stays lost).
 *
 * <p>A trace ends once the recall stops growing and both signals passed {@link #SATURATED}, or at
 * {@value #MAX_STEPS} steps: a search that stops later ends with {@code finalRecall} after
 * {@code allRows}. That keeps traces small however many buckets an index has.
 *
 * @param k              the query's k
 * @param remoteness     the query's distance to its nearest live centroid over the median bucket
 *                       radius (0 without L1, or under DOT)
 * @param memtableShare  the share of the query's k-nearest ball the memtable hits made up at its
 *                       first check
 * @param confidence     per step, the selection confidence reached (non-decreasing)
 * @param estimate       per step, the highest raw estimate reached up to it
 * @param recall         per step, the recall of a search stopping there (it scans the guardrail
 *                       buckets it has not covered yet)
 * @param rows           per step, the rows such a search scans
 * @param orderRecall    per step, the recall of the buckets covered up to it alone
 * @param orderRows      per step, their rows
 * @param finalRecall    the recall of the search that covered every bucket
 * @param allRows        the rows that search scanned
 * @param memtableFound  true neighbours in the memtables that their search found
 * @param memtableHeld   true neighbours in the memtables
 */
public record QueryTrace(int k, double remoteness, double memtableShare, float[] confidence, float[] estimate,
                         float[] recall, long[] rows, float[] orderRecall, long[] orderRows, double finalRecall,
                         long allRows, int memtableFound, int memtableHeld) {

    /** Signals beyond this are as good as 1 for the fit (its highest threshold below 1 is lower). */
    static final double SATURATED = 0.9999;
    /** Steps a trace keeps at most. */
    static final int MAX_STEPS = 1024;

    public QueryTrace {
        int n = recall.length;
        if (confidence.length != n || estimate.length != n || rows.length != n || orderRecall.length != n
                || orderRows.length != n) {
            throw new IllegalArgumentException(
                    "a trace needs as many confidences, estimates and row counts as recalls");
        }
        for (int i = 1; i < n; i++) {
            if (estimate[i] < estimate[i - 1] || confidence[i] < confidence[i - 1]) {
                throw new IllegalArgumentException("confidences and estimates must not decrease");
            }
        }
    }

    /** Steps traced. */
    public int steps() {
        return recall.length;
    }

    /**
     * The step at which a search stops under {@code rule}: the first whose confidence and estimate
     * both reach it; {@link #steps()} when none does (it covers every bucket).
     */
    int stopStep(StopRule rule) {
        if (rule.confidence() >= 1.0 || rule.estimate() >= 1.0) {
            return steps();
        }
        return Math.max(first(confidence, rule.confidence()), first(estimate, rule.estimate()));
    }

    /** The recall of a search stopping by {@code rule}. */
    public double recallAt(StopRule rule) {
        return recallAt(stopStep(rule));
    }

    /** The recall at {@link #stopStep}. */
    double recallAt(int step) {
        return step < steps() ? recall[step] : finalRecall;
    }

    /** The raw estimate at {@link #stopStep}: past the trace, its last (or 1 without steps). */
    double estimateAt(int step) {
        return step < steps() ? estimate[step] : steps() == 0 ? 1.0 : estimate[steps() - 1];
    }

    /** The rows scanned by {@link #stopStep}. */
    long rowsAt(int step) {
        return step < steps() ? rows[step] : allRows;
    }

    /**
     * The rows an oracle scans: of the buckets in this order, just enough to reach {@code target}
     * (or the final recall when the target is beyond it), no guardrail.
     */
    public long oracleRows(double target) {
        double goal = Math.min(target, finalRecall);
        for (int i = 0; i < orderRecall.length; i++) {
            if (orderRecall[i] >= goal - 1e-6) {
                return orderRows[i];
            }
        }
        return allRows;
    }

    /** The first index whose value reaches {@code threshold} in the non-decreasing {@code a}, or its length. */
    private static int first(float[] a, double threshold) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < threshold) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
