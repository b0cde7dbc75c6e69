package io.drift.bench.sq8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.dataset.Dataset;
import io.drift.dataset.GroundTruth;
import io.drift.dataset.Neighbors;
import io.drift.dataset.SyntheticDrift;
import io.drift.quant.RangeRule;
import org.junit.jupiter.api.Test;

class Sq8RecallTest {

    @Test
    void rerankingRecoversWhatQuantizationLoses() {
        Dataset ds = SyntheticDrift.generate(SyntheticDrift.Params.of(4000, 32, 50, 7));
        Neighbors truth = GroundTruth.compute(ds.base(), ds.queries(), 10, ds.metric());
        for (RangeRule rule : RangeRule.values()) {
            Sq8Recall.Result r = Sq8Recall.measure(ds, truth, 10, rule, new int[] {1, 4, 400}, 1);
            assertTrue(r.adcRecall() > 0.5 && r.adcRecall() <= 1.0, rule + " ADC recall " + r.adcRecall());
            // re-ranking the ADC top k*1 only reorders the same ids: recall cannot change
            assertEquals(r.adcRecall(), r.rerankRecall()[0], 1e-12);
            assertTrue(r.rerankRecall()[1] >= r.adcRecall(), rule + ": x4 " + r.rerankRecall()[1]);
            // re-ranking all 4000 rows is exact search
            assertEquals(1.0, r.rerankRecall()[2], 1e-12, rule + ": exhaustive re-rank");
            assertTrue(r.meanSquaredError() > 0);
        }
    }
}
