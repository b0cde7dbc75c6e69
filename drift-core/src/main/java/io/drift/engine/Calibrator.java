package io.drift.engine;

import io.drift.search.QueryTrace;
import io.drift.search.RecallCheck;
import io.drift.search.RecallModel;
import io.drift.version.Version;
import io.drift.version.VersionSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a collection's {@link RecallModel} fitted to its real queries (DESIGN §6): searches offer
 * their queries to a {@link QueryReservoir}; on the maintenance thread each kept query is re-checked
 * exhaustively on the Version current then ({@link RecallCheck}) and the model refitted on the
 * recent traces. The checks take at most {@value #CPU_SHARE} of one core: after a check that took
 * {@code t}, the next waits {@code t·(1/share − 1)}. Until a k class has
 * {@value RecallModel#MIN_QUERIES} traces it uses the model's defaults, which err high.
 */
final class Calibrator {

    private static final System.Logger LOG = System.getLogger(Calibrator.class.getName());
    /** The share of one core the re-checks may take. */
    static final double CPU_SHARE = 0.1;

    private final String name;
    private final CollectionSettings settings;
    private final Background background;
    private final QueryReservoir reservoir;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile RecallModel model = RecallModel.uncalibrated();
    /** When the next re-check may start ({@link System#nanoTime}), to keep within the CPU share. */
    private volatile long notBefore = System.nanoTime();
    private VersionSet versions;

    Calibrator(String name, CollectionSettings settings, Background background) {
        this.name = name;
        this.settings = settings;
        this.background = background;
        this.reservoir = new QueryReservoir(settings.calibrationQueries());
    }

    void attach(VersionSet versions) {
        this.versions = versions;
    }

    /** The model searches use now. */
    RecallModel model() {
        return model;
    }

    /** Re-checked queries whose traces the model is fitted on. */
    int recheckedQueries() {
        return reservoir.size();
    }

    /** Whether re-checks wait or run. */
    boolean running() {
        return scheduled.get();
    }

    /** A search ran for {@code query} (prepared) and {@code k}: keep it for a re-check if there is room. */
    void offer(float[] query, int k) {
        if (reservoir.offer(query, k)) {
            schedule(Math.max(0, (notBefore - System.nanoTime()) / 1_000_000));
        }
    }

    private void schedule(long delayMillis) {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            background.maintainAfter(this::checkOne, delayMillis);
        } catch (RejectedExecutionException e) {
            scheduled.set(false); // the engine is closing
        }
    }

    private void checkOne() {
        long start = System.nanoTime();
        try {
            QueryReservoir.Pending p = reservoir.poll();
            if (p != null) {
                check(p);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collection " + name + ": a recall re-check failed", e);
        } finally {
            long end = System.nanoTime();
            long pause = (long) ((end - start) * (1 / CPU_SHARE - 1));
            notBefore = end + pause;
            scheduled.set(false);
            if (reservoir.hasPending()) {
                schedule(pause / 1_000_000);
            }
        }
    }

    private void check(QueryReservoir.Pending p) {
        Version v = versions.pin();
        if (v == null) {
            return; // closed
        }
        try {
            RecallModel m = model;
            RecallCheck.Memtables memtables = Searcher.memtableAnswers(v, p.query(), p.k(),
                    Searcher.memtableBeam(settings, p.k()));
            QueryTrace trace = RecallCheck.check(v.l1(), p.query(), p.k(), m, memtables);
            if (reservoir.add(trace)) {
                model = reservoir.fit();
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "collection " + name + ": recall model refitted, k=" + p.k() + ": "
                            + model.describe(p.k()));
                }
            }
        } finally {
            v.release();
        }
    }
}
