package io.drift.concurrent;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lock-free reference count for things that must outlive their last reader (DESIGN §8).
 *
 * <p>It starts at one, the creator's reference. {@link #tryAcquire()} adds a reference unless the
 * count has already reached zero, which it can never leave: once {@link #release()} drops the last
 * reference, {@link #onLastRelease()} runs exactly once and no new reader can get in. Readers that
 * race with the final release simply fail to acquire and look again for the current object.
 */
public abstract class RefCounted {

    private final AtomicInteger refs = new AtomicInteger(1);

    /** Adds a reference; false when the object is already gone. Never blocks. */
    public final boolean tryAcquire() {
        for (int r = refs.get(); r > 0; r = refs.get()) {
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Drops a reference; the last one frees the object. */
    public final void release() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            onLastRelease();
        } else if (r < 0) {
            throw new IllegalStateException("released more often than acquired");
        }
    }

    /** References held right now (for tests and statistics). */
    public final int refCount() {
        return refs.get();
    }

    /** Frees what the object holds; runs once, on the thread that dropped the last reference. */
    protected abstract void onLastRelease();
}
