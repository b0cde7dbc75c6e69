package io.drift.concurrent;

import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Objects;

/**
 * A live segment shared by the Versions that name it: its open reader (the mapping) and its
 * tombstones. Every Version holds one reference; the collection holds one while the segment is
 * in its manifest. When the last reference goes the mapping is closed, and the file deleted if
 * the segment was {@link #retire retired}: no search can still be reading it, because a search
 * holds its Version and the Version holds the segment.
 */
public final class SegmentRef extends RefCounted {

    private static final System.Logger LOG = System.getLogger(SegmentRef.class.getName());

    private final SegmentReader reader;
    private final Tombstones tombstones;
    private final long partition;
    private final float[] temperature;
    private final long createdNanos = System.nanoTime();
    private volatile boolean retired;
    private volatile boolean closed;

    /**
     * @param partition the partition the segment's buckets belong to (see
     *     {@link io.drift.storage.Manifest.Segment})
     */
    public SegmentRef(SegmentReader reader, Tombstones tombstones, long partition) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.tombstones = Objects.requireNonNull(tombstones, "tombstones");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be non-negative, got " + partition);
        }
        this.partition = partition;
        this.temperature = new float[reader.bucketCount()];
        java.util.Arrays.fill(temperature, 1f);
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

    /** {@link System#nanoTime()} when this process wrote or opened the segment. */
    public long createdNanos() {
        return createdNanos;
    }

    public SegmentReader reader() {
        return reader;
    }

    public Tombstones tombstones() {
        return tombstones;
    }

    /** The file name inside the collection directory. */
    public String name() {
        return reader.file().getFileName().toString();
    }

    /** Marks the file for deletion once the last reference is released. */
    public void retire() {
        retired = true;
    }

    /** Whether the mapping has been closed (for tests). */
    public boolean isClosed() {
        return closed;
    }

    @Override
    protected void onLastRelease() {
        closed = true;
        reader.close();
        if (retired) {
            try {
                Files.deleteIfExists(reader.file());
            } catch (IOException e) {
                // a leftover file is harmless: no manifest names it, the next open removes it
                LOG.log(System.Logger.Level.WARNING, "cannot delete retired segment " + reader.file() + ": " + e);
            }
        }
    }
}
