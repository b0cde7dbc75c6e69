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
    private volatile boolean retired;
    private volatile boolean closed;

    public SegmentRef(SegmentReader reader, Tombstones tombstones) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.tombstones = Objects.requireNonNull(tombstones, "tombstones");
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
