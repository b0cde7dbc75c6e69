package io.drift.engine;

import io.drift.memtable.MemTable;
import io.drift.storage.Manifest;
import io.drift.version.Version;
import io.drift.version.VersionEdit;
import io.drift.version.VersionSet;
import io.drift.wal.SyncPolicy;
import io.drift.wal.WalOp;
import io.drift.wal.WalReplay;
import io.drift.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A collection's write path (DESIGN §4.3, §5): the write-ahead log, the memtables and their
 * rotation. A batch is logged (no fsync), applied in log order under the write lock, then, under
 * SYNC, acknowledged once an fsync covers it (writers arriving together share one). Applying an op
 * first kills the live copy of its id wherever it is (the newest copy decides: the active memtable,
 * the frozen ones newest first, then the segments), so at most one copy is live and the live count
 * is exact. A full active memtable is frozen: a new log file and a new memtable take the writes and
 * a flush is queued; when too many frozen memtables wait for their flush, writers wait.
 */
final class WritePath implements VersionSet.LogState, VersionSet.Listener {

    private final Path walDir;
    private final String name;
    private final int dim;
    private final CollectionSettings settings;
    private final VersionSet versions;
    private final ReentrantLock writeLock;
    private final Condition roomForWrites;
    private final MemTableFactory memtables;
    private final Runnable scheduleFlush;
    private final AtomicLong live = new AtomicLong();

    // guarded by the write lock
    private WalWriter wal;
    private long nextLogNumber;
    private final Map<MemTable, Logged> logged = new IdentityHashMap<>();
    private volatile long lastSeq;

    /** Makes the memtables of a collection. */
    @FunctionalInterface
    interface MemTableFactory {
        MemTable create();
    }

    /**
     * Turns a request into log records under the write lock: adds them to a view of the current
     * Version that sees the records added so far. Throws, before anything is logged, to refuse the
     * whole request.
     */
    @FunctionalInterface
    interface Batch {
        void prepare(BatchView view) throws IOException;
    }

    /** The log files of a memtable and the last sequence number it holds. */
    private static final class Logged {
        final List<String> logs = new ArrayList<>();
        long lastSeq;
    }

    /** The logs of flushed memtables, and the last sequence number they hold. */
    record FlushedLogs(List<String> logs, long lastSeq) {}

    WritePath(Path dir, String name, int dim, CollectionSettings settings, VersionSet versions,
              MemTableFactory memtables, Runnable scheduleFlush) {
        this.walDir = dir.resolve(Manifest.WAL_DIR);
        this.dim = dim;
        this.name = name;
        this.settings = settings;
        this.versions = versions;
        this.writeLock = versions.writeLock();
        this.roomForWrites = writeLock.newCondition();
        this.memtables = memtables;
        this.scheduleFlush = scheduleFlush;
    }

    static String logName(long number) {
        return String.format("%06d.log", number);
    }

    static long logNumber(String log) {
        return Long.parseLong(log.substring(0, log.indexOf('.')));
    }

    /** Creates the first, empty log of a new collection. */
    static void createFirstLog(Path dir) throws IOException {
        WalWriter.create(dir.resolve(Manifest.WAL_DIR).resolve(logName(1)), 1, SyncPolicy.SYNC).close();
    }

    /**
     * After recovery replayed {@code logs} into {@code active}: appends go on at the end of the newest
     * log, after the last record replay found; or, when that log is of an older format than this
     * build writes, in a new log of the same memtable (a file never mixes formats).
     */
    void recovered(MemTable active, List<String> logs, WalReplay.Result replay) throws IOException {
        String newest = logs.getLast();
        long lastSeq = replay.lastSeq();
        List<String> all = new ArrayList<>(logs);
        nextLogNumber = logNumber(newest) + 1;
        if (replay.appendable()) {
            wal = WalWriter.reopen(walDir.resolve(newest), replay.lastFileBytes(), lastSeq + 1, settings.durability());
        } else {
            String fresh = logName(nextLogNumber++);
            wal = WalWriter.create(walDir.resolve(fresh), lastSeq + 1, settings.durability());
            all.add(fresh);
        }
        this.lastSeq = lastSeq;
        Logged l = new Logged();
        l.logs.addAll(all);
        l.lastSeq = lastSeq;
        logged.put(active, l);
        writeLock.lock();
        try {
            if (isFull(active)) {
                freeze();
            }
            active.scheduleLinking();
        } finally {
            writeLock.unlock();
        }
    }

