package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.ConditionKey;
import io.drift.filter.FieldIndex;
import io.drift.filter.FieldPath;
import io.drift.filter.FilterEvaluator;
import io.drift.filter.RowTable;
import io.drift.memtable.MemTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which rows of a memtable meet a filter. Memtables keep no payload index; a filter reads the rows'
 * payloads, but a row never changes once appended, so the result for the first {@code n} rows stays
 * true as rows arrive (deletes are the caller's business): the last {@value #CACHED} filters per
 * memtable are kept with the row count they cover, and a search evaluates only the rows appended
 * since. An application filtering on the same few things pays for each row once, not once per
 * search. Thread-safe.
 */
final class MemtableFilters {

    static final int CACHED = 32;

    /** A result over rows {@code [0, rows)}; read-only once published. */
    private record Covered(RoaringBitmap matching, int rows) {}

    private final Map<MemTable, Map<String, Covered>> byTable = new WeakHashMap<>();

    /** The rows of {@code m} below its current size that meet {@code c}; the bitmap is shared: read only. */
    RoaringBitmap rows(MemTable m, Condition c, FilterEvaluator evaluator) {
        int size = m.size();
        if (size == 0) {
            return new RoaringBitmap();
        }
        String key = ConditionKey.of(c);
        Covered before;
        synchronized (byTable) {
            before = byTable.computeIfAbsent(m, t -> lru()).get(key);
        }
        if (before != null && before.rows() >= size) {
            return before.matching();
        }
        int from = before == null ? 0 : before.rows();
        RoaringBitmap added = evaluator.evaluate(c, new Rows(m, from, size));
        RoaringBitmap all = RoaringBitmap.addOffset(added, from);
        if (before != null) {
            all.or(before.matching());
        }
        synchronized (byTable) {
            Map<String, Covered> cache = byTable.computeIfAbsent(m, t -> lru());
            Covered now = cache.get(key);
            if (now == null || now.rows() < size) {
                cache.put(key, new Covered(all, size));
            }
        }
        return all;
    }

    private static Map<String, Covered> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Covered> eldest) {
                return size() > CACHED;
            }
        };
    }

    /** Rows {@code [from, to)} of a memtable, numbered from 0. */
    private record Rows(MemTable m, int from, int to) implements RowTable {
        @Override
        public int rows() {
            return to - from;
        }

        @Override
        public long id(int row) {
            return m.id(from + row);
        }

        @Override
        public byte[] document(int row) {
            return m.document(from + row);
        }

        @Override
        public FieldIndex index(FieldPath field) {
            return null;
        }
    }
}
