package io.drift.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drift.filter.Condition;
import io.drift.filter.FieldIndex;
import io.drift.filter.FieldPath;
import io.drift.filter.FieldType;
import io.drift.filter.FilterEvaluator;
import io.drift.filter.IndexSpec;
import io.drift.filter.RowTable;
import io.drift.memtable.MemTable;
import io.drift.payload.PayloadCodec;
import io.drift.payload.RowDoc;
import io.drift.vector.Distance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * A memtable's filter results, from its chunk indexes and cached results, equal a plain scan of its
 * rows: for new filters and repeated ones, as rows arrive (in and across chunks), and after the
 * declared indexes change.
 */
class MemtableFiltersTest {

    private static final FieldPath CLS = FieldPath.of("cls");
    private static final FieldPath N = FieldPath.of("n");

    private static List<Condition> filters() {
        Condition cls = new Condition.MatchKeywords(CLS, List.of("c1", "c3"));
        Condition n = new Condition.Range(N, Double.NaN, 2, 5, Double.NaN);
        Condition empty = new Condition.IsEmpty(FieldPath.of("tags"));
        return List.of(cls, n, empty,
                new Condition.Clause(List.of(cls), List.of(), List.of(n)),
                new Condition.Clause(List.of(), List.of(empty, new Condition.MatchIntegers(N, new long[] {6})),
                        List.of(new Condition.Clause(List.of(cls), List.of(), List.of()))));
    }

    private static void append(MemTable m, int from, int to) {
        for (int i = from; i < to; i++) {
            Map<String, Object> p = i % 4 == 0 ? Map.of("cls", "c" + i % 5, "n", (long) (i % 7), "tags", List.of("x"))
                    : Map.of("cls", "c" + i % 5, "n", (long) (i % 7));
            m.append(i, new float[] {i, 1}, 0, RowDoc.of(null, PayloadCodec.encode(p)));
        }
    }

    /** The rows of {@code m} meeting {@code c}, by reading every row's payload. */
    private static RoaringBitmap scan(MemTable m, Condition c) {
        int size = m.size();
        return new FilterEvaluator().evaluate(c, new RowTable() {
            @Override
            public int rows() {
                return size;
            }

            @Override
            public long id(int row) {
                return m.id(row);
            }

            @Override
            public byte[] document(int row) {
                return m.document(row);
            }

            @Override
            public FieldIndex index(FieldPath field) {
                return null;
            }
        });
    }

    @Test
    void chunkIndexesAndCachedResultsEqualAScan() {
        MemTable m = new MemTable(2, Distance.L2, 4, 20, 1, null);
        MemtableFilters filters = new MemtableFilters(16);
        IndexSpec spec = IndexSpec.none().with(CLS, FieldType.KEYWORD).with(N, FieldType.INTEGER);
        FilterEvaluator evaluator = new FilterEvaluator();
        for (int[] step : new int[][] {{0, 40}, {40, 41}, {41, 100}, {100, 164}}) {
            append(m, step[0], step[1]);
            for (Condition c : filters()) {
                assertEquals(scan(m, c), filters.rows(m, c, io.drift.filter.ConditionKey.of(c), spec, evaluator), c + " over " + m.size() + " rows");
            }
        }
        IndexSpec fewer = IndexSpec.none().with(N, FieldType.FLOAT);
        MemtableFilters fresh = new MemtableFilters(16);
        for (Condition c : filters()) {
            assertEquals(scan(m, c), fresh.rows(m, c, io.drift.filter.ConditionKey.of(c), fewer, evaluator), c + " with other indexes");
        }
    }
}
