package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.ConditionKey;
import io.drift.filter.FieldIndex;
import io.drift.filter.FieldPath;
import io.drift.filter.FilterEvaluator;
import io.drift.filter.IndexSpec;
import io.drift.filter.RowTable;
import io.drift.memtable.MemTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * Which rows of a memtable meet a filter. A memtable's rows never change once appended (deletes are
 * the caller's business), so two things are kept per memtable and stay true as rows arrive:
 * <ul>
 *   <li>payload indexes of the declared fields over each full chunk of {@link #chunk} rows, built
 *       the first time a filter needs that chunk (the rows after the last full chunk are read);
 *   <li>the results of the last {@value #CACHED} filters, with the rows they cover: a repeated
 *       filter evaluates only the rows appended since.
 * </ul>
 * Thread-safe.
 */
final class MemtableFilters {

    static final int CACHED = 32;
    /** Rows per indexed chunk. */
    static final int CHUNK = 4096;

    /** A result over rows {@code [0, rows)}; read-only once published. */
    private record Covered(RoaringBitmap matching, int rows) {}

    /** What is kept of one memtable. */
    private static final class State {
        final Map<String, Covered> results = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Covered> eldest) {
                return size() > CACHED;
            }
        };
        IndexSpec spec;
        final List<Map<FieldPath, FieldIndex>> chunks = new ArrayList<>();
    }

    private final int chunk;
    private final Map<MemTable, State> byTable = new WeakHashMap<>();

    MemtableFilters() {
        this(CHUNK);
    }

    /** With chunks of {@code chunk} rows (tests use small ones). */
    MemtableFilters(int chunk) {
        this.chunk = chunk;
    }

    /**
     * The rows of {@code m} below its current size that meet {@code c} (whose {@link ConditionKey}
     * is {@code key}), with the fields of {@code spec} indexed; the bitmap is shared: read only.
     */
    RoaringBitmap rows(MemTable m, Condition c, String key, IndexSpec spec, FilterEvaluator evaluator) {
        int size = m.size();
        if (size == 0) {
            return new RoaringBitmap();
        }
        Covered before;
        synchronized (byTable) {
            before = state(m).results.get(key);
        }
        if (before != null && before.rows() >= size) {
            return before.matching();
        }
        RoaringBitmap all = before == null ? new RoaringBitmap() : before.matching().clone();
        for (int from = before == null ? 0 : before.rows(); from < size; ) {
            int chunkEnd = Math.min(size, (from / chunk + 1) * chunk);
            Map<FieldPath, FieldIndex> indexes = from % chunk == 0 && chunkEnd - from == chunk
                    ? chunkIndexes(m, from / chunk, spec) : Map.of();
            all.or(RoaringBitmap.addOffset(evaluator.evaluate(c, new Rows(m, from, chunkEnd, indexes)), from));
            from = chunkEnd;
        }
        synchronized (byTable) {
            Map<String, Covered> cache = state(m).results;
            Covered now = cache.get(key);
            if (now == null || now.rows() < size) {
                cache.put(key, new Covered(all, size));
            }
        }
        return all;
    }

    private State state(MemTable m) {
        return byTable.computeIfAbsent(m, t -> new State());
    }

    /** The indexes of full chunk {@code i} of {@code m} for {@code spec}, built on first use. */
    private Map<FieldPath, FieldIndex> chunkIndexes(MemTable m, int i, IndexSpec spec) {
        if (spec.isEmpty()) {
            return Map.of();
        }
        synchronized (byTable) {
            State s = state(m);
            if (!spec.equals(s.spec)) {
                s.spec = spec;
                s.chunks.clear();
            }
            if (i < s.chunks.size() && s.chunks.get(i) != null) {
                return s.chunks.get(i);
            }
        }
        int from = i * chunk;
        Map<FieldPath, FieldIndex> built = new HashMap<>();
        spec.fields().forEach((f, t) -> built.put(f, FieldIndex.build(f, t, chunk, r -> m.document(from + r))));
        synchronized (byTable) {
            State s = state(m);
            if (spec.equals(s.spec)) {
                while (s.chunks.size() <= i) {
                    s.chunks.add(null);
                }
                s.chunks.set(i, built);
            }
        }
        return built;
    }

    /** Rows {@code [from, to)} of a memtable, numbered from 0, with indexes over exactly them (or none). */
    private record Rows(MemTable m, int from, int to, Map<FieldPath, FieldIndex> indexes) implements RowTable {
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
            return indexes.get(field);
        }
    }
}
