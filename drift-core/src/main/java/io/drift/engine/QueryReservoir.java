package io.drift.engine;

import io.drift.search.QueryTrace;
import io.drift.search.RecallModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A collection's recent real queries, kept in memory for calibration (DESIGN §6): a short queue of
 * queries waiting to be re-checked, and per k class the traces of the last {@code capacity}
 * re-checked ones, from which the {@link RecallModel} is fitted. Each trace remembers how many rows
 * the collection had written (flushed or rewritten) when it was taken, so that the traces of an
 * index that has since changed can be dropped. A search offers its query; it is
 * kept only while the queue has room, so a search costs a volatile read when the checker is behind,
 * and a copy of the query otherwise. Thread-safe.
 */
final class QueryReservoir {

    /** Queries waiting for their re-check, at most. */
    static final int PENDING = 8;

    /** A query waiting for its re-check: prepared (unit length under COSINE), and its k. */
    record Pending(float[] query, int k) {}

    private final int capacity;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private volatile int pendingCount;
    /** A trace kept, and the collection's rows written when it was taken. */
    private record Kept(QueryTrace trace, long written) {}

    /** Per k class, the traces kept, oldest first. */
    private final List<ArrayDeque<Kept>> traces = new ArrayList<>();
    private int sinceFit;

    /** @param capacity traces kept per k class; 0 keeps nothing (the model stays uncalibrated) */
    QueryReservoir(int capacity) {
        this.capacity = capacity;
        for (int c = 0; c < 3; c++) {
            traces.add(new ArrayDeque<>());
        }
    }

    /** Keeps a copy of {@code query} for a re-check if the queue has room; returns whether it did. */
    boolean offer(float[] query, int k) {
        if (capacity == 0 || pendingCount >= PENDING) {
            return false;
        }
        synchronized (this) {
            if (pending.size() >= PENDING) {
                return false;
            }
            pending.add(new Pending(query.clone(), k));
            pendingCount = pending.size();
            return true;
        }
    }

    /** The oldest query waiting, or null. */
    synchronized Pending poll() {
        Pending p = pending.poll();
        pendingCount = pending.size();
        return p;
    }

    /** Whether queries wait for their re-check. */
    boolean hasPending() {
        return pendingCount > 0;
    }

    /**
     * Adds a re-checked query's trace, dropping the oldest of its class beyond the capacity; returns
     * whether the model is due for a refit: a twentieth of the traces kept are new since the last
     * one, or the class just reached the traces a fit needs.
     */
    synchronized boolean add(QueryTrace trace, long written) {
        ArrayDeque<Kept> mine = traces.get(RecallModel.classOf(trace.k()));
        mine.add(new Kept(trace, written));
        while (mine.size() > capacity) {
            mine.poll();
        }
        sinceFit++;
        int kept = traces.stream().mapToInt(ArrayDeque::size).sum();
        return mine.size() == RecallModel.MIN_QUERIES || sinceFit >= Math.max(1, kept / 20);
    }

    /** Traces kept. */
    synchronized int size() {
        return traces.stream().mapToInt(ArrayDeque::size).sum();
    }

    /**
     * Drops the traces taken before the collection's rows written reached {@code before}: they
     * describe an index that is no longer there. Returns how many went.
     */
    synchronized int dropWrittenBefore(long before) {
        int dropped = 0;
        for (ArrayDeque<Kept> mine : traces) {
            while (!mine.isEmpty() && mine.peek().written() < before) {
                mine.poll();
                dropped++;
            }
        }
        return dropped;
    }

    /** A model fitted on the traces kept now. */
    RecallModel fit() {
        List<QueryTrace> all = new ArrayList<>();
        synchronized (this) {
            traces.forEach(mine -> mine.forEach(kept -> all.add(kept.trace())));
            sinceFit = 0;
        }
        return RecallModel.fit(all);
    }
}
