package io.drift.version;

import io.drift.concurrent.RefCounted;
import io.drift.memtable.MemTable;
import io.drift.search.L1Index;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a collection is made of at one moment (DESIGN §1, §8): the active memtable, the frozen
 * memtables waiting to be flushed (oldest first), the live segments (oldest first) and the L1
 * index over them. Immutable: a freeze or an install builds a new Version and swaps it in with one
 * atomic store; the memtables and tombstones inside take writes in place.
 *
 * <p>A search {@link #acquire pins} the current Version without a lock and releases it when done.
 * The Version holds a reference on each of its segments, so no segment is unmapped while a search
 * that might read it is running.
 */
public final class Version extends RefCounted {

    private final MemTable active;
    private final List<MemTable> frozen;
    private final List<SegmentRef> segments;
    private final L1Index l1;

    /**
     * @param l1 the index over {@code segments}, or null when there are none
     * @throws IllegalStateException when a segment is already gone
     */
    public Version(MemTable active, List<MemTable> frozen, List<SegmentRef> segments, L1Index l1) {
        this.active = Objects.requireNonNull(active, "active");
        this.frozen = List.copyOf(frozen);
        this.segments = List.copyOf(segments);
        if ((l1 == null) != segments.isEmpty()) {
            throw new IllegalArgumentException("an L1 index exactly when there are segments");
        }
        this.l1 = l1;
        for (int i = 0; i < this.segments.size(); i++) {
            if (!this.segments.get(i).tryAcquire()) {
                for (int j = 0; j < i; j++) {
                    this.segments.get(j).release();
                }
                throw new IllegalStateException("segment " + this.segments.get(i).name() + " was already released");
            }
        }
    }

    /**
     * Pins the Version {@code current} holds, retrying when it is swapped out and freed between the
     * read and the pin; lock-free. Returns null when {@code current} holds none (closed).
     */
    public static Version acquire(AtomicReference<Version> current) {
        while (true) {
            Version v = current.get();
            if (v == null || v.tryAcquire()) {
                return v;
            }
        }
    }

    public MemTable active() {
        return active;
    }

    /** Frozen memtables, oldest first. */
    public List<MemTable> frozen() {
        return frozen;
    }

    /** Live segments, oldest first, numbered as the L1 index numbers them. */
    public List<SegmentRef> segments() {
        return segments;
    }

    /** The L1 index, or null without segments. */
    public L1Index l1() {
        return l1;
    }

    @Override
    protected void onLastRelease() {
        segments.forEach(SegmentRef::release);
    }
}
