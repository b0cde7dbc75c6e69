package io.drift.maintain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner's walk through one maintenance pass over the buckets: partition by partition, the
 * buckets that may be changed (out of their cooldown, dying, or in a sparse segment), most urgent
 * first, each turned into at most one {@link Operation}:
 *
 * <ol>
 *   <li><b>scatter merge</b> when its urgency passes the merge urgency and some of the
 *       {@value Planner#SCATTER_CANDIDATES} buckets nearest it lie within reach;
 *   <li>else a <b>split</b> when it is over the capacity, or over 0.8 of it with its live rows
 *       drifted past the split drift, stealing from the {@value Planner#NEIGHBOURS} buckets nearest it;
 *   <li>else a <b>compaction</b> when it is dying or its segment is sparse.
 * </ol>
 *
 * A bucket changed by one operation takes part in no other, except that a bucket that took rows of
 * a scattered one ({@link #received}, told by the executor, which decides where each row goes) may
 * take rows of later scattered buckets of its partition too. Pure: the executor stops asking once
 * the pass's budget is spent.
 */
public final class BucketPass {

    private final Planner planner;
    private final long nowMillis;
    private final List<List<BucketState>> partitions;
    private int partition = -1;
    private List<BucketState> buckets = List.of();
    private List<BucketState> candidates = List.of();
    private int[] order = new int[0];
    private int at;
    /** Buckets an operation of this pass changes. */
    private final BitSet touched = new BitSet();
    /** Buckets of the current partition that took rows of a scattered bucket: they may take more. */
    private final BitSet open = new BitSet();

    BucketPass(Planner planner, MaintenanceView view, long nowMillis) {
        this.planner = planner;
        this.nowMillis = nowMillis;
        Map<Long, List<BucketState>> byPartition = new LinkedHashMap<>();
        for (MaintenanceView.SegmentState s : view.segments()) {
            byPartition.computeIfAbsent(s.partition(), p -> new ArrayList<>());
        }
        for (BucketState b : view.buckets()) {
            byPartition.get(b.partition()).add(b);
        }
        this.partitions = new ArrayList<>(byPartition.values());
    }

    /** The next operation, or null when the pass has none left. */
    public Operation next() {
        while (true) {
            if (at == order.length) {
                if (!nextPartition()) {
                    return null;
                }
                continue;
            }
            BucketState b = candidates.get(order[at++]);
            if (touched.get(b.id())) {
                continue;
            }
            Operation op = decide(b);
            if (op != null) {
                touched.set(b.id());
                return op;
            }
        }
    }

    private Operation decide(BucketState b) {
        double urgency = planner.urgency(b);
        if (planner.scatters(urgency) && buckets.size() > 1) {
            List<BucketState> near = Planner.inReach(b,
                    planner.nearest(b, buckets, touched, open, Planner.SCATTER_CANDIDATES));
            if (!near.isEmpty()) {
                return new Operation.ScatterMerge(b, urgency, near);
            }
        }
        double drift = planner.drift(b);
        if (planner.splits(b, drift)) {
            // neighbours no operation of this pass changes (receivers included)
            return new Operation.Split(b, drift, planner.nearest(b, buckets, touched, new BitSet(), Planner.NEIGHBOURS));
        }
        boolean dying = planner.dying(b);
        if (dying || b.sparseSegment()) {
            return new Operation.Compaction(b, dying);
        }
        return null;
    }

    /** Moves to the next partition with candidates; false when there is none. */
    private boolean nextPartition() {
        if (++partition >= partitions.size()) {
            return false;
        }
        buckets = partitions.get(partition);
        open.clear();
        candidates = new ArrayList<>();
        for (BucketState b : buckets) {
            if (planner.eligible(b, nowMillis)) {
                candidates.add(b);
            }
        }
        // most urgent first
        double[] keys = new double[candidates.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = -planner.urgency(candidates.get(i));
        }
        order = Planner.ascending(keys, keys.length);
        at = 0;
        return true;
    }

    /**
     * The executor reports that {@code receiver} took rows of a scattered bucket: it is changed by
     * this pass, and may take rows of later scattered buckets of its partition.
     */
    public void received(BucketState receiver) {
        touched.set(receiver.id());
        open.set(receiver.id());
    }
}
