package io.drift.concurrent;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frees what the last reader let go of, off the reader's thread (DESIGN §8: no blocking call on the
 * search path). A search that releases the last reference to a retired segment would otherwise
 * unmap it (a {@code munmap} of up to a gigabyte, page-table work) and delete its file on its own
 * thread; here the reference count only reaches zero on the search's thread, and the work is queued
 * for one daemon thread of the process, {@value #THREAD_NAME}.
 *
 * <p>Tasks run in the order they were queued; one that throws is logged and the next one runs.
 */
public final class Reclaimer {

    private static final System.Logger LOG = System.getLogger(Reclaimer.class.getName());
    static final String THREAD_NAME = "drift-reclaimer";
    private static final LinkedBlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();
    /** Held by the thread while it runs a task; {@link #whilePaused} holds it to keep tasks waiting. */
    private static final ReentrantLock RUNNING = new ReentrantLock();
    private static int pending; // guarded by QUEUE's monitor

    static {
        Thread.ofPlatform().daemon().name(THREAD_NAME).start(Reclaimer::loop);
    }

    private Reclaimer() {}

    /** Queues {@code task} for the reclaimer thread; never blocks. */
    public static void reclaim(Runnable task) {
        synchronized (QUEUE) {
            pending++;
        }
        QUEUE.add(task);
    }

    private static void loop() {
        while (true) {
            Runnable task;
            try {
                task = QUEUE.take();
            } catch (InterruptedException e) {
                continue; // a daemon: it ends with the process
            }
            RUNNING.lock();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "reclaiming failed", e);
            } finally {
                RUNNING.unlock();
                synchronized (QUEUE) {
                    pending--;
                    QUEUE.notifyAll();
                }
            }
        }
    }

    /**
     * Waits until every task queued so far has run (at most {@code millis}); returns whether they
     * have. For closing and for tests.
     */
    public static boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (QUEUE) {
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(QUEUE, left);
            }
            return true;
        }
    }

    /** For tests: runs {@code r} while no queued task can start. */
    public static void whilePaused(Runnable r) {
        RUNNING.lock();
        try {
            r.run();
        } finally {
            RUNNING.unlock();
        }
    }
}
