package io.drift.engine;

import io.drift.maintain.BulkBuilder;
import io.drift.maintain.KMeans;
import io.drift.memtable.MemTable;
import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns frozen memtables into segments (DESIGN §5), in the background, one flush at a time per
 * engine: the live rows of <em>every</em> frozen memtable waiting (one build for several costs less
 * than one each and leaves fewer segments) are clustered into buckets and written as one new
 * partition, and a {@link VersionEdit#flush} installs it. Rows deleted or replaced while the build
 * ran are deleted in the new segments when the edit is applied.
 */
final class Flusher {

    private static final System.Logger LOG = System.getLogger(Flusher.class.getName());

    private final String name;
    private final int dim;
    private final Distance metric;
    private final CollectionSettings settings;
    private final VersionSet versions;
    private final Background background;
    private WritePath writes;
    private final AtomicLong flushes = new AtomicLong();

    Flusher(String name, int dim, Distance metric, CollectionSettings settings, VersionSet versions,
            Background background) {
        this.name = name;
        this.dim = dim;
        this.metric = metric;
        this.settings = settings;
        this.versions = versions;
        this.background = background;
    }

    void attach(WritePath writes) {
        this.writes = writes;
    }

    /** Memtables flushed since the collection was opened. */
    long flushes() {
        return flushes.get();
    }

    /** Queues a flush of whatever is frozen when it runs. */
    void schedule() {
        background.flusher().execute(this::flushFrozen);
    }

    /** Waits until every flush queued before this call has finished. */
    void awaitQueued() throws IOException {
        // the flusher runs its tasks in order: when this one runs, the flushes before it are done
        FutureTask<Void> marker = new FutureTask<>(() -> null);
        background.flusher().execute(marker);
        try {
            marker.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the flush", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /** Background: flushes the frozen memtables into a segment and installs it. */
    private void flushFrozen() {
        if (!versions.healthy()) {
            return;
        }
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            versions.fail(e);
        }
    }

    private void flush() throws IOException {
        Version v = versions.pin(); // only this thread removes frozen tables, so they stay the oldest
        if (v == null) {
            return;
        }
        List<MemTable> tables;
        try {
            tables = v.frozen();
        } finally {
            v.release();
        }
        if (tables.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        VersionEdit.FlushedRows rows = liveRows(tables); // rows deleted from here on are carried over at install
        int n = rows.count();
        List<SegmentRef> added = new ArrayList<>();
        try {
            if (n > 0) {
                float[] data = vectors(tables, rows);
                byte[][] docs = documents(tables, rows);
                // a build writes at most one segment per bucket
                int first = versions.reserveSegmentNumbers(BulkBuilder.bucketsFor(n, settings.targetBucketSize()));
                Path dir = versions.directory();
                BulkBuilder.Result result = background.build(() -> BulkBuilder.build(data, rows.ids(), docs, n, dim, metric,
                        settings.targetBucketSize(), dir, first, settings.maxSegmentBytes(),
                        KMeans.Params.incremental(settings.seed())));
                // a flush's segments are a partition of their own, numbered after its first segment
                for (Path p : result.segments()) {
                    added.add(SegmentRef.openNew(p, first));
                }
            }
        } catch (IOException | RuntimeException e) {
            VersionEdit.flush(rows, added, 0, List.of()).discard();
            throw e;
        }
        long built = System.nanoTime();
        WritePath.FlushedLogs logs = writes.logsOf(tables);
        if (!versions.logAndApply(VersionEdit.flush(rows, added, logs.lastSeq(), logs.logs()))) {
            return; // closed meanwhile
        }
        flushes.incrementAndGet();
        long done = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "collection {0}: flushed {1} rows of {2} memtable(s) into {3} segment(s) in {4} ms"
                + " (build {5}, install and manifest {6})", name, n, tables.size(), added.size(),
                (done - started) / 1_000_000, (built - started) / 1_000_000, (done - built) / 1_000_000);
    }

    /** The rows of {@code tables} live now, in table and row order. */
    private static VersionEdit.FlushedRows liveRows(List<MemTable> tables) {
        int total = 0;
        for (MemTable t : tables) {
            total += t.liveRows();
        }
        int[] rows = new int[total];
        int[] tableOf = new int[total];
        long[] ids = new long[total];
        int n = 0;
        for (int t = 0; t < tables.size(); t++) {
            MemTable m = tables.get(t);
            for (int r = 0, size = m.size(); r < size && n < total; r++) {
                if (!m.isDead(r)) {
                    rows[n] = r;
                    tableOf[n] = t;
                    ids[n++] = m.id(r);
                }
            }
        }
        return new VersionEdit.FlushedRows(List.copyOf(tables), n, tableOf, rows, ids);
    }

    /** The documents of {@code rows}, or null when none has one. */
    private static byte[][] documents(List<MemTable> tables, VersionEdit.FlushedRows rows) {
        byte[][] docs = null;
        for (int i = 0; i < rows.count(); i++) {
            byte[] doc = tables.get(rows.table()[i]).document(rows.row()[i]);
            if (doc != null) {
                if (docs == null) {
                    docs = new byte[rows.count()][];
                }
                docs[i] = doc;
            }
        }
        return docs;
    }

    /** The vectors of {@code rows}, one after the other. */
    private float[] vectors(List<MemTable> tables, VersionEdit.FlushedRows rows) {
        float[] data = new float[rows.count() * dim];
        float[] row = new float[dim];
        for (int i = 0; i < rows.count(); i++) {
            tables.get(rows.table()[i]).vector(rows.row()[i], row);
            System.arraycopy(row, 0, data, i * dim, dim);
        }
        return data;
    }
}
