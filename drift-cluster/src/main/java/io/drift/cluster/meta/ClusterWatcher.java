package io.drift.cluster.meta;

import io.etcd.jetcd.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Keeps the newest {@link ClusterView}: reads every key under {@link Keys#ROOT}, then watches them
 * from the next revision. When the watch fails (etcd restarted, the revision was compacted) it
 * reads everything again after a pause and watches anew; meanwhile calls are routed by the last
 * view, so a node keeps serving while etcd is away.
 */
public final class ClusterWatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ClusterWatcher.class.getName());
    private static final Duration RETRY = Duration.ofMillis(500);

    private final EtcdStore store;
    private final ScheduledExecutorService timer;
    private final Consumer<ClusterView> onChange;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile ClusterView view = ClusterView.EMPTY;
    /** When etcd was last read whole ({@link System#nanoTime}). */
    private volatile long lastRead = System.nanoTime() - Long.MAX_VALUE / 2;
    private Watch.Watcher watcher; // guarded by lock
    private long watchGeneration; // guarded by lock: which watch is current (a closed one reports an error too)
    private boolean closed; // guarded by lock

    /** @param onChange told of every new view (on a watch thread: keep it short) */
    public ClusterWatcher(EtcdStore store, ScheduledExecutorService timer, Consumer<ClusterView> onChange) {
        this.store = store;
        this.timer = timer;
        this.onChange = onChange;
    }

    /** Reads the metadata and starts watching; fails if etcd cannot be read now. */
    public void start() throws IOException {
        resync();
    }

    /** The newest view. */
    public ClusterView view() {
        return view;
    }

    /** Reads everything again now (after a write of this node's, to see it at once); the watch goes on. */
    public void refresh() throws IOException {
        lastRead = System.nanoTime();
        EtcdStore.Range range = store.range(Keys.ROOT);
        lock.lock();
        try {
            if (!closed) {
                publish(ClusterView.of(range));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads everything again unless that was done less than {@code interval} ago: for a call that
     * names something the view lacks, which another node may have just created (its watch event may
     * not have arrived yet), without letting a stream of such calls read etcd for each.
     */
    public void refreshUnlessWithin(Duration interval) throws IOException {
        long now = System.nanoTime();
        if (now - lastRead >= interval.toNanos()) {
            refresh();
        }
    }

    /**
     * Waits until the view is newer than {@code revision}, at most {@code timeout}; the newest view
     * either way.
     */
    public ClusterView awaitNewer(long revision, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (view.revision() <= revision && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return view;
        } finally {
            lock.unlock();
        }
    }

    private void resync() throws IOException {
        lastRead = System.nanoTime();
        EtcdStore.Range range = store.range(Keys.ROOT);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (watcher != null) {
                watcher.close();
            }
            publish(ClusterView.of(range));
            long generation = ++watchGeneration;
            watcher = store.watch(Keys.ROOT, range.revision() + 1, this::apply, t -> failed(generation, t));
        } finally {
            lock.unlock();
        }
    }

    private void apply(java.util.List<EtcdStore.Change> changes) {
        lock.lock();
        try {
            if (!closed) {
                publish(view.with(changes));
            }
        } finally {
            lock.unlock();
        }
    }

    private void publish(ClusterView next) { // under the lock
        if (next.revision() < view.revision()) {
            return; // an older read than the watch has delivered
        }
        view = next;
        changed.signalAll();
        try {
            onChange.accept(next);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a listener of the cluster view failed", e);
        }
    }

    private void failed(long generation, Throwable t) {
        lock.lock();
        try {
            if (generation != watchGeneration || closed) {
                return; // a watch this watcher closed itself
            }
        } finally {
            lock.unlock();
        }
        LOG.log(System.Logger.Level.WARNING, "watch of etcd ended ({0}); reading the cluster metadata again",
                t.getMessage());
        scheduleResync();
    }

    private void scheduleResync() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
        } finally {
            lock.unlock();
        }
        timer.schedule(() -> {
            try {
                resync();
            } catch (IOException | RuntimeException e) {
                scheduleResync();
            }
        }, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (watcher != null) {
                watcher.close();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
