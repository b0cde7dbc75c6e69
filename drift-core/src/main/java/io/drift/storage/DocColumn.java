package io.drift.storage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The documents column of a bucket block (docs/FORMAT.md, "Bucket block", version 3): each row's
 * document (its string key and payload, opaque to the storage layer) as a table of {@code n + 1}
 * {@code u32} offsets from the column start followed by the bytes; row {@code r} is bytes
 * {@code [table[r], table[r+1])}, empty for a row without a document. A block none of whose rows
 * has a document has no column at all.
 */
final class DocColumn {

    private DocColumn() {}

    /**
     * The column of {@code docs} taken in {@code order} (row {@code r} is {@code docs[order[r]]}), or
     * null when no row has a document.
     */
    static byte[] encode(byte[][] docs, Integer[] order) {
        if (docs == null) {
            return null;
        }
        int n = order.length;
        long bytes = 4L * (n + 1);
        boolean any = false;
        for (int r = 0; r < n; r++) {
            byte[] d = docs[order[r]];
            if (d != null && d.length > 0) {
                bytes += d.length;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        if (bytes > Integer.MAX_VALUE - 4096) {
            throw new IllegalArgumentException("a bucket's documents take " + bytes + " bytes, more than a block holds");
        }
        ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 4 * (n + 1);
        b.position(at);
        for (int r = 0; r < n; r++) {
            b.putInt(4 * r, at);
            byte[] d = docs[order[r]];
            if (d != null) {
                b.put(d);
                at += d.length;
            }
        }
        b.putInt(4 * n, at);
        return b.array();
    }

    /**
     * Checks the offset table of a column of {@code rows} rows: it starts right after itself, never
     * falls and ends at the column's length. Returns null when it is sound, else what is wrong.
     */
    static String check(MemorySegment column, int rows) {
        long tableBytes = 4L * (rows + 1);
        if (column.byteSize() < tableBytes) {
            return "documents column of " + column.byteSize() + " bytes is shorter than its offset table";
        }
        long previous = tableBytes;
        for (int r = 0; r <= rows; r++) {
            long at = Integer.toUnsignedLong(column.get(LittleEndian.INT, 4L * r));
            if ((r == 0 && at != tableBytes) || at < previous || at > column.byteSize()) {
                return "documents column offset " + r + " is " + at;
            }
            previous = at;
        }
        if (previous != column.byteSize()) {
            return "documents column ends at " + previous + " of " + column.byteSize() + " bytes";
        }
        return null;
    }

    /** Row {@code r}'s document in a checked column, or null when it has none. */
    static byte[] read(MemorySegment column, int r) {
        long from = Integer.toUnsignedLong(column.get(LittleEndian.INT, 4L * r));
        long to = Integer.toUnsignedLong(column.get(LittleEndian.INT, 4L * r + 4));
        return to == from ? null : column.asSlice(from, to - from).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Bytes of documents in a checked column of {@code rows} rows (the offset table excluded). */
    static long documentBytes(MemorySegment column, int rows) {
        return column.byteSize() - 4L * (rows + 1);
    }
}
