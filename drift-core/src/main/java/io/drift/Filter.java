package io.drift;

import io.drift.filter.Condition;
import io.drift.filter.FieldPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which points a search, count, scroll or delete applies to, in Qdrant's shape: the points meeting
 * every {@code must} condition, at least one {@code should} condition (when there is any) and no
 * {@code mustNot} condition. Conditions test a payload field (its values at a dotted path; lists
 * are flattened and a field test holds when any value passes), or the point's id or key; a filter
 * nests as a condition. Fields with a payload index ({@link VectorCollection#createFieldIndex}) are
 * answered from it; others by reading payloads, slower but the same answer. Immutable.
 *
 * <pre>{@code
 * Filter inStock = Filter.builder()
 *         .must(Filter.match("category", "shoes"), Filter.range("price", null, 10.0, 50.0, null))
 *         .mustNot(Filter.match("meta.discontinued", true))
 *         .build();
 * }</pre>
 */
public final class Filter {

    private static final Filter ALL = new Filter(new Condition.Clause(List.of(), List.of(), List.of()));

    private final Condition.Clause clause;

    private Filter(Condition.Clause clause) {
        this.clause = clause;
    }

    /** The filter every point meets. */
    public static Filter all() {
        return ALL;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether every point meets the filter (it has no condition). */
    public boolean isAll() {
        return clause.isEmpty();
    }

    Condition.Clause clause() {
        return clause;
    }

    /** This filter as a condition of another. */
    public Cond asCondition() {
        return new Cond(clause);
    }

    /** The field holds the string {@code keyword}. */
    public static Cond match(String field, String keyword) {
        return matchAny(field, Objects.requireNonNull(keyword, "keyword"));
    }

    /** The field holds one of {@code keywords}. */
    public static Cond matchAny(String field, String... keywords) {
        if (keywords.length == 0) {
            throw new IllegalArgumentException("match on '" + field + "' names no keyword");
        }
        for (String k : keywords) {
            Objects.requireNonNull(k, "keyword");
        }
        return new Cond(new Condition.MatchKeywords(path(field), Arrays.asList(keywords)));
    }

    /** The field holds the number {@code value}. */
    public static Cond match(String field, long value) {
        return matchAny(field, new long[] {value});
    }

    /** The field holds one of the numbers {@code values}. */
    public static Cond matchAny(String field, long... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("match on '" + field + "' names no integer");
        }
        return new Cond(new Condition.MatchIntegers(path(field), values));
    }

    /** The field holds the boolean {@code value}. */
    public static Cond match(String field, boolean value) {
        return new Cond(new Condition.MatchBool(path(field), value));
    }

    /**
     * The field holds a number inside the bounds given (null: unbounded there): above {@code gt},
     * at least {@code gte}, below {@code lt}, at most {@code lte}.
     *
     * @throws IllegalArgumentException without any bound, or for a NaN bound
     */
    public static Cond range(String field, Double gt, Double gte, Double lt, Double lte) {
        double[] b = {bound(gt, field), bound(gte, field), bound(lt, field), bound(lte, field)};
        if (gt == null && gte == null && lt == null && lte == null) {
            throw new IllegalArgumentException("range on '" + field + "' has no bound");
        }
        return new Cond(new Condition.Range(path(field), b[0], b[1], b[2], b[3]));
    }

    private static double bound(Double d, String field) {
        if (d != null && d.isNaN()) {
            throw new IllegalArgumentException("range on '" + field + "' has a NaN bound");
        }
        return d == null ? Double.NaN : d;
    }

    /** The field has no value: it is missing, null, or an empty list. */
    public static Cond isEmpty(String field) {
        return new Cond(new Condition.IsEmpty(path(field)));
    }

    /** The field holds null. */
    public static Cond isNull(String field) {
        return new Cond(new Condition.IsNull(path(field)));
    }

    /** The point's id is one of {@code ids} (collections of uint64 ids). */
    public static Cond hasId(long... ids) {
        return new Cond(new Condition.HasId(ids));
    }

    /** The point's key is one of {@code keys} (string-keyed collections). */
    public static Cond hasKey(String... keys) {
        List<byte[]> utf8 = new ArrayList<>();
        for (String k : keys) {
            utf8.add(Objects.requireNonNull(k, "key").getBytes(StandardCharsets.UTF_8));
        }
        return new Cond(new Condition.HasKeys(utf8));
    }

    private static FieldPath path(String field) {
        return FieldPath.of(field);
    }

    @Override
    public String toString() {
        return "Filter[must " + clause.must().size() + ", should " + clause.should().size() + ", must_not "
                + clause.mustNot().size() + "]";
    }

    /** One condition of a filter. Immutable. */
    public static final class Cond {
        private final Condition condition;

        private Cond(Condition condition) {
            this.condition = condition;
        }

        Condition condition() {
            return condition;
        }

    }

    /** Collects the conditions of a filter. */
    public static final class Builder {
        private final List<Condition> must = new ArrayList<>();
        private final List<Condition> should = new ArrayList<>();
        private final List<Condition> mustNot = new ArrayList<>();

        private Builder() {}

        public Builder must(Cond... conditions) {
            add(must, conditions);
            return this;
        }

        public Builder should(Cond... conditions) {
            add(should, conditions);
            return this;
        }

        public Builder mustNot(Cond... conditions) {
            add(mustNot, conditions);
            return this;
        }

        private static void add(List<Condition> to, Cond[] conditions) {
            for (Cond c : conditions) {
                to.add(Objects.requireNonNull(c, "condition").condition());
            }
        }

        public Filter build() {
            return new Filter(new Condition.Clause(must, should, mustNot));
        }
    }
}
