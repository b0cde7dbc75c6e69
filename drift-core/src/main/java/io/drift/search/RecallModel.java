package io.drift.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a collection has learned about stopping from real queries re-checked exhaustively
 * ({@link QueryTrace}), and the defaults it uses until it has.
 *
 * <p>Queries are grouped by k (a class per k ≤ 10, ≤ 100, > 100, and a group of its own for a k with
 * {@value #MIN_QUERIES} traces, since k = 1 and k = 10 stop at different rules), and within a group
 * into strata by <em>remoteness</em>, the query's distance to its nearest live centroid over the
 * median bucket radius: queries far from every stored row need more of the index for the same
 * recall, and one rule fitted on a mix would shortchange them. Each stratum is a {@link StopCurve};
 * a group has one stratum per {@value #STRATUM_QUERIES} traces, at most {@value #MAX_STRATA}, of
 * equal counts.
 *
 * <p>A stratum with too few traces for a target ({@link #needed}) leaves it to the whole group; a
 * group with too few, or fewer than {@value #MIN_QUERIES} traces, uses the defaults, chosen to err high: no
 * confidence threshold, the estimate's at {@code 1 − (1 − target)/}{@value #DEFAULT_DIVISOR}, the raw
 * estimate reported as it is; the memtable is assumed to find {@value #DEFAULT_MEMTABLE_RECALL} of
 * its neighbours.
 *
 * <p>Immutable.
 */
public final class RecallModel {

    /** Traced queries a group needs before its measurements replace the defaults. */
    public static final int MIN_QUERIES = 100;
    static final int STRATUM_QUERIES = 100;
    static final int MAX_STRATA = 4;
    /** The memtables' share of the ball that divides a group's two bands. */
    static final double MEMTABLE_BAND = 0.5;
    static final double DEFAULT_DIVISOR = 5;
    static final double DEFAULT_MEMTABLE_RECALL = 0.9;

    private static final RecallModel UNCALIBRATED = new RecallModel(new Group[3], Map.of());

    private final Group[] classes;
    private final Map<Integer, Group> byK;

    private RecallModel(Group[] classes, Map<Integer, Group> byK) {
        this.classes = classes;
        this.byK = byK;
    }

    /** The model before any query was re-checked: the defaults for every k. */
    public static RecallModel uncalibrated() {
        return UNCALIBRATED;
    }

    /** The k class of {@code k}: 0 for k ≤ 10, 1 for k ≤ 100, 2 above. */
    public static int classOf(int k) {
        return k <= 10 ? 0 : k <= 100 ? 1 : 2;
    }

    /** Fits a model on traces of re-checked queries, of any k. */
    public static RecallModel fit(List<QueryTrace> traces) {
        Group[] classes = new Group[3];
        Map<Integer, List<QueryTrace>> perClass = traces.stream().collect(Collectors.groupingBy(t -> classOf(t.k())));
        perClass.forEach((c, mine) -> classes[c] = Group.fit(mine));
        Map<Integer, Group> byK = new HashMap<>();
        traces.stream().collect(Collectors.groupingBy(QueryTrace::k)).forEach((k, mine) -> {
            if (mine.size() < perClass.get(classOf(k)).size()) { // else the class's group is this one
                Group g = Group.fit(mine);
                if (g != null) {
                    byK.put(k, g);
                }
            }
        });
        return new RecallModel(classes, Map.copyOf(byK));
    }

    /**
     * The curve for a query for {@code k} at {@code remoteness} whose ball the memtables held
     * {@code memtableShare} of at its first check, with target {@code target}: its band's stratum,
     * or where that has fewer than {@link #needed} traces a coarser one, or null (the defaults).
     */
    private StopCurve curve(int k, double remoteness, double memtableShare, double target) {
        Group g = byK.get(k);
        g = g != null ? g : classes[classOf(k)];
        return g == null ? null : g.curve(remoteness, memtableShare, needed(target));
    }

    /**
     * Traces a rule for {@code target} is fitted on, at least: {@code 5 / (1 − target)} (500 at 0.99),
     * and {@value #MIN_QUERIES}. A target of 0.99 is about the 1% of neighbours a
     * search misses; a few dozen queries that happened to miss none (measured: a rule fitted on 50
     * reached 0.974 at the first checkpoint of the Fashion-MNIST churn) say nothing about it.
     */
    static int needed(double target) {
        return (int) Math.max(MIN_QUERIES, Math.ceil(5 / Math.max(1e-6, 1 - Math.min(target, 0.999999)) - 1e-6));
    }

    /**
     * When a search for {@code k} at {@code remoteness}, whose ball the memtables held
     * {@code memtableShare} of at its first check, stops for recall target {@code target}.
     */
    public StopRule stopRule(double target, int k, double remoteness, double memtableShare) {
        if (target >= 1.0) {
            return StopRule.EXHAUSTIVE;
        }
        StopCurve c = curve(k, remoteness, memtableShare, target);
        return c == null ? new StopRule(0, 1 - (1 - target) / DEFAULT_DIVISOR) : c.cheapest(target);
    }

    /**
     * The recall to expect of a search for {@code k} at {@code remoteness} and {@code memtableShare}
     * that stopped by {@code rule} (for a search by confidence alone, {@code (confidence, 0)}) with
     * raw estimate {@code estimate} ({@link StopCurve#expected}); the raw estimate itself under the
     * defaults.
     */
    public double expected(StopRule rule, double estimate, int k, double remoteness, double memtableShare) {
        StopCurve c = curve(k, remoteness, memtableShare, 0);
        return c == null || Double.isNaN(estimate) ? estimate : c.expected(rule, estimate);
    }

    /** The share of its true neighbours the memtable search finds, for {@code k}. */
    public double memtableRecall(int k) {
        Group g = byK.get(k);
        g = g != null ? g : classes[classOf(k)];
        return g == null || Double.isNaN(g.memtableRecall) ? DEFAULT_MEMTABLE_RECALL : g.memtableRecall;
    }

    /** Traced queries behind the group of {@code k}; 0 while it uses the defaults. */
    public int queries(int k) {
        Group g = byK.get(k);
        g = g != null ? g : classes[classOf(k)];
        return g == null ? 0 : g.queries;
    }

    /** For logs: per stratum of the group of {@code k}, the rules picked for a few targets. */
    public String describe(int k) {
        Group g = byK.get(k);
        g = g != null ? g : classes[classOf(k)];
        if (g == null) {
            return "defaults";
        }
        StringBuilder b = new StringBuilder(g.queries + " queries, memtable recall " + g.memtableRecall);
        Strata st = g.all;
        for (int s = 0; s < st.strata.length; s++) {
            b.append(s == 0 ? "\n    remoteness < " : "\n    from " + st.bounds[s - 1] + ": ");
            b.append(s + 1 < st.strata.length ? st.bounds[s] + ": " : "");
            for (double t : new double[] {0.8, 0.9, 0.95, 0.99}) {
                b.append(' ').append(st.strata[s].describe(t));
            }
        }
        return b.toString();
    }

    /**
     * One group: its traces in two bands by the memtables' share of the ball at the first check
     * (below {@value #MEMTABLE_BAND}, and from it), each band with {@value #MIN_QUERIES} traces
     * stratified on its own, and all of them stratified together for the bands that have too few.
     */
    private record Group(Strata[] bands, Strata all, double memtableRecall, int queries) {

        static Group fit(List<QueryTrace> traces) {
            if (traces.size() < MIN_QUERIES) {
                return null;
            }
            Strata all = Strata.fit(traces);
            Strata[] bands = new Strata[2];
            for (int band = 0; band < 2; band++) {
                int mine = band;
                List<QueryTrace> in = traces.stream().filter(t -> bandOf(t.memtableShare()) == mine).toList();
                bands[band] = in.size() >= MIN_QUERIES && in.size() < traces.size() ? Strata.fit(in) : null;
            }
            double found = 0;
            double held = 0;
            for (QueryTrace t : traces) {
                found += t.memtableFound();
                held += t.memtableHeld();
            }
            return new Group(bands, all, held > 0 ? found / held : Double.NaN, traces.size());
        }

        static int bandOf(double memtableShare) {
            return memtableShare < MEMTABLE_BAND ? 0 : 1;
        }

        StopCurve curve(double remoteness, double memtableShare, int needed) {
            Strata band = bands[bandOf(memtableShare)];
            StopCurve c = band == null ? null : band.curve(remoteness, needed);
            return c != null ? c : all.curve(remoteness, needed);
        }
    }

    /** Strata by remoteness: stratum {@code i} holds remoteness from {@code bounds[i-1]} to {@code bounds[i]}. */
    private record Strata(double[] bounds, StopCurve[] strata, StopCurve whole) {

        static Strata fit(List<QueryTrace> traces) {
            List<QueryTrace> sorted = new ArrayList<>(traces);
            sorted.sort(Comparator.comparingDouble(QueryTrace::remoteness));
            int n = sorted.size();
            int count = Math.max(1, Math.min(MAX_STRATA, n / STRATUM_QUERIES));
            StopCurve[] strata = new StopCurve[count];
            double[] bounds = new double[count - 1];
            for (int s = 0; s < count; s++) {
                int from = s * n / count;
                strata[s] = StopCurve.fit(sorted.subList(from, (s + 1) * n / count));
                if (s > 0) {
                    bounds[s - 1] = sorted.get(from).remoteness();
                }
            }
            return new Strata(bounds, strata, count == 1 ? strata[0] : StopCurve.fit(traces));
        }

        /** The stratum's curve if it has {@code needed} traces, else the whole one's if it has, else null. */
        StopCurve curve(double remoteness, int needed) {
            int s = 0;
            while (s < bounds.length && remoteness >= bounds[s]) {
                s++;
            }
            StopCurve c = strata[s];
            return c.queries() >= needed ? c : whole.queries() >= needed ? whole : null;
        }
    }
}
