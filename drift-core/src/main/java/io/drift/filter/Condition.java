package io.drift.filter;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a filter (Qdrant's shape): a clause of conditions ({@code must}, {@code should},
 * {@code must_not}, nested), or a test of one payload field or of the point's id. A field's values
 * are those at its path (lists flattened, {@link io.drift.payload.PayloadPath}); a field test holds
 * when any of them passes it. Immutable; built and checked by the API.
 */
public sealed interface Condition {

    /**
     * All of {@code must}, at least one of {@code should} (when there is any), none of
     * {@code mustNot}. A filter is a clause; the empty clause matches every point.
     */
    record Clause(List<Condition> must, List<Condition> should, List<Condition> mustNot) implements Condition {
        public Clause {
            must = List.copyOf(must);
            should = List.copyOf(should);
            mustNot = List.copyOf(mustNot);
        }

        public boolean isEmpty() {
            return must.isEmpty() && should.isEmpty() && mustNot.isEmpty();
        }
    }

    /** The field holds one of the strings {@code values}. */
    record MatchKeywords(FieldPath field, List<String> values) implements Condition {
        public MatchKeywords {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
        }
    }

    /** The field holds a number equal to one of {@code values} (an integer, or a float of that value). */
    record MatchIntegers(FieldPath field, long[] values) implements Condition {
        public MatchIntegers {
            Objects.requireNonNull(field, "field");
            values = values.clone();
            Arrays.sort(values);
        }
    }

    /** The field holds the boolean {@code value}. */
    record MatchBool(FieldPath field, boolean value) implements Condition {}

    /**
     * The field holds a number inside the bounds; an unset bound is NaN. {@code gt}/{@code lt} are
     * strict, {@code gte}/{@code lte} not.
     */
    record Range(FieldPath field, double gt, double gte, double lt, double lte) implements Condition {
        /** Whether {@code x} lies inside the bounds. */
        public boolean contains(double x) {
            return !(x <= gt) && !(x < gte) && !(x >= lt) && !(x > lte);
        }

        /** The lowest value the range may hold, for an index's sorted values. */
        double low() {
            return Math.max(Double.isNaN(gt) ? Double.NEGATIVE_INFINITY : gt, Double.isNaN(gte) ? Double.NEGATIVE_INFINITY : gte);
        }

        /** The highest value the range may hold. */
        double high() {
            return Math.min(Double.isNaN(lt) ? Double.POSITIVE_INFINITY : lt, Double.isNaN(lte) ? Double.POSITIVE_INFINITY : lte);
        }
    }

    /** The field has no value: missing, null, or an empty list (Qdrant's {@code is_empty}). */
    record IsEmpty(FieldPath field) implements Condition {}

    /** The field holds null (Qdrant's {@code is_null}). */
    record IsNull(FieldPath field) implements Condition {}

    /**
     * The point's key is one of {@code keys} (UTF-8), in a string-keyed collection: a call resolves
     * it to the keys' ids ({@link HasId}) on the Version it reads before evaluating.
     */
    record HasKeys(List<byte[]> keys) implements Condition {
        public HasKeys {
            keys = List.copyOf(keys);
        }
    }

    /** The point's id (in a string-keyed collection, its key's internal id) is one of {@code ids}. */
    record HasId(long[] ids) implements Condition {
        public HasId {
            ids = ids.clone();
            Arrays.sort(ids);
        }

        public boolean contains(long id) {
            return Arrays.binarySearch(ids, id) >= 0;
        }
    }
}
