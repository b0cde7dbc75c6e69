package io.drift.bench.sq8;

import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import io.drift.quant.RangeRule;
import io.drift.quant.SQ8;
import io.drift.quant.SQ8Query;
import io.drift.vector.Distance;
import io.drift.vector.TopK;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * Measures how much neighbourhood information one SQ8 quantizer keeps: the whole base set is
 * encoded with a quantizer trained by a {@link RangeRule}, every query scans all codes with ADC,
 * and recall@k is taken of the ADC top-k alone and after re-ranking the ADC top {@code k·f} on
 * the float vectors. The scan is exhaustive, so the figures isolate quantization error from any
 * index structure.
 */
public final class Sq8Recall {
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The figures of one range rule. */
    public record Result(RangeRule rule, double trainSeconds, double adcRecall, int[] rerankFactors,
                         double[] rerankRecall, double meanSquaredError) {}

    private Sq8Recall() {}

    /** Runs the measurement for one rule; queries are spread over all cores. */
    public static Result measure(Dataset ds, Neighbors truth, int k, RangeRule rule, int[] rerankFactors, long seed) {
        Vectors base = ds.base();
        int n = base.size(), d = base.dim();
        Distance metric = Distance.valueOf(ds.metric().name());
        long t0 = System.nanoTime();
        SQ8 sq8 = SQ8.train(base.data(), 0, n, d, rule, seed);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        MemorySegment codes = MemorySegment.ofArray(new byte[Math.multiplyExact(n, d)]);
        MemorySegment corrections = MemorySegment.ofArray(new float[n]);
        double mse = IntStream.range(0, n).parallel().mapToDouble(r -> {
            float corr = sq8.encode(base.data(), r * d, codes, (long) r * d);
            corrections.set(FLOAT_LE, 4L * r, corr);
            float[] recon = new float[d];
            sq8.decode(codes, (long) r * d, recon, 0);
            double err = 0;
            for (int i = 0; i < d; i++) {
                double diff = recon[i] - base.data()[r * d + i];
                err += diff * diff;
            }
            return err / d;
        }).sum() / n;

        int maxFactor = 1;
        for (int f : rerankFactors) {
            maxFactor = Math.max(maxFactor, f);
        }
        int candidates = Math.min(n, k * maxFactor);
        int q = truth.queries();
        double[][] perQuery = new double[rerankFactors.length + 1][q];
        IntStream.range(0, q).parallel().forEach(qi -> {
            float[] query = ds.queries().row(qi);
            SQ8Query prepared = sq8.prepare(query, metric);
            TopK adc = new TopK(candidates);
            prepared.scan(codes, 0, n, corrections, 0, 0L, adc);
            long[] ranked = adc.drainIds();
            perQuery[0][qi] = truth.recall(qi, ranked, Math.min(k, ranked.length));
            for (int f = 0; f < rerankFactors.length; f++) {
                int m = Math.min(ranked.length, k * rerankFactors[f]);
                TopK exact = new TopK(k);
                for (int j = 0; j < m; j++) {
                    int row = (int) ranked[j];
                    exact.offer(row, metric.distance(query, 0, base.data(), row * d, d));
                }
                long[] reranked = exact.drainIds();
                perQuery[f + 1][qi] = truth.recall(qi, reranked, reranked.length);
            }
        });
        double[] rerank = new double[rerankFactors.length];
        for (int f = 0; f < rerankFactors.length; f++) {
            rerank[f] = mean(perQuery[f + 1]);
        }
        return new Result(rule, trainSeconds, mean(perQuery[0]), rerankFactors.clone(), rerank, mse);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }
}
