package io.drift.filter;

import org.roaringbitmap.RoaringBitmap;

/**
 * Which rows of a {@link RowTable} meet a filter, as a bitmap: each condition on an indexed field
 * from the index, the rest by reading the rows' payloads, once per row for any part of the filter
 * that no index can answer; combined as the clauses say (must: and; should: or; must_not: and not).
 * Not thread-safe: one per thread.
 */
public final class FilterEvaluator {

    private final DocMatcher matcher = new DocMatcher();

    /** The rows of {@code t} that meet {@code c}. */
    public RoaringBitmap evaluate(Condition c, RowTable t) {
        if (!indexed(c, t)) {
            return scan(c, t);
        }
        return switch (c) {
            case Condition.Clause k -> clause(k, t);
            case Condition.IsEmpty e -> {
                RoaringBitmap all = all(t);
                all.andNot(t.index(e.field()).rowsWithValues());
                yield all;
            }
            default -> index(t, c).answer(c);
        };
    }

    private RoaringBitmap clause(Condition.Clause k, RowTable t) {
        RoaringBitmap out = all(t);
        for (Condition c : k.must()) {
            out.and(evaluate(c, t));
            if (out.isEmpty()) {
                return out;
            }
        }
        if (!k.should().isEmpty()) {
            RoaringBitmap any = new RoaringBitmap();
            for (Condition c : k.should()) {
                any.or(evaluate(c, t));
            }
            out.and(any);
        }
        for (Condition c : k.mustNot()) {
            out.andNot(evaluate(c, t));
        }
        return out;
    }

    private static RoaringBitmap all(RowTable t) {
        RoaringBitmap all = new RoaringBitmap();
        all.add(0L, t.rows());
        return all;
    }

    /** Every row that meets {@code c}, reading the payloads. */
    private RoaringBitmap scan(Condition c, RowTable t) {
        RoaringBitmap out = new RoaringBitmap();
        if (c instanceof Condition.Clause k && k.isEmpty()) {
            out.add(0L, t.rows());
            return out;
        }
        boolean docs = readsPayload(c);
        for (int r = 0; r < t.rows(); r++) {
            if (matcher.matches(c, t.id(r), docs ? t.document(r) : null)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether deciding {@code c} reads a row's document (anything but ids does). */
    private static boolean readsPayload(Condition c) {
        return switch (c) {
            case Condition.HasId h -> false;
            case Condition.Clause k -> k.must().stream().anyMatch(FilterEvaluator::readsPayload)
                    || k.should().stream().anyMatch(FilterEvaluator::readsPayload)
                    || k.mustNot().stream().anyMatch(FilterEvaluator::readsPayload);
            default -> true;
        };
    }

    /** Whether an index answers {@code c}, or (a clause) any part of it. */
    private static boolean indexed(Condition c, RowTable t) {
        return switch (c) {
            case Condition.Clause k -> k.must().stream().anyMatch(x -> indexed(x, t))
                    || k.should().stream().anyMatch(x -> indexed(x, t))
                    || k.mustNot().stream().anyMatch(x -> indexed(x, t));
            case Condition.IsEmpty e -> t.index(e.field()) != null;
            case Condition.HasId h -> false;
            case Condition.HasKeys h -> false;
            default -> {
                FieldIndex i = index(t, c);
                yield i != null && i.answers(c);
            }
        };
    }

    private static FieldIndex index(RowTable t, Condition c) {
        FieldPath f = switch (c) {
            case Condition.MatchKeywords m -> m.field();
            case Condition.MatchIntegers m -> m.field();
            case Condition.MatchBool m -> m.field();
            case Condition.Range r -> r.field();
            case Condition.IsNull n -> n.field();
            case Condition.IsEmpty e -> e.field();
            default -> null;
        };
        return f == null ? null : t.index(f);
    }
}
