package io.drift.filter;

import io.drift.payload.PayloadPath;
import io.drift.payload.RowDoc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.roaringbitmap.RoaringBitmap;

/**
 * A payload index over one field of one table of rows (a bucket, or a memtable's rows): what lets a
 * filter on the field be answered without decoding the rows' payloads. By its {@link FieldType}:
 * postings (rows by value) for keywords and integers, every number with its row sorted by value for
 * ranges (integers and floats), the rows holding true and false for booleans; and for every type
 * the rows with any value at all ({@code is_empty}). Values of other types are not indexed, so a
 * condition the index cannot answer exactly ({@link #answer} returns null) is left to the payload
 * scan. Immutable once built; safe to share.
 */
public final class FieldIndex {

    private final FieldType type;
    private final RoaringBitmap present;
    private final Map<String, RoaringBitmap> keywords;
    private final Map<Long, RoaringBitmap> integers;
    private final double[] sortedValues;
    private final int[] sortedRows;
    private final RoaringBitmap trues;
    private final RoaringBitmap falses;

    private FieldIndex(Builder b) {
        this.type = b.type;
        this.present = b.present;
        this.keywords = b.keywords;
        this.integers = b.integers;
        this.trues = b.trues;
        this.falses = b.falses;
        if (!b.numbers) {
            sortedValues = null;
            sortedRows = null;
            return;
        }
        int n = b.numbersCount;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        double[] v = b.values;
        Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        sortedValues = new double[n];
        sortedRows = new int[n];
        for (int i = 0; i < n; i++) {
            sortedValues[i] = v[order[i]];
            sortedRows[i] = b.valueRows[order[i]];
        }
    }

    /** Indexes {@code field} as {@code type} over rows {@code [0, rows)}, whose documents {@code docs} gives. */
    public static FieldIndex build(FieldPath field, FieldType type, int rows, IntFunction<byte[]> docs) {
        Builder b = new Builder(type);
        for (int r = 0; r < rows; r++) {
            byte[] doc = docs.apply(r);
            int len = doc == null ? 0 : RowDoc.payloadLength(doc);
            if (len > 0) {
                b.row = r;
                PayloadPath.forEach(doc, RowDoc.payloadOffset(doc), len, field.parts(), b);
            }
        }
        return new FieldIndex(b);
    }

    public FieldType type() {
        return type;
    }

    /** Whether {@link #answer} tells the rows that meet {@code c}, a condition on this index's field. */
    public boolean answers(Condition c) {
        return switch (c) {
            case Condition.MatchKeywords m -> keywords != null;
            case Condition.MatchIntegers m -> integers != null;
            case Condition.MatchBool m -> trues != null;
            case Condition.Range r -> sortedValues != null;
            default -> false;
        };
    }

    /** The rows that meet {@code c}, a condition on this index's field, or null when the index cannot tell. */
    public RoaringBitmap answer(Condition c) {
        return switch (c) {
            case Condition.MatchKeywords m when keywords != null -> union(m.values().stream().map(keywords::get));
            case Condition.MatchIntegers m when integers != null ->
                union(Arrays.stream(m.values()).mapToObj(integers::get));
            case Condition.MatchBool m when trues != null -> (m.value() ? trues : falses).clone();
            case Condition.Range r when sortedValues != null -> range(r.low(), r.high(), r);
            default -> null;
        };
    }

    /** The rows with a value that is not null: {@code is_empty} is every other row. */
    public RoaringBitmap rowsWithValues() {
        return present;
    }

    /** The smallest and largest number indexed, or null when none is (a bucket's summary for pruning). */
    public double[] numberBounds() {
        return sortedValues == null || sortedValues.length == 0 ? null
                : new double[] {sortedValues[0], sortedValues[sortedValues.length - 1]};
    }

    private static RoaringBitmap union(java.util.stream.Stream<RoaringBitmap> postings) {
        RoaringBitmap out = new RoaringBitmap();
        postings.forEach(p -> {
            if (p != null) {
                out.or(p);
            }
        });
        return out;
    }

    private RoaringBitmap range(double low, double high, Condition.Range r) {
        int from = firstFrom(low, false);
        int[] rows = new int[Math.max(0, firstFrom(high, true) - from)];
        int n = 0;
        for (int i = from; i < from + rows.length; i++) {
            if (r.contains(sortedValues[i])) {
                rows[n++] = sortedRows[i];
            }
        }
        Arrays.sort(rows, 0, n); // a bitmap takes rows in order far faster than one by one
        RoaringBitmap out = new RoaringBitmap();
        out.addN(rows, 0, n);
        return out;
    }

    /** The first position whose value is at least {@code x} ({@code above}: above {@code x}). */
    private int firstFrom(double x, boolean above) {
        int lo = 0;
        int hi = sortedValues.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedValues[mid] < x || above && sortedValues[mid] == x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Bytes the index holds, roughly (for statistics). */
    public long sizeInBytes() {
        long n = present.getSizeInBytes() + (sortedValues == null ? 0 : 12L * sortedValues.length);
        if (keywords != null) {
            for (Map.Entry<String, RoaringBitmap> e : keywords.entrySet()) {
                n += 2L * e.getKey().length() + e.getValue().getSizeInBytes() + 32;
            }
        }
        if (integers != null) {
            for (RoaringBitmap p : integers.values()) {
                n += p.getSizeInBytes() + 32;
            }
        }
        return n;
    }

    /** Collects the values of one row at a time. */
    private static final class Builder implements PayloadPath.ValueVisitor {
        final FieldType type;
        final RoaringBitmap present = new RoaringBitmap();
        final Map<String, RoaringBitmap> keywords;
        final Map<Long, RoaringBitmap> integers;
        final RoaringBitmap trues;
        final RoaringBitmap falses;
        final boolean numbers;
        double[] values = new double[16];
        int[] valueRows = new int[16];
        int numbersCount;
        int row;

        Builder(FieldType type) {
            this.type = type;
            keywords = type == FieldType.KEYWORD ? new HashMap<>() : null;
            integers = type == FieldType.INTEGER ? new HashMap<>() : null;
            trues = type == FieldType.BOOL ? new RoaringBitmap() : null;
            falses = type == FieldType.BOOL ? new RoaringBitmap() : null;
            numbers = type == FieldType.INTEGER || type == FieldType.FLOAT;
        }

        @Override
        public void nullValue() {}

        @Override
        public void bool(boolean v) {
            present.add(row);
            if (trues != null) {
                (v ? trues : falses).add(row);
            }
        }

        @Override
        public void integer(long v) {
            present.add(row);
            if (integers != null) {
                integers.computeIfAbsent(v, x -> new RoaringBitmap()).add(row);
            }
            number(v);
        }

        @Override
        public void floating(double v) {
            present.add(row);
            if (integers != null && v == Math.rint(v) && Math.abs(v) <= 0x1p63) {
                integers.computeIfAbsent((long) v, x -> new RoaringBitmap()).add(row);
            }
            number(v);
        }

        private void number(double v) {
            if (!numbers) {
                return;
            }
            if (numbersCount == values.length) {
                values = Arrays.copyOf(values, numbersCount * 2);
                valueRows = Arrays.copyOf(valueRows, numbersCount * 2);
            }
            values[numbersCount] = v;
            valueRows[numbersCount++] = row;
        }

        @Override
        public void string(byte[] utf8, int off, int len) {
            present.add(row);
            if (keywords != null) {
                keywords.computeIfAbsent(new String(utf8, off, len, StandardCharsets.UTF_8), x -> new RoaringBitmap())
                        .add(row);
            }
        }

        @Override
        public void object() {
            present.add(row);
        }
    }
}
