package io.drift.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How one group of re-checked queries ({@link QueryTrace}) would have fared under every
 * {@link StopRule} of a grid: for each pair of thresholds on the selection confidence and on the raw
 * recall estimate, their mean recall and rows had they stopped there. The cheapest rule whose
 * recall reaches a target is what searches of the group stop by ({@link #cheapest}); what a rule
 * gave the queries it stopped at a given estimate is what a search reports ({@link #expected}).
 *
 * <p>Both grids are {@code θ_i = 1 − 2^(−i/8)}, {@code i = 0..}{@value #STEPS}{@code − 1}, then 1.
 * A pair's measured recall is its mean over the queries less {@value #MARGIN} standard errors (the
 * variance at least that of k neighbours each found independently at the mean rate), made monotone the
 * cautious way (each pair takes the least of the pairs at or above it in both thresholds): the
 * cheapest of thousands of pairs is picked, and noise in a few hundred queries must not make one
 * look good enough (measured: without the margin, k = 1 at target 0.99 reached 0.978 on
 * Fashion-MNIST).
 *
 * <p>Immutable (the rules and outcomes it computed are cached).
 */
final class StopCurve {

    /**
     * Standard errors between a rule's mean recall over the traced queries and the target: a rule
     * reaches its target with 95% confidence (one-sided). With one standard error, rules fitted on
     * 32 to 50 traces missed 0.80 and 0.90 by up to 0.027 in the Fashion-MNIST churn.
     */
    static final double MARGIN = 1.645;
    /** Grid points below 1. */
    static final int STEPS = 96;
    static final double[] GRID = grid();
    static final int G = GRID.length;
    /** Every how many grid points the table of {@link #expected} has a bin edge. */
    static final int COARSE = 4;
    /** Queries a bin of that table needs to be used. */
    static final int MIN_SAMPLES = 8;
    private static final int BINS = (G + COARSE - 1) / COARSE;

    /** Per pair {@code [ci·G + ei]}: the cautious recall and the mean rows. */
    private final double[] recall;
    private final double[] rows;
    private final List<QueryTrace> traces;
    private final Map<Double, StopRule> rules = new ConcurrentHashMap<>();
    /** Per pair {@code [ci·G + ei]}, {@link #outcome} of its rule, computed when first asked for. */
    private final AtomicReferenceArray<double[]> outcomes = new AtomicReferenceArray<>(G * G);

    private StopCurve(double[] recall, double[] rows, List<QueryTrace> traces) {
        this.recall = recall;
        this.rows = rows;
        this.traces = traces;
    }

    static StopCurve fit(List<QueryTrace> traces) {
        double[] recall = new double[G * G];
        double[] squares = new double[G * G];
        double[] rows = new double[G * G];
        int[] byConfidence = new int[G];
        int[] byEstimate = new int[G];
        for (QueryTrace t : traces) {
            for (int i = 0; i < G; i++) {
                byConfidence[i] = t.stopStep(new StopRule(GRID[i], 0));
                byEstimate[i] = t.stopStep(new StopRule(0, GRID[i]));
            }
            for (int ci = 0; ci < G; ci++) {
                for (int ei = 0; ei < G; ei++) {
                    int step = Math.max(byConfidence[ci], byEstimate[ei]);
                    double r = t.recallAt(step);
                    recall[ci * G + ei] += r;
                    squares[ci * G + ei] += r * r;
                    rows[ci * G + ei] += t.rowsAt(step);
                }
            }
        }
        int n = traces.size();
        double k = traces.stream().mapToInt(QueryTrace::k).average().orElse(1);
        for (int i = 0; i < G * G; i++) { // the mean less 1.645 standard errors
            double mean = recall[i] / n;
            // at least the variance of k independent neighbours each found with probability mean:
            // a few dozen queries that all reached 1.0 prove little about a target of 0.99
            double variance = Math.max(squares[i] / n - mean * mean, mean * (1 - mean) / k);
            recall[i] = mean - MARGIN * Math.sqrt(Math.max(0, variance) / n);
            rows[i] /= n;
        }
        for (int ci = G - 1; ci >= 0; ci--) { // cautious monotone: the least recall at or above
            for (int ei = G - 1; ei >= 0; ei--) {
                double r = recall[ci * G + ei];
                if (ci + 1 < G) {
                    r = Math.min(r, recall[(ci + 1) * G + ei]);
                }
                if (ei + 1 < G) {
                    r = Math.min(r, recall[ci * G + ei + 1]);
                }
                recall[ci * G + ei] = r;
            }
        }
        return new StopCurve(recall, rows, List.copyOf(traces));
    }

    /** Queries traced. */
    int queries() {
        return traces.size();
    }

    /** The pair of thresholds with the fewest rows whose recall reaches {@code target}. */
    StopRule cheapest(double target) {
        return rules.computeIfAbsent(target, t -> {
            int best = -1;
            for (int i = 0; i < G * G; i++) {
                if (recall[i] >= t && (best < 0 || rows[i] < rows[best])) {
                    best = i;
                }
            }
            return best < 0 || best == G * G - 1 ? StopRule.EXHAUSTIVE : new StopRule(GRID[best / G], GRID[best % G]);
        });
    }

    /**
     * The mean recall the traced queries had where {@code rule} stopped them, among those whose raw
     * estimate there fell in the same bin as {@code estimate} (every {@value #COARSE}th grid point),
     * or among all of them where the bin holds fewer than {@value #MIN_SAMPLES}. Queries stopped by
     * the same rule at a higher estimate had found more; the conditional mean keeps that, where the
     * mean of all steps in a bin overstated it (steps past a stop are further along than the stop).
     */
    double expected(StopRule rule, double estimate) {
        int pair = floor(rule.confidence()) * G + floor(rule.estimate());
        double[] o = outcomes.get(pair);
        if (o == null) { // threads that race compute the same table
            o = outcome(new StopRule(GRID[pair / G], GRID[pair % G]));
            outcomes.set(pair, o);
        }
        int bin = floor(estimate) / COARSE;
        return o[BINS + bin] >= MIN_SAMPLES ? o[bin] / o[BINS + bin] : o[2 * BINS];
    }

    /** Per bin, the recall sum and count of the traces {@code rule} stopped there; then the mean of all. */
    private double[] outcome(StopRule rule) {
        double[] o = new double[2 * BINS + 1];
        for (QueryTrace t : traces) {
            int step = t.stopStep(rule);
            double r = t.recallAt(step);
            int bin = floor(t.estimateAt(step)) / COARSE;
            o[bin] += r;
            o[BINS + bin]++;
            o[2 * BINS] += r;
        }
        o[2 * BINS] /= traces.size();
        return o;
    }

    /** For logs: the rule for {@code target}, with its measured recall and rows. */
    String describe(double target) {
        StopRule r = cheapest(target);
        int at = floor(r.confidence()) * G + floor(r.estimate());
        return String.format(Locale.ROOT, "%.2f: conf %.4f est %.4f (recall %.4f, rows %.0f)", target,
                r.confidence(), r.estimate(), recall[at], rows[at]);
    }

    /** The largest grid index whose threshold is at or below {@code v}. */
    static int floor(double v) {
        int lo = 0;
        int hi = G - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (GRID[mid] <= v) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static double[] grid() {
        double[] g = new double[STEPS + 1];
        for (int i = 0; i < STEPS; i++) {
            g[i] = 1 - Math.pow(2, -i / 8.0);
        }
        g[STEPS] = 1.0;
        return g;
    }
}
