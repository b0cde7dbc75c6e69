package io.drift.bench.filtered;

import io.drift.Filter;
import io.drift.Payload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.apache.lucene.document.FloatPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The rows' payloads and the filters of {@code bench filtered}. Each row carries its class as a
 * keyword ({@code cls}: {@code c0}..{@code c9}, Fashion-MNIST's labels), a seeded random integer
 * {@code r} in {@code [0, 1000)} and a seeded random float {@code f}, a multiple of 1/10,000 in
 * {@code [0, 1)} (exact in float32 comparisons as well, so Lucene's float points and Drift's doubles
 * agree). Each filter exists three times: for Drift, for Lucene and as a predicate over row numbers
 * (the ground truth), written from the same numbers.
 */
public final class FilteredWorkload {

    /** One filter: its name, the share of rows it keeps, and its three forms. */
    public record Case(String name, String description, Filter drift, Query lucene, IntPredicate rows) {}

    public static final String CLS = "cls";
    public static final String INT = "r";
    public static final String FLOAT = "f";

    public final int[] classes;
    public final int[] ints;
    final int[] floatTenThousandths;

    /** Payload values for {@code rows} rows of classes {@code classes} (null: seeded random classes). */
    FilteredWorkload(int rows, int[] classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        this.classes = new int[rows];
        this.ints = new int[rows];
        this.floatTenThousandths = new int[rows];
        for (int i = 0; i < rows; i++) {
            this.classes[i] = classes != null ? classes[i] : rnd.nextInt(10);
            ints[i] = rnd.nextInt(1000);
            floatTenThousandths[i] = rnd.nextInt(10_000);
        }
    }

    public float floatValue(int row) {
        return floatTenThousandths[row] / 10_000f;
    }

    /** Row {@code row}'s payload. */
    Payload payload(int row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(CLS, "c" + classes[row]);
        m.put(INT, (long) ints[row]);
        m.put(FLOAT, (double) floatValue(row));
        return Payload.of(m);
    }

    /**
     * The filters, by selectivity: about 50% (an integer range), 10% (one class), 1% (a float range),
     * 0.1% (an integer value) and a combination of must and must_not (about 21%).
     */
    List<Case> cases() {
        return List.of(
                new Case("half", "r < 500 (integer range, ~50%)",
                        Filter.builder().must(Filter.range(INT, null, null, 500.0, null)).build(),
                        IntPoint.newRangeQuery(INT, Integer.MIN_VALUE, 499), r -> ints[r] < 500),
                new Case("class", "cls = c3 (one class, ~10%)",
                        Filter.builder().must(Filter.match(CLS, "c3")).build(),
                        new TermQuery(new Term(CLS, "c3")), r -> classes[r] == 3),
                new Case("one-percent", "f < 0.01 (float range, ~1%)",
                        Filter.builder().must(Filter.range(FLOAT, null, null, (double) 0.01f, null)).build(),
                        FloatPoint.newRangeQuery(FLOAT, Float.NEGATIVE_INFINITY, Math.nextDown(0.01f)),
                        r -> floatValue(r) < 0.01f),
                new Case("tenth-percent", "r = 7 (integer match, ~0.1%)",
                        Filter.builder().must(Filter.match(INT, 7)).build(),
                        IntPoint.newExactQuery(INT, 7), r -> ints[r] == 7),
                new Case("combined", "cls in [c1, c5, c8] and not r < 300 (~21%)",
                        Filter.builder().must(Filter.matchAny(CLS, "c1", "c5", "c8"))
                                .mustNot(Filter.range(INT, null, null, 300.0, null)).build(),
                        new BooleanQuery.Builder()
                                .add(new BooleanQuery.Builder()
                                        .add(new TermQuery(new Term(CLS, "c1")), BooleanClause.Occur.SHOULD)
                                        .add(new TermQuery(new Term(CLS, "c5")), BooleanClause.Occur.SHOULD)
                                        .add(new TermQuery(new Term(CLS, "c8")), BooleanClause.Occur.SHOULD)
                                        .build(), BooleanClause.Occur.FILTER)
                                .add(IntPoint.newRangeQuery(INT, Integer.MIN_VALUE, 299), BooleanClause.Occur.MUST_NOT)
                                .build(),
                        r -> (classes[r] == 1 || classes[r] == 5 || classes[r] == 8) && ints[r] >= 300));
    }
}
