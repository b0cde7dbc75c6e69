package io.drift.engine;

import io.drift.memtable.MemTable;
import io.drift.search.L1Index;
import io.drift.version.Version;
import java.io.IOException;

/**
 * Where the newest copy of an id is in one Version: a row of a memtable, or a position in the L1
 * index. The newest copy decides (memtables newest first, then the segments); older copies were
 * deleted when it was written. Lookups take no lock; the write path kills through it under its
 * write lock.
 */
final class LiveRow {

    private final MemTable table;
    private final int row;
    private final L1Index l1;
    private final long position;

    private LiveRow(MemTable table, int row, L1Index l1, long position) {
        this.table = table;
        this.row = row;
        this.l1 = l1;
        this.position = position;
    }

    /** The newest copy of {@code id} in {@code v}, live or deleted, or null when it never had one. */
    static LiveRow newest(Version v, long id) throws IOException {
        for (MemTable m : Searcher.memtablesNewestFirst(v)) {
            int r = m.rowOf(id);
            if (r >= 0) {
                return new LiveRow(m, r, null, -1);
            }
        }
        L1Index l1 = v.l1();
        if (l1 != null) {
            long at = l1.locate(id);
            if (at >= 0) {
                return new LiveRow(null, -1, l1, at);
            }
        }
        return null;
    }

    /** The live copy of {@code id} in {@code v}, or null when it has none. */
    static LiveRow live(Version v, long id) throws IOException {
        LiveRow r = newest(v, id);
        return r == null || r.isDead() ? null : r;
    }

    boolean isDead() {
        return table != null ? table.isDead(row) : l1.isDead(position);
    }

    /** Deletes the row; false when it already was deleted. Caller holds the write lock. */
    boolean kill() {
        return table != null ? table.kill(row) : l1.kill(position);
    }

    /** The row's vector, {@code dim} floats (normalised under COSINE, as stored). */
    float[] vector(int dim) {
        float[] out = new float[dim];
        if (table != null) {
            table.vector(row, out);
        } else {
            l1.vector(position, out);
        }
        return out;
    }

    /** The row's document (key and payload), or null when it has none. */
    byte[] document() {
        return table != null ? table.document(row) : l1.document(position);
    }
}
