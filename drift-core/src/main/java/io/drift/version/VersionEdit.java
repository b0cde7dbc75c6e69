package io.drift.version;

import io.drift.memtable.MemTable;
import java.util.List;
import java.util.Objects;

/**
 * One structural change of a collection (LevelDB's {@code VersionEdit}): what a new {@link Version}
 * differs by from the current one. {@link VersionSet#logAndApply} is the one place that turns an
 * edit into a new Version and, for a durable edit, into a new manifest. The kinds:
 *
 * <ul>
 *   <li>{@link #freeze}: the active memtable joins the frozen ones, a new one takes the writes. Not
 *       durable by itself: the log files already hold what the frozen table holds.
 *   <li>{@link #flush}: the oldest frozen memtables leave, the segments built from their live rows
 *       arrive, and the flushed sequence number moves past them.
 *   <li>{@link #rewrite}: maintenance wrote copies of some live rows into new segments; the rows'
 *       old places are deleted in the new Version (and only there: older Versions still find them).
 *   <li>{@link #drop}: segments without a live row leave.
 * </ul>
 *
 * An edit that adds segments owns their references until it is applied; {@link #discard} frees
 * them (and deletes their files) when it is not.
 */
public final class VersionEdit {

    /**
     * Rows a flush copied out of frozen memtables: row {@code i} is row {@code row[i]} of
     * {@code tables.get(table[i])}, id {@code ids[i]}. A row deleted or replaced while the flush ran
     * is deleted in the new segment when the edit is applied.
     */
    public record FlushedRows(List<MemTable> tables, int count, int[] table, int[] row, long[] ids) {}

    /**
     * Rows maintenance moved: row {@code i} was row {@code row[i]} of bucket {@code bucket[i]} of
     * {@code segments.get(segment[i])}, id {@code ids[i]}, live when it was read.
     */
    public record MovedRows(List<SegmentRef> segments, int count, int[] segment, int[] bucket, int[] row, long[] ids) {}

    private final MemTable newActive;
    private final FlushedRows flushed;
    private final long flushedSeq;
    private final List<String> obsoleteLogs;
    private final List<SegmentRef> added;
    private final MovedRows moved;
    private final List<SegmentRef> dropped;

    private VersionEdit(MemTable newActive, FlushedRows flushed, long flushedSeq, List<String> obsoleteLogs,
                        List<SegmentRef> added, MovedRows moved, List<SegmentRef> dropped) {
        this.newActive = newActive;
        this.flushed = flushed;
        this.flushedSeq = flushedSeq;
        this.obsoleteLogs = List.copyOf(obsoleteLogs);
        this.added = List.copyOf(added);
        this.moved = moved;
        this.dropped = List.copyOf(dropped);
    }

    /** The active memtable is frozen; {@code next} takes the writes. */
    public static VersionEdit freeze(MemTable next) {
        return new VersionEdit(Objects.requireNonNull(next, "next"), null, -1, List.of(), List.of(), null, List.of());
    }

    /**
     * The frozen memtables {@code rows.tables()} (the oldest ones) are replaced by {@code added}, built
     * from {@code rows}; every log record up to {@code flushedSeq} is now in the segments, and
     * {@code obsoleteLogs} can go once the manifest saying so is durable.
     */
    public static VersionEdit flush(FlushedRows rows, List<SegmentRef> added, long flushedSeq, List<String> obsoleteLogs) {
        return new VersionEdit(null, Objects.requireNonNull(rows, "rows"), flushedSeq, obsoleteLogs, added, null,
                List.of());
    }

    /** {@code outputs} hold new copies of the {@code moved} rows. */
    public static VersionEdit rewrite(List<SegmentRef> outputs, MovedRows moved) {
        return new VersionEdit(null, null, -1, List.of(), outputs, Objects.requireNonNull(moved, "moved"), List.of());
    }

    /** {@code dead}, segments without a live row, leave; their files go once no Version holds them. */
    public static VersionEdit drop(List<SegmentRef> dead) {
        return new VersionEdit(null, null, -1, List.of(), List.of(), null, dead);
    }

    /** Whether applying this edit writes a manifest (everything but a freeze). */
    public boolean durable() {
        return newActive == null;
    }

    /** Rows this edit writes into new segments (flushed or rewritten). */
    public long rowsWritten() {
        return flushed != null ? flushed.count() : moved != null ? moved.count() : 0;
    }

    MemTable newActive() {
        return newActive;
    }

    FlushedRows flushed() {
        return flushed;
    }

    long flushedSeq() {
        return flushedSeq;
    }

    List<String> obsoleteLogs() {
        return obsoleteLogs;
    }

    public List<SegmentRef> added() {
        return added;
    }

    MovedRows moved() {
        return moved;
    }

    List<SegmentRef> dropped() {
        return dropped;
    }

    /** Frees the segments this edit would have added and deletes their files: it will not be applied. */
    public void discard() {
        for (SegmentRef s : added) {
            s.retire();
            s.release();
        }
    }

}
