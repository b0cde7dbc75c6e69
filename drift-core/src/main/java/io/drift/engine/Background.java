package io.drift.engine;

import io.drift.concurrent.CpuPriority;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An engine's background work, shared by its collections, one thread per kind of work so that
 * none waits in another's queue: flushes (in the order they were queued; writers wait for them when
 * memtables pile up), memtable graph linking (only search latency waits for it), and maintenance.
 * A flush's clustering runs in a pool of {@code cores - 1} threads, so on any machine at least one
 * core stays free for searches and the write path. Maintenance (janitor passes, re-measuring a
 * calibration) runs, parallel steps included, in a pool of threads at niceness
 * {@value #MAINTENANCE_NICE}: it takes what searches, writers and flushes leave
 * (docs/ARCHITECTURE.md, "Background work").
 */
public final class Background {

    private static final System.Logger LOG = System.getLogger(Background.class.getName());
    /** Niceness of the maintenance threads. */
    static final int MAINTENANCE_NICE = 10;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("drift-flush").factory());
    private final ExecutorService linker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("drift-linker").factory());
    private final ScheduledExecutorService maintenance =
            Executors.newSingleThreadScheduledExecutor(CpuPriority.threads("drift-maintenance", MAINTENANCE_NICE));
    private final ForkJoinPool maintenancePool = CpuPriority.pool("drift-maintenance-pool",
            Runtime.getRuntime().availableProcessors(), MAINTENANCE_NICE);
    private final ForkJoinPool buildPool = new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    /** Paces the recall re-checks of every collection of the engine together. */
    private final CpuPacer recheckPacer = new CpuPacer(Calibrator.CPU_SHARE);

    /** The pacer of the recall re-checks: one share of a core for all the engine's collections. */
    CpuPacer recheckPacer() {
        return recheckPacer;
    }

    /** Runs flushes, one at a time, in the order they were queued. */
    ExecutorService flusher() {
        return flusher;
    }

    /** Links memtable rows into their graphs. */
    ExecutorService linker() {
        return linker;
    }

    /**
     * Runs maintenance that may take long and that nothing waits for, beside the flushes rather
     * than in their queue, one task at a time, in the maintenance pool.
     */
    void maintain(Runnable task) {
        maintenance.execute(() -> inMaintenancePool(task));
    }

    /** Runs {@code task} like {@link #maintain}, {@code millis} from now. */
    void maintainAfter(Runnable task, long millis) {
        maintenance.schedule(() -> inMaintenancePool(task), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} like {@link #maintain} every {@code millis} after the previous run ended. */
    ScheduledFuture<?> maintainEvery(Runnable task, long millis) {
        return maintenance.scheduleWithFixedDelay(() -> inMaintenancePool(task), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void inMaintenancePool(Runnable task) {
        try {
            maintenancePool.submit(task).get();
        } catch (InterruptedException | RejectedExecutionException e) {
            Thread.currentThread().interrupt(); // the engine is closing
        } catch (ExecutionException e) {
            // logged here so that a scheduled task keeps its schedule
            LOG.log(System.Logger.Level.WARNING, "background maintenance failed", e);
        }
    }

    /** Runs a build step in the bounded pool (its parallel streams stay there) and waits for it. */
    <T> T build(Callable<T> step) throws IOException {
        try {
            return buildPool.submit(step).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while building a segment");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Stops every thread, waiting up to a minute for each kind of work to end. */
    public void shutdown() throws InterruptedException {
        flusher.shutdownNow();
        linker.shutdownNow();
        maintenance.shutdownNow();
        maintenancePool.shutdownNow();
        buildPool.shutdownNow();
        flusher.awaitTermination(1, TimeUnit.MINUTES);
        linker.awaitTermination(1, TimeUnit.MINUTES);
        maintenance.awaitTermination(1, TimeUnit.MINUTES);
        maintenancePool.awaitTermination(1, TimeUnit.MINUTES);
        buildPool.awaitTermination(1, TimeUnit.MINUTES);
    }
}
