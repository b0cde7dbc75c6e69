package io.drift.storage;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deleted rows of one segment (DESIGN §4.4): one bitset per bucket over its rows, set-only.
 *
 * <p>Killing a row sets its bit with an atomic OR and lowers its bucket's live count, so
 * concurrent killers never lose each other's bits. Searches read the bits and counts without
 * locks: a bit set before a search starts (the write acknowledged before it) is seen by it; one
 * set while it runs may or may not be.
 *
 * <p>Persisted as a deletion file (docs/FORMAT.md, "Deletion file"), written whole at checkpoints
 * under a new name each time; the write-ahead log covers the deletes since.
 */
public final class Tombstones {

    static final byte[] MAGIC = FileFormat.magic("DRIFTDEL");
    static final int VERSION = 1;
    private static final int HEADER_BYTES = 24;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private final int[] rows;
    private final long[][] bits;
    private final int[] live;
    private final AtomicLong dead = new AtomicLong();
    /** Rows killed since creation; a checkpoint compares it to what it last wrote. */
    private final AtomicLong kills = new AtomicLong();

    private Tombstones(int[] rows) {
        this.rows = rows.clone();
        this.bits = new long[rows.length][];
        this.live = rows.clone();
        for (int b = 0; b < rows.length; b++) {
            bits[b] = new long[(rows[b] + 63) >>> 6];
        }
    }

    /** No row of {@code segment} deleted. */
    public static Tombstones none(SegmentReader segment) {
        int[] rows = new int[segment.bucketCount()];
        for (int b = 0; b < rows.length; b++) {
            rows[b] = segment.bucketRows(b);
        }
        return new Tombstones(rows);
    }

    public int bucketCount() {
        return rows.length;
    }

    /**
     * A copy of the bits as they are now, for a checkpoint to write while kills continue here;
     * its {@link #killCount()} is this object's at the moment of copying.
     */
    public Tombstones copy() {
        Tombstones t = new Tombstones(rows);
        long k = kills.get();
        long n = 0;
        for (int b = 0; b < rows.length; b++) {
            long[] src = bits[b];
            long[] dst = t.bits[b];
            int deadHere = 0;
            for (int i = 0; i < src.length; i++) {
                dst[i] = (long) LONGS.getOpaque(src, i);
                deadHere += Long.bitCount(dst[i]);
            }
            t.live[b] -= deadHere;
            n += deadHere;
        }
        t.dead.set(n);
        t.kills.set(k);
        return t;
    }

    /**
     * Deletes here every row deleted in {@code other}, a tombstone set of the same segment (this
     * one's {@link #copy()} source, which went on taking kills): the copy catches up.
     */
    public void absorb(Tombstones other) {
        if (!java.util.Arrays.equals(rows, other.rows)) {
            throw new IllegalArgumentException("tombstones of different segments");
        }
        for (int b = 0; b < rows.length; b++) {
            long[] mine = bits[b];
            long[] theirs = other.bits[b];
            for (int i = 0; i < mine.length; i++) {
                long add = (long) LONGS.getOpaque(theirs, i) & ~(long) LONGS.getOpaque(mine, i);
                if (add != 0) {
                    long before = (long) LONGS.getAndBitwiseOr(mine, i, add);
                    int n = Long.bitCount(add & ~before);
                    INTS.getAndAdd(live, b, -n);
                    dead.addAndGet(n);
                    kills.addAndGet(n);
                }
            }
        }
    }

    /** Whether row {@code row} of bucket {@code bucket} is deleted. */
    public boolean isDead(int bucket, int row) {
        return (((long) LONGS.getOpaque(bits[bucket], row >>> 6)) & (1L << row)) != 0;
    }

    /** Deletes a row; returns false when it already was deleted. */
    public boolean kill(int bucket, int row) {
        if (row < 0 || row >= rows[bucket]) {
            throw new IndexOutOfBoundsException("row " + row + " of bucket " + bucket + " with " + rows[bucket] + " rows");
        }
        long mask = 1L << row;
        long before = (long) LONGS.getAndBitwiseOr(bits[bucket], row >>> 6, mask);
        if ((before & mask) != 0) {
            return false;
        }
        INTS.getAndAdd(live, bucket, -1);
        dead.incrementAndGet();
        kills.incrementAndGet();
        return true;
    }

