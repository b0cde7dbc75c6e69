package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.vector.Distance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The maintenance policy on views made up by hand: no segment, no row, no clock. Buckets of 100
 * rows aimed at (capacity 200), centroids on a line in 2 dimensions, RMS radius 1.
 */
class PlannerTest {

    private static final int TARGET = 100;
    private static final long NOW = 1_000_000_000L;
    private static final long LONG_AGO = 0;

    private final JanitorSettings defaults = JanitorSettings.defaults();

    /** A view of buckets in one segment (partition 7) and one partition. */
    private static final class ViewBuilder {
        final List<BucketState> buckets = new ArrayList<>();
        final AtomicInteger driftMeasured = new AtomicInteger();

        ViewBuilder bucket(float x, int count, int live, float temperature, long written, double drift) {
            buckets.add(new BucketState(buckets.size(), 0, buckets.size(), 7, count, live, temperature, written, false,
                    new float[] {x, 0}, 1f, () -> {
                        driftMeasured.incrementAndGet();
                        return drift;
                    }));
            return this;
        }

        MaintenanceView view() {
            long rows = buckets.stream().mapToLong(BucketState::count).sum();
            long live = buckets.stream().mapToLong(BucketState::live).sum();
            return new MaintenanceView(List.of(new MaintenanceView.SegmentState(0, 7, rows, live)), buckets);
        }
    }

    private Planner planner(JanitorSettings s) {
        return new Planner(s, TARGET, Distance.L2);
    }

    private static List<Operation> all(BucketPass pass) {
        List<Operation> ops = new ArrayList<>();
        for (Operation op; (op = pass.next()) != null; ) {
            ops.add(op);
        }
        return ops;
    }

    @Test
    void aColdEmptyingBucketIsScatteredIntoTheNeighboursWithinReach() {
        // bucket 0 is cold and nearly empty (urgency about 900); 1 and 2 lie within reach of it
        // (D² ≤ 2·rms²), 3 does not
        ViewBuilder b = new ViewBuilder().bucket(0, 100, 10, 0f, LONG_AGO, 0).bucket(1, 100, 100, 1f, LONG_AGO, 0)
                .bucket(-1.2f, 100, 100, 1f, LONG_AGO, 0).bucket(5, 100, 100, 1f, LONG_AGO, 0);
        List<Operation> ops = all(planner(defaults).bucketPass(b.view(), NOW));
        assertEquals(1, ops.size(), ops.toString());
        Operation.ScatterMerge s = assertInstanceOf(Operation.ScatterMerge.class, ops.getFirst());
        assertEquals(0, s.source().id());
        assertEquals(List.of(1, 2), s.candidates().stream().map(BucketState::id).toList());
        assertEquals(0.9 / 0.001 + 3.0 * 0.9, s.urgency(), 1e-6); // emptiness / (T + ε) + β · dead share
    }

    @Test
    void aDyingBucketAloneInItsClusterIsCompactedNotScattered() {
        ViewBuilder b = new ViewBuilder().bucket(0, 100, 40, 0f, LONG_AGO, 0).bucket(10, 100, 100, 1f, LONG_AGO, 0);
        List<Operation> ops = all(planner(defaults).bucketPass(b.view(), NOW));
        assertEquals(1, ops.size(), ops.toString());
        Operation.Compaction c = assertInstanceOf(Operation.Compaction.class, ops.getFirst());
        assertEquals(0, c.bucket().id());
        assertTrue(c.dying());
    }

    @Test
    void bucketsRestInTheirCooldownUnlessDying() {
        long justNow = NOW - 1000; // cooldown 60 s
        ViewBuilder b = new ViewBuilder().bucket(0, 300, 300, 1f, justNow, 0) // over capacity, resting
                .bucket(10, 100, 50, 1f, justNow, 0); // half dead: dying, so no rest
        List<Operation> ops = all(planner(defaults).bucketPass(b.view(), NOW));
        assertEquals(1, ops.size(), ops.toString());
        assertEquals(1, assertInstanceOf(Operation.Compaction.class, ops.getFirst()).bucket().id());
    }

