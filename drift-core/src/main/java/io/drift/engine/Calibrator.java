package io.drift.engine;

import io.drift.search.QueryTrace;
import io.drift.search.RecallCheck;
import io.drift.search.RecallModel;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a collection's {@link RecallModel} fitted to its real queries (DESIGN §6): searches offer
 * their queries to a {@link QueryReservoir}; on the maintenance thread each kept query is re-checked
 * exhaustively on the Version current then ({@link RecallCheck}) and the model refitted on the
 * recent traces. The checks of all the engine's collections together take at most
 * {@value #CPU_SHARE} of one core ({@link Background#recheckPacer}). Until a k class has
 * {@value RecallModel#MIN_QUERIES} traces (more for high targets) it uses the model's defaults,
 * which err high.
 *
 * <p>A trace describes the index it was taken on. Once the collection has written (flushed or
 * rewritten) {@value #STALE_SHARE} of its live rows since, the trace is dropped and the model
 * refitted without it: under churn a rule fitted on the index of a while ago stopped searches far
 * too early (measured on the synthetic drift stream: recall 0.73 at target 0.95 two checkpoints
 * later without the rule; 0.936 at target 0.95 for k = 100 with a quarter of the live rows as the
 * budget), and the defaults err high until fresh traces come in.
 */
final class Calibrator implements VersionSet.Listener {

    private static final System.Logger LOG = System.getLogger(Calibrator.class.getName());
    /** The share of one core the re-checks may take. */
    static final double CPU_SHARE = 0.1;
    /** Rows written, as a share of the live rows, after which a trace is stale. */
    static final double STALE_SHARE = 0.1;
    /** Rows written after which a trace is stale, at least. */
    static final long MIN_STALE_ROWS = 1000;

    private final String name;
    private final CollectionSettings settings;
    private final Background background;
    private final QueryReservoir reservoir;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile RecallModel model = RecallModel.uncalibrated();
    /** Rows the collection flushed or rewritten since it was opened. */
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
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

    @Override
    public void applied(VersionEdit edit, Version next) {
        long now = written.addAndGet(edit.rowsWritten());
        long live = next.l1() == null ? 0 : next.l1().liveRows();
        long budget = Math.max(MIN_STALE_ROWS, (long) (STALE_SHARE * live));
        if (reservoir.dropWrittenBefore(now - budget) > 0) {
            try {
                background.maintain(() -> model = reservoir.fit());
            } catch (RejectedExecutionException e) {
                // the engine is closing
            }
        }
    }

    /** Whether re-checks wait or run. */
    boolean running() {
        return scheduled.get();
    }

    /** A search ran for {@code query} (prepared) and {@code k}: keep it for a re-check if there is room. */
    void offer(float[] query, int k) {
        if (reservoir.offer(query, k)) {
            schedule(background.recheckPacer().delayMillis());
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
            background.recheckPacer().spent(start, System.nanoTime());
            scheduled.set(false);
            if (reservoir.hasPending()) {
                schedule(background.recheckPacer().delayMillis());
            }
        }
    }

    private void check(QueryReservoir.Pending p) {
        Version v = versions.pin();
        if (v == null) {
            return; // closed
        }
        try {
            long at = written.get();
            RecallModel m = model;
            RecallCheck.Memtables memtables = Searcher.memtableAnswers(v, p.query(), p.k(),
                    Searcher.memtableBeam(settings, p.k()));
            QueryTrace trace = RecallCheck.check(v.l1(), p.query(), p.k(), m, memtables);
            if (reservoir.add(trace, at)) {
                model = reservoir.fit();
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, "collection " + name + ": recall model refitted, k="
                            + p.k() + ": " + model.describe(p.k()));
                }
            }
        } finally {
            v.release();
        }
    }
}
