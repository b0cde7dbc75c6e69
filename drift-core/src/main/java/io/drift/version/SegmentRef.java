package io.drift.version;

import io.drift.concurrent.Reclaimer;
import io.drift.concurrent.RefCounted;
import io.drift.filter.IndexSpec;
import io.drift.filter.SegmentIndexes;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;

/**
 * A live segment shared by the Versions that name it: its open reader (the mapping) and its
 * tombstones. Every Version holds one reference; the collection holds one while the segment is
 * in its manifest. When the last reference goes the mapping is closed, and the file deleted if
 * the segment was {@link #retire retired}, in the background ({@link Reclaimer}): no search can
 * still be reading it, because a search holds its Version and the Version holds the segment.
 */
public final class SegmentRef extends RefCounted {

    private static final System.Logger LOG = System.getLogger(SegmentRef.class.getName());

    /**
     * The open file, shared by every SegmentRef over it (one per tombstone generation): closed,
     * and deleted if retired, when the last of them goes.
     */
    private static final class Mapping extends RefCounted {
        final SegmentReader reader;
        /** The payload indexes, for the declarations they were last built for. */
        volatile SegmentIndexes indexes;
        volatile boolean retired;
        volatile boolean closed;

        /** The file's identity (device and inode) when it was opened, or null where there is none. */
        private final Object fileKey;

        Mapping(SegmentReader reader) {
            this.reader = reader;
            this.fileKey = fileKey(reader.file());
        }

        /**
         * The last reference is gone: the mapping is closed and a retired file deleted on the
         * {@link Reclaimer}'s thread, not on the thread that released it (often a search's).
         */
        @Override
        protected void onLastRelease() {
            Reclaimer.reclaim(this::free);
        }

        private void free() {
            closed = true;
            reader.close();
            // the name may have been given to another file since (a reopened collection numbers anew):
            // only the file this reference opened is deleted
            if (retired && (fileKey == null || fileKey.equals(fileKey(reader.file())))) {
                try {
                    Files.deleteIfExists(reader.file());
                } catch (IOException e) {
                    // a leftover file is harmless: no manifest names it, the next open removes it
                    LOG.log(System.Logger.Level.WARNING, "cannot delete retired segment " + reader.file() + ": " + e);
                }
            }
        }
    }

    private static Object fileKey(java.nio.file.Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private final Mapping mapping;
    private final SegmentReader reader;
    private final Tombstones tombstones;
    private final long partition;
    private final float[] temperature;
    private final long writtenMillis;

    /**
     * @param partition     the partition the segment's buckets belong to (see
     *                      {@link io.drift.storage.Manifest.Segment})
     * @param writtenMillis when the segment was written, in milliseconds since the epoch (0: long ago)
     */
    public SegmentRef(SegmentReader reader, Tombstones tombstones, long partition, long writtenMillis) {
        this(new Mapping(Objects.requireNonNull(reader, "reader")), tombstones, partition,
                filled(new float[reader.bucketCount()]), writtenMillis);
    }

    private SegmentRef(Mapping mapping, Tombstones tombstones, long partition, float[] temperature, long writtenMillis) {
        this.mapping = mapping;
        this.reader = mapping.reader;
        this.tombstones = Objects.requireNonNull(tombstones, "tombstones");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be non-negative, got " + partition);
        }
        this.partition = partition;
        this.temperature = temperature;
        this.writtenMillis = writtenMillis;
    }

    /**
     * Opens a segment just written (by a flush or maintenance), none of its rows deleted, as part
     * of {@code partition}, with its pages read in: a fresh file is in the page cache but not in
     * this process's page tables, and without this the first searches to reach it take the faults
     * (p99 under writes 1.1-2.4 ms with them, 0.97-1.33 ms without; docs/BENCHMARKS.md, "Engine
     * under writes"). The caller owns the reference.
     */
    public static SegmentRef openNew(java.nio.file.Path file, long partition) throws IOException {
        SegmentReader reader = SegmentReader.open(file);
        try {
            reader.load();
            return new SegmentRef(reader, Tombstones.none(reader), partition, System.currentTimeMillis());
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static float[] filled(float[] t) {
        java.util.Arrays.fill(t, 1f);
        return t;
    }

    /**
     * A reference to the same file with other tombstones, for a new Version whose deletes older
     * Versions must not see (rows maintenance moved elsewhere: a search pinned on an older
     * Version would miss both copies). Shares the mapping and the temperatures; the caller owns
     * the new reference.
     */
    public SegmentRef withTombstones(Tombstones other) {
        if (!mapping.tryAcquire()) {
            throw new IllegalStateException("segment " + name() + " is already closed");
        }
        return new SegmentRef(mapping, other, partition, temperature, writtenMillis);
    }

    /**
     * The segment's payload indexes for {@code spec}: built on first use (and again when the
     * declarations change), then shared by every reference to the file.
     */
    public SegmentIndexes indexes(IndexSpec spec) throws IOException {
        SegmentIndexes i = mapping.indexes;
        if (i != null && i.spec().equals(spec)) {
            return i;
        }
        synchronized (mapping) {
            i = mapping.indexes;
            if (i == null || !i.spec().equals(spec)) {
                i = SegmentIndexes.build(mapping.reader, spec);
                mapping.indexes = i;
            }
            return i;
        }
    }

    /** Whether the segment's payload indexes for {@code spec} are built. */
    public boolean hasIndexes(IndexSpec spec) {
        SegmentIndexes i = mapping.indexes;
        return i != null && i.spec().equals(spec);
    }

    public SegmentReader reader() {
        return reader;
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    /** The partition the segment's buckets belong to. */
    public long partition() {
        return partition;
    }

    /**
     * Per bucket, its temperature (DESIGN §7): 1 when the segment was opened, raised by the
     * searches that scan the bucket, lowered by each maintenance pass. Written without
     * synchronisation: a lost update only misplaces a heuristic.
     */
    public float[] temperature() {
        return temperature;
    }

    /**
     * When the segment was written, in milliseconds since the epoch, as the manifest keeps it across
     * restarts (0: before that was recorded); maintenance counts a bucket's cooldown from it.
     */
    public long writtenMillis() {
        return writtenMillis;
    }

    /** The file name inside the collection directory. */
    public String name() {
        return reader.file().getFileName().toString();
    }

    /** Marks the file for deletion once the last reference to it is released. */
    public void retire() {
        mapping.retired = true;
    }

    /** Whether the mapping has been closed (for tests; it closes on the reclaimer's thread). */
    public boolean isClosed() {
        return mapping.closed;
    }

    @Override
    protected void onLastRelease() {
        mapping.release();
    }
}
