package io.drift.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps work that nothing waits for within a share of one core, across everyone who shares the
 * pacer: after work that took {@code t}, the next may start {@code t·(1/share − 1)} later. One
 * pacer per engine paces the recall re-checks of all its collections, so a node holding many
 * collections (a cluster node holds a collection per shard) spends the same share as a node
 * holding one, not that share per collection: with a pacer per collection, a cluster node's
 * twelve shards took twelve times the share, and background re-checks were most of the CPU a
 * search cost (docs/BENCHMARKS.md, "Cluster").
 */
final class CpuPacer {

    private final double share;
    private final AtomicLong notBefore = new AtomicLong(System.nanoTime());

    CpuPacer(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
        this.share = share;
    }

    /** How long until the next piece of work may start, in milliseconds (0: now). */
    long delayMillis() {
        return Math.max(0, (notBefore.get() - System.nanoTime()) / 1_000_000);
    }

    /** Work ran from {@code start} to {@code end}: the next waits its share of idle time after the later of them. */
    void spent(long start, long end) {
        long pause = (long) ((end - start) * (1 / share - 1));
        notBefore.accumulateAndGet(end + pause, (was, next) -> Math.max(was, System.nanoTime()) + (next - end));
    }
}