    /** Ids with a current vector. */
    long liveCount() {
        return live.get();
    }

    /** Sets the live count (recovery, from the segments, before replay). */
    void setLiveCount(long n) {
        live.set(n);
    }

    /** The last sequence number logged. */
    long lastSeq() {
        return lastSeq;
    }

    /**
     * Logs {@code ops}, applies them in log order under the write lock, then waits for the log (SYNC).
     * Returns how many ops found a live copy of their id.
     */
    int write(List<WalOp> ops) throws IOException {
        return write(view -> ops.forEach(view::add));
    }

    /**
     * Prepares {@code batch} and logs its records, applies them in log order under the write lock,
     * then waits for the log (SYNC). Returns how many records found a live copy of their id.
     */
    int write(Batch batch) throws IOException {
        WalWriter log;
        long seq;
        int hits = 0;
        writeLock.lock();
        try {
            checkWritable();
            makeRoom();
            Version v = versions.current();
            BatchView view = new BatchView(v, dim);
            batch.prepare(view);
            List<WalOp> ops = view.ops();
            if (ops.isEmpty()) {
                return 0;
            }
            log = wal;
            seq = log.write(ops);
            try {
                for (WalOp op : ops) {
                    hits += apply(v, op);
                }
            } catch (IOException | RuntimeException e) {
                // logged but only partly applied: memory no longer matches the log; reopen replays it
                versions.fail(e);
                throw e;
            }
            lastSeq = seq;
            logged.get(v.active()).lastSeq = seq;
            if (isFull(v.active()) && v.frozen().size() < settings.maxFrozenMemtables()) {
                freeze();
            } else {
                v.active().scheduleLinking();
            }
        } finally {
            writeLock.unlock();
        }
        if (settings.durability().mode() == SyncPolicy.Mode.SYNC) {
            try {
                log.awaitDurable(seq);
            } catch (IOException e) {
                versions.fail(e);
                throw e;
            }
        }
        return hits;
    }

    /**
     * Applies one logged op to {@code v}: the live copy of its id, wherever it is, is deleted; an
     * upsert then appends the new row to the active memtable. Returns 1 when a live copy existed.
     * Caller holds the write lock (or is recovering, alone).
     */
    int apply(Version v, WalOp op) throws IOException {
        LiveRow newest = LiveRow.newest(v, op.id());
        boolean existed = newest != null && newest.kill();
        if (op.type() == WalOp.Type.UPSERT) {
            v.active().append(op.id(), op.vector(), 0, op.doc());
            if (!existed) {
                live.incrementAndGet();
            }
        } else if (existed) {
            live.decrementAndGet();
        }
        return existed ? 1 : 0;
    }

    /**
     * Whether a memtable should be frozen: it holds {@code memtableBytes} of vectors and documents, or more than
     * {@code maxUnlinkedBytes} of them wait for the graph (writes outrun linking; every search would
     * scan them row by row, so flushing them is cheaper).
     */
    private boolean isFull(MemTable m) {
        return m.vectorBytes() + m.documentBytes() >= settings.memtableBytes() || m.unlinkedBytes() >= settings.maxUnlinkedBytes();
    }

    /** Waits while the active memtable is full and too many frozen ones wait for their flush. */
    private void makeRoom() throws IOException {
        while (true) {
            Version v = versions.current();
            if (!isFull(v.active())) {
                return;
            }
            if (v.frozen().size() < settings.maxFrozenMemtables()) {
                freeze();
                return;
            }
            roomForWrites.awaitUninterruptibly();
            checkWritable();
        }
    }