    @Test
    void aFullBucketIsSplitStealingFromItsThreeNearestNeighbours() {
        ViewBuilder b = new ViewBuilder().bucket(0, 201, 201, 1f, LONG_AGO, 0).bucket(1, 100, 100, 1f, LONG_AGO, 0)
                .bucket(2, 100, 100, 1f, LONG_AGO, 0).bucket(-3, 100, 100, 1f, LONG_AGO, 0)
                .bucket(9, 100, 100, 1f, LONG_AGO, 0);
        List<Operation> ops = all(planner(defaults).bucketPass(b.view(), NOW));
        assertEquals(1, ops.size(), ops.toString());
        Operation.Split s = assertInstanceOf(Operation.Split.class, ops.getFirst());
        assertEquals(0, s.bucket().id());
        assertEquals(List.of(1, 2, 3), s.neighbours().stream().map(BucketState::id).toList());
    }

    @Test
    void aBucketNearItsCapacityIsSplitWhenItDrifted() {
        // 170 rows: over 0.8 of the capacity (160); drift 0.2 > 0.15
        ViewBuilder drifted = new ViewBuilder().bucket(0, 170, 170, 1f, LONG_AGO, 0.2)
                .bucket(5, 150, 150, 1f, LONG_AGO, 0.9); // below 0.8 of the capacity: drift not even measured
        List<Operation> ops = all(planner(defaults).bucketPass(drifted.view(), NOW));
        assertEquals(1, ops.size(), ops.toString());
        assertEquals(0.2, assertInstanceOf(Operation.Split.class, ops.getFirst()).drift());
        assertEquals(1, drifted.driftMeasured.get(), "drift measured for the bucket near its capacity only");
        ViewBuilder steady = new ViewBuilder().bucket(0, 170, 170, 1f, LONG_AGO, 0.1);
        assertNull(planner(defaults).bucketPass(steady.view(), NOW).next());
    }

    @Test
    void aBucketThatTookRowsIsChangedByNothingElseButMayTakeMore() {
        // 0 and 1 are urgent and both reach 2; 2 is itself dying (60% dead)
        ViewBuilder b = new ViewBuilder().bucket(0, 100, 5, 0f, LONG_AGO, 0).bucket(0.5f, 100, 8, 0f, LONG_AGO, 0)
                .bucket(0.2f, 100, 40, 1f, LONG_AGO, 0);
        BucketPass pass = planner(defaults).bucketPass(b.view(), NOW);
        Operation.ScatterMerge first = assertInstanceOf(Operation.ScatterMerge.class, pass.next());
        assertEquals(0, first.source().id());
        pass.received(b.buckets.get(2)); // the executor put rows of 0 into 2
        Operation.ScatterMerge second = assertInstanceOf(Operation.ScatterMerge.class, pass.next());
        assertEquals(1, second.source().id());
        assertEquals(List.of(2), second.candidates().stream().map(BucketState::id).toList(), "2 takes more rows");
        assertNull(pass.next(), "2 is not compacted in the same pass");
    }

    @Test
    void aFullTierOfPartitionsIsMergedSmallestFirstWithinTheBudget() {
        // tier 0: below 10·target = 1,000 live rows; fanout 4
        List<MaintenanceView.SegmentState> segments = List.of(
                new MaintenanceView.SegmentState(0, 1, 500, 400), new MaintenanceView.SegmentState(1, 2, 300, 300),
                new MaintenanceView.SegmentState(2, 3, 900, 200), new MaintenanceView.SegmentState(3, 4, 100, 100),
                new MaintenanceView.SegmentState(4, 5, 50_000, 40_000), new MaintenanceView.SegmentState(5, 6, 10, 0));
        MaintenanceView view = new MaintenanceView(segments, List.of());
        Planner p = planner(defaults);
        Operation.PartitionMerge m = p.partitionMerge(view, 10_000).orElseThrow();
        assertEquals(Set.of(1L, 2L, 3L, 4L), m.partitions());
        assertEquals(1000, m.liveRows());
        assertEquals(Set.of(4L, 3L, 2L), p.partitionMerge(view, 650).orElseThrow().partitions(), "smallest first");
        assertTrue(p.partitionMerge(view, 150).isEmpty(), "one partition is no merge");
        assertEquals(List.of(5), p.deadSegments(view));
    }
}
