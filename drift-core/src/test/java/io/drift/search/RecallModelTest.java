package io.drift.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fit of stop rules on traces made by hand, whose outcome under every rule is known. */
class RecallModelTest {

    /**
     * A trace of {@code steps} buckets of 100 rows: confidence and estimate both rise by
     * {@code 1/steps} per step, and the recall reaches 1 at {@code needed} steps (linearly before).
     */
    static QueryTrace trace(int k, double remoteness, int steps, int needed) {
        return trace(k, remoteness, 0, steps, needed);
    }

    static QueryTrace trace(int k, double remoteness, double memtableShare, int steps, int needed) {
        float[] conf = new float[steps];
        float[] est = new float[steps];
        float[] recall = new float[steps];
        long[] rows = new long[steps];
        for (int s = 0; s < steps; s++) {
            conf[s] = (float) (s + 1) / steps;
            est[s] = conf[s];
            recall[s] = (float) Math.min(1.0, (s + 1.0) / needed);
            rows[s] = 100L * (s + 1);
        }
        return new QueryTrace(k, remoteness, memtableShare, conf, est, recall, rows, recall.clone(), rows.clone(), 1.0,
                100L * steps, 0, 0);
    }

    @Test
    void aTraceStopsAtTheFirstStepWhereBothSignalsReachTheRule() {
        QueryTrace t = trace(10, 0, 10, 5);
        assertEquals(0, t.stopStep(new StopRule(0, 0)));
        assertEquals(4, t.stopStep(new StopRule(0.45, 0.2)), "the confidence decides");
        assertEquals(6, t.stopStep(new StopRule(0.2, 0.65)), "the estimate decides");
        assertEquals(10, t.stopStep(StopRule.EXHAUSTIVE));
        assertEquals(0.6, t.recallAt(new StopRule(0.3, 0)), 1e-6);
        assertEquals(1.0, t.recallAt(StopRule.EXHAUSTIVE), 1e-12);
        assertEquals(300, t.oracleRows(0.6), "three buckets reach 0.6");
        assertEquals(500, t.oracleRows(0.95));
    }

    @Test
    void signalsMustNotDecrease() {
        assertThrows(IllegalArgumentException.class, () -> new QueryTrace(1, 0, 0, new float[] {0.5f, 0.4f},
                new float[] {0, 0}, new float[] {0, 0}, new long[] {1, 2}, new float[] {0, 0}, new long[] {1, 2}, 1, 2, 0,
                0));
    }

    @Test
    void theFitPicksTheCheapestRuleWhoseRecallReachesTheTarget() {
        // every query needs 6 of 10 buckets for recall 1; recall 0.9 needs 6 (0.9 < 1.0 but > 5/6 = 0.83)
        List<QueryTrace> traces = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            traces.add(trace(10, 0, 10, 6));
        }
        RecallModel m = RecallModel.fit(traces);
        assertEquals(128, m.queries(10));
        assertEquals(128, m.queries(7), "k = 7 is in the class of k = 10");
        assertEquals(0, m.queries(50), "k = 50 is another class");
        for (double target : new double[] {0.8, 0.9}) {
            StopRule r = m.stopRule(target, 10, 0, 0);
            int step = traces.get(0).stopStep(r);
            int need = (int) Math.ceil(target * 6) - 1; // the first step with recall >= target
            assertEquals(need, step, "target " + target + " rule " + r);
        }
        assertEquals(5.0 / 6, m.expected(new StopRule(0.5, 0), 0.5, 10, 0, 0), 1e-6,
                "a search stopped by confidence 0.5 reached 5 of 6 buckets");
        assertEquals(500, RecallModel.needed(0.99));
        assertEquals(0, m.stopRule(0.99, 10, 0, 0).confidence(), "128 traces say nothing about 0.99: the defaults");
        assertEquals(0.998, m.stopRule(0.99, 10, 0, 0).estimate(), 1e-12);
    }

    @Test
    void aClassWithoutEnoughTracesErrsHigh() {
        RecallModel m = RecallModel.fit(List.of(trace(10, 0, 10, 6)));
        assertEquals(0, m.queries(10));
        StopRule r = m.stopRule(0.95, 10, 0, 0);
        assertEquals(0, r.confidence());
        assertEquals(0.99, r.estimate(), 1e-12, "1 - (1 - 0.95)/5");
        assertEquals(0.7, m.expected(r, 0.7, 10, 0, 0), 1e-12, "the raw estimate");
        assertEquals(RecallModel.DEFAULT_MEMTABLE_RECALL, m.memtableRecall(10));
        assertEquals(StopRule.EXHAUSTIVE, m.stopRule(1.0, 10, 0, 0));
    }

    @Test
    void queriesFarFromTheDataGetTheirOwnRule() {
        // near queries need 2 buckets, far ones 9: one rule for the mix would shortchange the far ones
        List<QueryTrace> traces = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 400; i++) {
            boolean far = rnd.nextBoolean();
            traces.add(trace(10, far ? 3 + rnd.nextDouble() : rnd.nextDouble(), 10, far ? 9 : 2));
        }
        RecallModel m = RecallModel.fit(traces);
        StopRule near = m.stopRule(0.95, 10, 0.5, 0);
        StopRule far = m.stopRule(0.95, 10, 3.5, 0);
        assertEquals(1.0, traces.stream().filter(t -> t.remoteness() < 1).findFirst().orElseThrow().recallAt(near), 1e-6);
        assertEquals(1.0, traces.stream().filter(t -> t.remoteness() > 3).findFirst().orElseThrow().recallAt(far), 1e-6);
        assertTrue(far.confidence() > near.confidence() || far.estimate() > near.estimate(), near + " vs " + far);
    }

    @Test
    void queriesWhoseBallTheMemtablesHeldGetTheirOwnRule() {
        // at the same remoteness, queries whose ball lies in the memtables need 1 bucket, the others 9
        List<QueryTrace> traces = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            traces.add(trace(10, 1, 0.9, 10, 1));
            traces.add(trace(10, 1, 0.1, 10, 9));
        }
        RecallModel m = RecallModel.fit(traces);
        StopRule inMemtables = m.stopRule(0.95, 10, 1, 0.9);
        StopRule inSegments = m.stopRule(0.95, 10, 1, 0.1);
        assertEquals(0, traces.get(0).stopStep(inMemtables), inMemtables.toString());
        assertEquals(8, traces.get(1).stopStep(inSegments), inSegments.toString());
    }

    @Test
    void theStandardErrorKeepsANoisyRuleOnTheSafeSide() {
        // half the queries reach recall 1 after 1 bucket, half only after 10: at 2 buckets the mean is 0.55
        List<QueryTrace> traces = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            traces.add(trace(1, 0, 10, 1));
            traces.add(trace(1, 0, 10, 10));
        }
        RecallModel m = RecallModel.fit(traces);
        StopRule r = m.stopRule(0.55, 1, 0, 0);
        double mean = traces.stream().mapToDouble(t -> t.recallAt(r)).average().orElseThrow();
        assertTrue(mean > 0.55 + 0.02, "a rule whose mean is exactly the target is not enough: " + mean);
    }
}