    /** Throws unless writes are accepted: the collection is open and has not failed. */
    void checkWritable() throws IOException {
        if (versions.isClosed()) {
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        Throwable f = versions.failure();
        if (f != null) {
            throw new IOException("collection '" + name + "' failed earlier and accepts no writes until reopened: " + f,
                    f);
        }
    }

    /**
     * Freezes the active memtable (unless empty): a new log and a new memtable take the writes, the
     * Version is swapped, and a flush is scheduled. Caller holds the write lock.
     */
    void freeze() throws IOException {
        Version v = versions.current();
        if (v.active().size() == 0) {
            return;
        }
        String logFile = logName(nextLogNumber);
        WalWriter fresh;
        try {
            fresh = WalWriter.create(walDir.resolve(logFile), wal.nextSeq(), settings.durability());
            wal.close(); // syncs: everything the frozen memtable holds is durable
        } catch (IOException e) {
            versions.fail(e);
            throw e;
        }
        nextLogNumber++;
        wal = fresh;
        v.active().freeze();
        MemTable m = memtables.create();
        m.setLinkingPaused(true); // until the flushes catch up
        Logged l = new Logged();
        l.logs.add(logFile);
        l.lastSeq = fresh.nextSeq() - 1;
        logged.put(m, l);
        versions.logAndApply(VersionEdit.freeze(m));
        scheduleFlush.run();
    }

    /** Freezes the active memtable now (unless empty), for an explicit flush. */
    void freezeNow() throws IOException {
        writeLock.lock();
        try {
            checkWritable();
            freeze();
        } finally {
            writeLock.unlock();
        }
    }

    /** The logs of frozen memtables about to be flushed (fixed once frozen), and their last record. */
    FlushedLogs logsOf(List<MemTable> tables) {
        writeLock.lock();
        try {
            List<String> logs = new ArrayList<>();
            long last = 0;
            for (MemTable t : tables) {
                Logged l = logged.get(t);
                logs.addAll(l.logs);
                last = l.lastSeq;
            }
            return new FlushedLogs(logs, last);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The log at one moment, for a checkpoint: the files replay needs, oldest first (the last one is
     * the active log, the others are complete and never appended to again), the active log's length,
     * the last record logged, and a sync point that makes every record up to it durable.
     */
    record LogCut(List<String> logs, long activeBytes, long lastSeq, VersionSet.SyncPoint synced) {}

    /**
     * Cuts the log under the write lock (held for a few field reads): every write acknowledged
     * before this call is in the logs up to the cut, and each log ends, at its cut, after a whole record.
     */
    LogCut cut() throws IOException {
        writeLock.lock();
        try {
            checkWritable();
            WalWriter w = wal;
            long last = w.nextSeq() - 1;
            List<String> logs = liveLogs(versions.current());
            if (!logs.getLast().equals(w.file().getFileName().toString())) {
                throw new IllegalStateException("the active log " + w.file() + " is not the newest of " + logs);
            }
            return new LogCut(logs, w.sizeInBytes(), last, () -> w.awaitDurable(last));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<String> liveLogs(Version v) {
        List<String> out = new ArrayList<>();
        for (MemTable m : v.frozen()) {
            out.addAll(logged.get(m).logs);
        }
        out.addAll(logged.get(v.active()).logs);
        return out;
    }

    @Override
    public VersionSet.SyncPoint syncPoint() {
        WalWriter w = wal;
        long last = w.nextSeq() - 1;
        return () -> w.awaitDurable(last);
    }

    @Override
    public void installed(Version next) {
        logged.keySet().retainAll(memtablesOf(next));
        if (next.frozen().isEmpty()) {
            next.active().setLinkingPaused(false); // the flushes caught up with the writes
        }
        roomForWrites.signalAll();
    }

    private static List<MemTable> memtablesOf(Version v) {
        List<MemTable> all = new ArrayList<>(v.frozen());
        all.add(v.active());
        return all;
    }

    @Override
    public void stopped() {
        writeLock.lock();
        try {
            roomForWrites.signalAll();
        } finally {
            writeLock.unlock();
        }
    }

    /** Syncs and closes the log (unless it failed before). */
    void close() throws IOException {
        writeLock.lock();
        try {
            if (wal != null) {
                wal.close();
            }
        } finally {
            writeLock.unlock();
        }
    }
}