    /**
     * The bucket's bitset, for scans to skip deleted rows (bit {@code r & 63} of word
     * {@code r >>> 6}), or null while none of its rows is deleted. Read-only for callers.
     */
    public long[] deadBits(int bucket) {
        return liveRows(bucket) == rows[bucket] ? null : bits[bucket];
    }

    /** Live rows of a bucket. */
    public int liveRows(int bucket) {
        return (int) INTS.getOpaque(live, bucket);
    }

    /** Rows of a bucket, live or not. */
    public int rows(int bucket) {
        return rows[bucket];
    }

    /** Deleted rows of the segment. */
    public long deadRows() {
        return dead.get();
    }

    /** How many kills this object has seen; a change since a checkpoint means its file is stale. */
    public long killCount() {
        return kills.get();
    }

    /**
     * Writes the deletion file {@code file} durably (temporary file, fsync, rename, directory
     * fsync). Bits set while it writes may or may not be in it.
     */
    public void writeTo(Path file) throws IOException {
        int words = 0;
        for (long[] w : bits) {
            words += w.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + 4 * rows.length + 8 * words + 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putInt(rows.length).putLong(dead.get());
        for (int r : rows) {
            buf.putInt(r);
        }
        long count = 0;
        for (long[] w : bits) {
            for (int i = 0; i < w.length; i++) {
                long v = (long) LONGS.getOpaque(w, i);
                count += Long.bitCount(v);
                buf.putLong(v);
            }
        }
        buf.putLong(16, count); // the bits actually written, whatever changed meanwhile
        buf.putInt(FileFormat.crc32c(buf.array(), 0, buf.position()));
        Path temp = DiskManager.tempFileFor(file);
        Files.write(temp, buf.array());
        DiskManager.publish(temp, file);
    }

    /**
     * Reads a deletion file written for {@code segment}.
     *
     * @throws CorruptFileException when the file is damaged or does not fit the segment
     */
    public static Tombstones read(Path file, SegmentReader segment) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_BYTES + 4) {
            throw new CorruptFileException(file, "deletion file", "is " + bytes.length + " bytes, too short");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[FileFormat.MAGIC_BYTES];
        buf.get(magic);
        FileFormat.checkMagic(file, "deletion file", MAGIC, magic, "not a deletion file");
        FileFormat.checkCrc(file, "deletion file", buf.getInt(bytes.length - 4),
                FileFormat.crc32c(bytes, 0, bytes.length - 4));
        int version = buf.getInt();
        FileFormat.checkVersion(file, "deletion file", version, VERSION, VERSION);
        int buckets = buf.getInt();
        long count = buf.getLong();
        Tombstones t = none(segment);
        if (buckets != t.rows.length) {
            throw new CorruptFileException(file, "deletion file", "has " + buckets + " buckets, segment "
                    + segment.file().getFileName() + " has " + t.rows.length);
        }
        for (int b = 0; b < buckets; b++) {
            int r = buf.getInt();
            if (r != t.rows[b]) {
                throw new CorruptFileException(file, "deletion file", "bucket " + b + " has " + r + " rows, the segment "
                        + t.rows[b]);
            }
        }
        if (buf.remaining() != 8L * wordCount(t.bits) + 4) {
            throw new CorruptFileException(file, "deletion file", "bitset length does not fit the segment");
        }
        long seen = 0;
        for (int b = 0; b < buckets; b++) {
            long[] w = t.bits[b];
            int deadHere = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = buf.getLong();
                deadHere += Long.bitCount(w[i]);
            }
            int tail = t.rows[b] & 63;
            if (tail != 0 && w.length > 0 && (w[w.length - 1] >>> tail) != 0) {
                throw new CorruptFileException(file, "deletion file", "bucket " + b + " marks rows past its end");
            }
            t.live[b] -= deadHere;
            seen += deadHere;
        }
        if (seen != count) {
            throw new CorruptFileException(file, "deletion file", "counts " + count + " deletions, holds " + seen);
        }
        t.dead.set(seen);
        return t;
    }

    private static long wordCount(long[][] bits) {
        long n = 0;
        for (long[] w : bits) {
            n += w.length;
        }
        return n;
    }
}
