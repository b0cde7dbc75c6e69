package io.drift;

import io.drift.concurrent.SegmentRef;
import io.drift.concurrent.Version;
import io.drift.maintain.BulkBuilder;
import io.drift.maintain.KMeans;
import io.drift.memtable.MemTable;
import io.drift.search.Calibration;
import io.drift.search.L1Index;
import io.drift.search.SearchConfig;
import io.drift.search.TopK;
import io.drift.storage.CorruptIndexException;
import io.drift.storage.Manifest;
import io.drift.storage.ManifestStore;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import io.drift.vector.VectorKernels;
import io.drift.wal.WalOp;
import io.drift.wal.WalRecord;
import io.drift.wal.WalReplay;
import io.drift.wal.WalWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A named set of vectors of one dimension and metric, with the semantics of DESIGN §3: an
 * acknowledged write is durable (per the collection's {@link Durability}) and visible to every
 * search that starts afterwards; an id has at most one live copy; a search never returns a
 * deleted id or an id twice and returns {@code min(k, live rows)} results; bad input is refused
 * with an exception naming the problem and changes nothing.
 *
 * <p>Obtained from a {@link DriftEngine}; thread-safe. Searches and {@link #get} take no lock:
 * they pin the current Version (memtables, segments, L1 index) and release it when done. Writes
 * are logged, then applied under the collection's write lock, then acknowledged once the log is
 * synced (writers arriving together share one fsync). A full memtable is frozen (a new one and a
 * new log take the writes) and flushed to a segment in the background; the new segment and a new
 * manifest are installed without stopping searches.
 */
public final class Collection {

    private static final System.Logger LOG = System.getLogger(Collection.class.getName());
    static final String WAL_DIR = "wal";
    /** k of the calibration a flush runs for recall targets. */
    private static final int CALIBRATION_K = 10;

    private final String name;
    private final Path dir;
    private final int dim;
    private final Metric metric;
    private final CollectionConfig config;
    private final SearchConfig searchConfig;
    private final DriftEngine.Background background;

    private final AtomicReference<Version> current = new AtomicReference<>();
    /** Serialises writes, freezes and installs; never held by searches. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition roomForWrites = writeLock.newCondition();
    /** Serialises flushes, manifest writes and close: one structural change at a time. */
    private final ReentrantLock structureLock = new ReentrantLock();
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private final Janitor janitor;
    private volatile java.util.concurrent.ScheduledFuture<?> janitorTask;

    // guarded by writeLock
    private WalWriter wal;
    private long nextLogNumber;
    private final Map<MemTable, Logged> logged = new IdentityHashMap<>();
    private volatile long lastSeq;
    private volatile boolean closed;
    private volatile Throwable failure;

    // guarded by structureLock
    private volatile long generation;
    private long flushedSeq;
    /** Segment numbers are reserved before files are written (flushes and maintenance both write). */
    private final java.util.concurrent.atomic.AtomicInteger nextSegment = new java.util.concurrent.atomic.AtomicInteger();
    /** Rows of the index the calibration in use was measured on. */
    private long calibratedRows;
    /** Rows flushed or rewritten by maintenance since the calibration in use was scheduled. */
    private long changedSinceCalibration;
    private final java.util.concurrent.atomic.AtomicBoolean recalibrating = new java.util.concurrent.atomic.AtomicBoolean();
    /** The collection's own reference on each segment of the manifest in force. */
    private List<SegmentRef> segments = List.of();
    private final Map<String, String> deletionFiles = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Long> persistedKills = new HashMap<>();

    /** The log files of a memtable and the last sequence number it holds. */
    private static final class Logged {
        final List<String> logs = new ArrayList<>();
        long lastSeq;
    }

    private Collection(String name, Path dir, int dim, Metric metric, CollectionConfig config,
                       DriftEngine.Background background) {
        this.name = name;
        this.dir = dir;
        this.dim = dim;
        this.metric = metric;
        this.config = config;
        this.searchConfig = config.searchConfig();
        this.background = background;
        this.janitor = new Janitor(this, config, dim, metric);
    }

    // ---------------------------------------------------------------- creation and recovery

    /** Writes the first manifest and an empty log of a new collection into the empty {@code dir}. */
    static void initialise(Path dir, int dim, Metric metric, CollectionConfig config) throws IOException {
        Files.createDirectories(dir.resolve(WAL_DIR));
        WalWriter.create(dir.resolve(WAL_DIR).resolve(logName(1)), 1, Durability.SYNC).close();
        new Manifest(1, 0, manifestConfig(dim, metric, config), List.of(), List.of(logName(1))).writeTo(dir);
    }

    /** What a manifest records of the collection: its dimension, metric and config. */
    private static Map<String, String> manifestConfig(int dim, Metric metric, CollectionConfig config) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("dim", Integer.toString(dim));
        m.put("metric", metric.name());
        m.putAll(config.toMap());
        return m;
    }

    /**
     * Opens the collection in {@code dir}: the newest whole manifest, its segments and deletion
     * files, then the log records above its flushed sequence number replayed into a memtable.
     * Files no manifest names are removed first.
     */
    static Collection open(String name, Path dir, DriftEngine.Background background) throws IOException {
        Manifest manifest = ManifestStore.latest(dir).orElseThrow(() ->
                new CorruptIndexException(dir, "manifest", "no readable manifest in the collection directory"));
        ManifestStore.removeUnreferenced(dir, manifest);
        Map<String, String> m = manifest.config();
        int dim = Integer.parseInt(required(m, "dim", dir));
        Metric metric = Metric.valueOf(required(m, "metric", dir));
        CollectionConfig config = CollectionConfig.fromMap(m);
        Collection c = new Collection(name, dir, dim, metric, config, background);
        try {
            c.recover(manifest);
        } catch (IOException | RuntimeException e) {
            c.releaseAll();
            throw e;
        }
        c.startJanitor();
        return c;
    }

    private static String required(Map<String, String> m, String key, Path dir) throws CorruptIndexException {
        String v = m.get(key);
        if (v == null) {
            throw new CorruptIndexException(dir, "manifest", "has no '" + key + "' setting");
        }
        return v;
    }

    private void recover(Manifest manifest) throws IOException {
        generation = manifest.generation();
        flushedSeq = manifest.flushedSeq();
        List<SegmentRef> refs = new ArrayList<>();
        segments = refs; // released by the caller if recovery fails
        for (Manifest.Segment s : manifest.segments()) {
            SegmentReader reader = SegmentReader.open(dir.resolve(s.file()));
            try {
                Tombstones t = s.deletions() == null ? Tombstones.none(reader)
                        : Tombstones.read(dir.resolve(s.deletions()), reader);
                refs.add(new SegmentRef(reader, t, s.partition() == Manifest.Segment.OWN_PARTITION
                        ? segmentNumber(s.file()) : s.partition()));
            } catch (IOException | RuntimeException e) {
                reader.close();
                throw e;
            }
            if (s.deletions() != null) {
                deletionFiles.put(s.file(), s.deletions());
            }
            persistedKills.put(s.file(), 0L);
            nextSegment.accumulateAndGet(segmentNumber(s.file()) + 1, Math::max);
        }
        segments = List.copyOf(refs);
        L1Index l1 = refs.isEmpty() ? null : openIndex(refs, null);
        MemTable active = newMemTable();
        Version v = new Version(active, List.of(), refs, l1);
        current.set(v);
        live.set((l1 == null ? 0 : l1.liveRows()));

        // replay every log from the oldest the manifest names: logs started after it are not named
        Path walDir = dir.resolve(WAL_DIR);
        String oldest = manifest.walFiles().stream().min(String::compareTo).orElseThrow(() ->
                new CorruptIndexException(dir, "manifest", "names no log file"));
        List<String> logs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(walDir, "*.log")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (n.length() == oldest.length() && n.compareTo(oldest) >= 0) {
                    logs.add(n);
                }
            }
        }
        logs.sort(String::compareTo);
        for (String named : manifest.walFiles()) {
            if (!logs.contains(named)) {
                throw new CorruptIndexException(walDir.resolve(named), "write-ahead log", "is named by "
                        + Manifest.fileName(generation) + " but missing");
            }
        }
        WalReplay.Result replay;
        try {
            replay = WalReplay.replay(walDir, logs, flushedSeq, r -> {
                try {
                    if (r.op().type() == WalOp.Type.UPSERT && r.op().vector().length != dim) {
                        throw new CorruptIndexException(walDir, "write-ahead log", "record " + r.seq() + " holds a vector"
                                + " of dimension " + r.op().vector().length + ", the collection's is " + dim);
                    }
                    apply(v, r.op());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String newest = logs.getLast();
        wal = WalWriter.reopen(walDir.resolve(newest), replay.lastFileBytes(), replay.lastSeq() + 1,
                config.durability());
        lastSeq = replay.lastSeq();
        nextLogNumber = logNumber(newest) + 1;
        Logged l = new Logged();
        l.logs.addAll(logs);
        l.lastSeq = replay.lastSeq();
        logged.put(active, l);
        if (replay.replayed() > 0) {
            LOG.log(System.Logger.Level.INFO, "collection {0}: replayed {1} log records from {2}", name,
                    replay.replayed(), logs);
        }
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

    private MemTable newMemTable() {
        return new MemTable(dim, metric, config.hnswM(), config.hnswEfConstruction(), config.seed(),
                background.linker());
    }

    /**
     * An L1 index over {@code refs}, calibrated for recall targets: the previous index's
     * calibration is kept when there is one (it follows the data's distribution, which a flush
     * barely moves), otherwise one is measured now. Measuring costs an exhaustive search per
     * calibration query, so a grown index is re-measured off the flush path ({@link #recalibrateLater}).
     */
    private L1Index openIndex(List<SegmentRef> refs, L1Index previous) throws IOException {
        L1Index l1 = L1Index.over(refs.stream().map(SegmentRef::reader).toList(),
                refs.stream().map(SegmentRef::tombstones).toList(),
                refs.stream().mapToLong(SegmentRef::partition).toArray(),
                refs.stream().map(SegmentRef::temperature).toArray(float[][]::new), searchConfig);
        if (previous != null && previous.calibration() != null) {
            l1.calibration(previous.calibration());
        } else if (config.calibrationQueries() > 0 && l1.rows() > CALIBRATION_K) {
            l1.calibrate((int) Math.min(config.calibrationQueries(), l1.rows()), CALIBRATION_K, config.seed());
            calibratedRows = l1.rows();
        }
        return l1;
    }

    /**
     * Once as many rows as the calibration was measured on have been flushed or rewritten since
     * (the index doubled, or churned through itself), measures it again on the engine's
     * maintenance thread: searches use the old one until the new one is installed in the index
     * then current. Waits for a flush that leaves no frozen memtable behind: while writes outrun
     * the flushes, the core is theirs. Structure lock held.
     */
    private void recalibrateLater(L1Index l1, long changedRows) {
        changedSinceCalibration += changedRows;
        if (l1 == null || l1.calibration() == null || changedSinceCalibration < calibratedRows
                || !current.get().frozen().isEmpty() || !recalibrating.compareAndSet(false, true)) {
            return;
        }
        changedSinceCalibration = 0;
        try {
            background.maintain(this::recalibrate);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            recalibrating.set(false); // the engine is closing
        }
    }

    private void recalibrate() {
        try {
            Version v = Version.acquire(current);
            if (v == null) {
                return; // closed
            }
            try {
                L1Index measured = v.l1();
                Calibration c = measured.measureCalibration(
                        (int) Math.min(config.calibrationQueries(), measured.rows()), CALIBRATION_K, config.seed());
                structureLock.lock();
                try {
                    Version now = current.get();
                    if (now != null && now.l1() != null) {
                        now.l1().calibration(c); // later flushes copy it from there
                    }
                    calibratedRows = measured.rows();
                } finally {
                    structureLock.unlock();
                }
            } finally {
                v.release();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "collection " + name + ": recalibration failed; the previous one stays", e);
        } finally {
            recalibrating.set(false);
        }
    }

    static String logName(long number) {
        return String.format("%06d.log", number);
    }

    private static long logNumber(String log) {
        return Long.parseLong(log.substring(0, log.indexOf('.')));
    }

    private static int segmentNumber(String file) {
        try {
            return Integer.parseInt(file.substring(0, file.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- properties

    public String name() {
        return name;
    }

    public int dim() {
        return dim;
    }

    public Metric metric() {
        return metric;
    }

    public CollectionConfig config() {
        return config;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Inserts or replaces one vector. Returns once the write is durable and visible.
     *
     * @throws IllegalArgumentException for a vector of the wrong dimension, with a NaN or infinite
     *     component, or all zeros under COSINE
     * @throws IOException when the log cannot be written (the collection then refuses writes)
     */
    public void upsert(long id, float[] vector) throws IOException {
        upsert(List.of(new Point(id, vector)));
    }

    /**
     * Inserts or replaces a batch of vectors, in order (a later point for the same id wins).
     * Nothing is written unless every point is valid.
     *
     * @throws LimitExceededException for more than {@link CollectionConfig#maxBatch()} points
     */
    public void upsert(List<Point> points) throws IOException {
        Objects.requireNonNull(points, "points");
        checkBatch(points.size());
        List<WalOp> ops = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = Objects.requireNonNull(points.get(i), "point " + i);
            ops.add(WalOp.upsert(p.id(), prepare(p.vector(), "vector of point " + i + " (id " + p.idString() + ")")));
        }
        write(ops);
    }

    /** Deletes one id; returns whether it had a live vector. */
    public boolean delete(long id) throws IOException {
        return write(List.of(WalOp.delete(id))) > 0;
    }

    /** Deletes a batch of ids; returns how many of them had a live vector. */
    public int delete(long[] ids) throws IOException {
        Objects.requireNonNull(ids, "ids");
        checkBatch(ids.length);
        List<WalOp> ops = new ArrayList<>(ids.length);
        for (long id : ids) {
            ops.add(WalOp.delete(id));
        }
        return write(ops);
    }

    private void checkBatch(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("an empty batch");
        }
        if (n > config.maxBatch()) {
            throw new LimitExceededException("a batch of " + n + " exceeds the limit of " + config.maxBatch()
                    + " for collection '" + name + "'");
        }
    }

    /**
     * Logs {@code ops}, applies them in log order under the write lock, then waits for the log
     * (SYNC). Returns how many ops found a live copy of their id.
     */
    private int write(List<WalOp> ops) throws IOException {
        WalWriter log;
        long seq;
        int hits = 0;
        writeLock.lock();
        try {
            checkWritable();
            makeRoom();
            log = wal;
            seq = log.write(ops);
            Version v = current.get();
            try {
                for (WalOp op : ops) {
                    hits += apply(v, op);
                }
            } catch (IOException | RuntimeException e) {
                // logged but only partly applied: memory no longer matches the log; reopen replays it
                fail(e);
                throw e;
            }
            lastSeq = seq;
            logged.get(v.active()).lastSeq = seq;
            if (isFull(v.active()) && v.frozen().size() < config.maxFrozenMemtables()) {
                freeze();
            } else {
                v.active().scheduleLinking();
            }
        } finally {
            writeLock.unlock();
        }
        if (config.durability().mode() == Durability.Mode.SYNC) {
            try {
                log.awaitDurable(seq);
            } catch (IOException e) {
                fail(e);
                throw e;
            }
        }
        return hits;
    }

    /**
     * Applies one logged op to {@code v}: the live copy of its id, wherever it is, is deleted;
     * an upsert then appends the new row to the active memtable. Returns 1 when a live copy
     * existed. Caller holds the write lock (or is recovering, alone).
     */
    private int apply(Version v, WalOp op) throws IOException {
        boolean existed = killLiveCopy(v, op.id());
        if (op.type() == WalOp.Type.UPSERT) {
            v.active().append(op.id(), op.vector(), 0);
            if (!existed) {
                live.incrementAndGet();
            }
        } else if (existed) {
            live.decrementAndGet();
        }
        return existed ? 1 : 0;
    }

    /**
     * Deletes the live copy of {@code id}, if any. The newest copy decides: memtables newest
     * first, then segments newest first; older copies were deleted when it was written.
     */
    private static boolean killLiveCopy(Version v, long id) throws IOException {
        int row = v.active().rowOf(id);
        if (row >= 0) {
            return v.active().kill(row);
        }
        for (int i = v.frozen().size() - 1; i >= 0; i--) {
            MemTable m = v.frozen().get(i);
            row = m.rowOf(id);
            if (row >= 0) {
                return m.kill(row);
            }
        }
        L1Index l1 = v.l1();
        if (l1 != null) {
            long at = l1.locate(id);
            if (at >= 0) {
                return l1.kill(at);
            }
        }
        return false;
    }

    /**
     * Whether a memtable should be frozen: it holds {@code memtableBytes} of vectors, or more than
     * {@code maxUnlinkedBytes} of them wait for the graph (writes outrun linking; every search
     * would scan them row by row, so flushing them is cheaper).
     */
    private boolean isFull(MemTable m) {
        return m.vectorBytes() >= config.memtableBytes() || m.unlinkedBytes() >= config.maxUnlinkedBytes();
    }

    /** Waits while the active memtable is full and too many frozen ones wait for their flush. */
    private void makeRoom() throws IOException {
        while (true) {
            Version v = current.get();
            if (!isFull(v.active())) {
                return;
            }
            if (v.frozen().size() < config.maxFrozenMemtables()) {
                freeze();
                return;
            }
            roomForWrites.awaitUninterruptibly();
            checkWritable();
        }
    }

    private void checkWritable() throws IOException {
        if (closed) {
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        Throwable f = failure;
        if (f != null) {
            throw new IOException("collection '" + name + "' failed earlier and accepts no writes until reopened: " + f,
                    f);
        }
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.log(System.Logger.Level.ERROR, "collection " + name + " stops taking writes", t);
        }
        writeLock.lock();
        try {
            roomForWrites.signalAll();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Freezes the active memtable (unless empty): a new log and a new memtable take the writes, a
     * new Version is swapped in, and a flush is scheduled. Caller holds the write lock.
     */
    private void freeze() throws IOException {
        Version v = current.get();
        MemTable old = v.active();
        if (old.size() == 0) {
            return;
        }
        String logFile = logName(nextLogNumber);
        WalWriter fresh;
        try {
            fresh = WalWriter.create(dir.resolve(WAL_DIR).resolve(logFile), wal.nextSeq(), config.durability());
            wal.close(); // syncs: everything the frozen memtable holds is durable
        } catch (IOException e) {
            fail(e);
            throw e;
        }
        nextLogNumber++;
        wal = fresh;
        old.freeze();
        MemTable m = newMemTable();
        m.setLinkingPaused(true); // until the flushes catch up
        Logged l = new Logged();
        l.logs.add(logFile);
        l.lastSeq = fresh.nextSeq() - 1;
        logged.put(m, l);
        List<MemTable> frozen = new ArrayList<>(v.frozen());
        frozen.add(old);
        install(new Version(m, frozen, v.segments(), v.l1()));
        background.worker().execute(this::flushOldest);
    }

    /** Swaps in {@code next} and drops the collection's pin on the old Version. Write lock held. */
    private void install(Version next) {
        Version old = current.getAndSet(next);
        old.release();
    }

    // ---------------------------------------------------------------- flush

    /**
     * Freezes the active memtable and waits until every frozen memtable is in a segment named by
     * a durable manifest.
     */
    public void flush() throws IOException {
        writeLock.lock();
        try {
            checkWritable();
            freeze();
        } finally {
            writeLock.unlock();
        }
        // the flusher runs its tasks in order: when this one runs, the flushes before it are done
        java.util.concurrent.FutureTask<Void> marker = new java.util.concurrent.FutureTask<>(() -> null);
        background.worker().execute(marker);
        try {
            marker.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the flush", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        checkWritable();
    }

    /**
     * Background: flushes the frozen memtables into a segment and installs it. All of them at
     * once: when writes outrun the flushes, several wait, and one build for all of them costs
     * less than one each (and leaves fewer segments).
     */
    private void flushOldest() {
        structureLock.lock();
        try {
            if (closed || failure != null) {
                return;
            }
            flushOldestLocked();
        } catch (IOException | RuntimeException e) {
            fail(e);
        } finally {
            structureLock.unlock();
        }
    }

    private void flushOldestLocked() throws IOException {
        Version v = current.get(); // stable enough: only this thread changes segments or drops frozen tables
        List<MemTable> tables = v.frozen();
        if (tables.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        // the rows live now; rows deleted from here on are carried over as tombstones at install
        int total = 0;
        for (MemTable t : tables) {
            total += t.liveRows();
        }
        int[] rows = new int[total];
        int[] tableOf = new int[total];
        int n = 0;
        for (int t = 0; t < tables.size(); t++) {
            MemTable m = tables.get(t);
            for (int r = 0, size = m.size(); r < size && n < total; r++) {
                if (!m.isDead(r)) {
                    rows[n] = r;
                    tableOf[n++] = t;
                }
            }
        }
        float[] data = new float[n * dim];
        long[] ids = new long[n];
        float[] row = new float[dim];
        for (int i = 0; i < n; i++) {
            MemTable m = tables.get(tableOf[i]);
            m.vector(rows[i], row);
            System.arraycopy(row, 0, data, i * dim, dim);
            ids[i] = m.id(rows[i]);
        }
        List<SegmentRef> added = new ArrayList<>();
        L1Index l1;
        long built = started, indexed = started;
        try {
            if (n > 0) {
                float[] rowsToBuild = data;
                int count = n;
                // a build writes at most one segment per bucket
                int first = reserveSegmentNumbers(BulkBuilder.bucketsFor(n, config.targetBucketSize()));
                BulkBuilder.Result result = background.build(() -> BulkBuilder.build(rowsToBuild, ids, count, dim, metric,
                        config.targetBucketSize(), dir, first, config.maxSegmentBytes(), KMeans.Params.incremental(config.seed())));
                // a flush's segments are a partition of their own, numbered after its first segment
                long partition = first;
                for (Path p : result.segments()) {
                    added.add(openNew(p, partition));
                }
            }
            List<SegmentRef> all = new ArrayList<>(segments);
            all.addAll(added);
            built = System.nanoTime();
            l1 = all.isEmpty() ? null : added.isEmpty() ? v.l1() : openIndex(all, v.l1());
            data = null;
            indexed = System.nanoTime();

            Checkpoint cp;
            writeLock.lock();
            try {
                Version cur = current.get();
                if (cur.frozen().size() < tables.size() || !cur.frozen().subList(0, tables.size()).equals(tables)) {
                    throw new IllegalStateException("the memtables being flushed are no longer the oldest frozen ones");
                }
                for (int i = 0; i < n; i++) {
                    if (tables.get(tableOf[i]).isDead(rows[i])) { // deleted or replaced during the flush
                        l1.kill(l1.locate(ids[i]));
                    }
                }
                if (l1 != null) {
                    l1.refreshReliability(); // rows killed through the old index while this one was built
                }
                List<MemTable> stillFrozen = cur.frozen().subList(tables.size(), cur.frozen().size());
                install(new Version(cur.active(), stillFrozen, all, l1));
                if (stillFrozen.isEmpty()) {
                    cur.active().setLinkingPaused(false); // the flushes caught up with the writes
                }
                segments = all;
                for (SegmentRef s : added) {
                    persistedKills.put(s.name(), 0L);
                }
                List<String> obsoleteLogs = new ArrayList<>();
                long lastFlushed = 0;
                for (MemTable t : tables) {
                    Logged done = logged.remove(t);
                    obsoleteLogs.addAll(done.logs);
                    lastFlushed = done.lastSeq;
                }
                cp = checkpoint(lastFlushed, obsoleteLogs);
                roomForWrites.signalAll();
            } finally {
                writeLock.unlock();
            }
            writeManifest(cp);
        } catch (IOException | RuntimeException e) {
            for (SegmentRef s : added) {
                if (!segments.contains(s)) {
                    s.retire();
                    s.release();
                }
            }
            throw e;
        }
        flushes.incrementAndGet();
        recalibrateLater(l1, n);
        long done = System.nanoTime();
        LOG.log(System.Logger.Level.INFO, "collection {0}: flushed {1} rows of {2} memtable(s) into {3} segment(s) in {4} ms"
                + " (build {5}, index {6}, install and manifest {7})", name, n, tables.size(), added.size(),
                (done - started) / 1_000_000, (built - started) / 1_000_000, (indexed - built) / 1_000_000,
                (done - indexed) / 1_000_000);
    }

    /**
     * What a new manifest records, captured under the write lock: the flushed sequence number,
     * the logs still needed, copies of the tombstones that changed, and the last record logged.
     */
    private record Checkpoint(long flushedSeq, List<String> walFiles, Map<SegmentRef, Tombstones> changed,
                              long lastLogged, WalWriter log, List<String> obsoleteLogs) {}

    private Checkpoint checkpoint(long newFlushedSeq, List<String> obsoleteLogs) {
        Version v = current.get();
        List<String> walFiles = new ArrayList<>();
        for (MemTable m : v.frozen()) {
            walFiles.addAll(logged.get(m).logs);
        }
        walFiles.addAll(logged.get(v.active()).logs);
        Map<SegmentRef, Tombstones> changed = new IdentityHashMap<>();
        for (SegmentRef s : segments) {
            Tombstones t = s.tombstones();
            if (t.killCount() != persistedKills.getOrDefault(s.name(), 0L)) {
                changed.put(s, t.copy());
            }
        }
        return new Checkpoint(newFlushedSeq, walFiles, changed, wal.nextSeq() - 1, wal, List.copyOf(obsoleteLogs));
    }

    /**
     * Makes a checkpoint durable: the log through its last record (the tombstone copies may hold
     * deletes logged after the flushed sequence number; replay must find them), the changed
     * deletion files, then the manifest; then removes what it made obsolete. Structure lock held.
     */
    private void writeManifest(Checkpoint cp) throws IOException {
        cp.log().awaitDurable(cp.lastLogged());
        long gen = generation + 1;
        List<String> replaced = new ArrayList<>();
        Map<String, String> dels = new HashMap<>(deletionFiles);
        for (Map.Entry<SegmentRef, Tombstones> e : cp.changed().entrySet()) {
            String seg = e.getKey().name();
            String del = seg.substring(0, seg.lastIndexOf('.')) + "-" + gen + ".del";
            e.getValue().writeTo(dir.resolve(del));
            String old = dels.put(seg, del);
            if (old != null) {
                replaced.add(old);
            }
        }
        List<Manifest.Segment> entries = new ArrayList<>();
        for (SegmentRef s : segments) {
            entries.add(new Manifest.Segment(s.name(), dels.get(s.name()), s.partition()));
        }
        new Manifest(gen, cp.flushedSeq(), manifestConfig(dim, metric, config), entries, cp.walFiles()).writeTo(dir);
        long oldGen = generation;
        generation = gen;
        flushedSeq = cp.flushedSeq();
        deletionFiles.clear();
        deletionFiles.putAll(dels);
        for (Map.Entry<SegmentRef, Tombstones> e : cp.changed().entrySet()) {
            persistedKills.put(e.getKey().name(), e.getValue().killCount());
        }
        // the new manifest is durable: what only older ones needed can go
        Set<String> named = new HashSet<>();
        for (SegmentRef s : segments) {
            named.add(s.name());
        }
        for (String seg : List.copyOf(deletionFiles.keySet())) {
            if (!named.contains(seg)) {
                replaced.add(deletionFiles.remove(seg));
            }
        }
        for (String del : replaced) {
            Files.deleteIfExists(dir.resolve(del));
        }
        for (String log : cp.obsoleteLogs()) {
            Files.deleteIfExists(dir.resolve(WAL_DIR).resolve(log));
        }
        Files.deleteIfExists(dir.resolve(Manifest.fileName(oldGen)));
    }

    // ---------------------------------------------------------------- maintenance

    /** Where a maintenance rewrite wrote a segment, and the partition its buckets belong to. */
    record Output(Path file, long partition) {}

    private void startJanitor() {
        JanitorConfig j = config.janitor();
        if (j.enabled()) {
            janitorTask = background.maintainEvery(janitor::pass, j.intervalMillis());
        }
    }

    /** Runs one maintenance pass now, on the caller's thread (tests; the scheduled passes run alike). */
    void maintainNow() {
        janitor.pass();
    }

    /**
     * Whether maintenance may run: open and healthy. It runs beside flushes (a pass is budgeted
     * and installs like a flush); waiting for a moment without one would starve it under steady writes.
     */
    boolean maintainable() {
        return !closed && failure == null;
    }

    /** Pins the current Version for maintenance, or returns null once closed. */
    Version pinForMaintenance() {
        return Version.acquire(current);
    }

    /** Reserves {@code n} segment numbers for files maintenance is about to write; returns the first. */
    int reserveSegmentNumbers(int n) {
        return nextSegment.getAndAdd(n);
    }

    long maxSegmentBytes() {
        return config.maxSegmentBytes();
    }

    /**
     * Installs a maintenance rewrite: the {@code outputs} (written and synced) hold new copies of
     * the {@code sources} rows, which were live when they were read. The source segments get new
     * tombstones for the new Version: copies (made, with the new index, before the write lock),
     * which under the write lock take the deletes that arrived since and then every source (or,
     * for a row deleted or replaced meanwhile, its new copy instead). Copies, not the shared
     * bitsets: a search still pinned on an older Version must go on finding the rows where they
     * were. The manifest follows after the lock, as for a flush.
     * Returns false (and deletes the outputs) when the collection closed or failed, or another
     * rewrite replaced a source segment meanwhile.
     */
    boolean installRewrite(List<Output> outputs, Janitor.Rows sources) throws IOException {
        // opened and read in before the lock: a flush need not wait for it, nor a search for page faults
        List<SegmentRef> added = new ArrayList<>();
        try {
            for (Output o : outputs) {
                added.add(openNew(o.file(), o.partition()));
            }
        } catch (IOException | RuntimeException e) {
            discard(added, outputs);
            throw e;
        }
        Map<SegmentRef, SegmentRef> replacements = new IdentityHashMap<>();
        boolean installed = false;
        structureLock.lock();
        try {
            if (closed || failure != null || !segments.containsAll(sources.segments)) {
                discard(added, outputs);
                return false;
            }
            // the new Version's view of the source segments, and its index, built outside the write lock
            for (SegmentRef s : sources.segments) {
                replacements.put(s, s.withTombstones(s.tombstones().copy()));
            }
            List<SegmentRef> all = new ArrayList<>(segments.size() + added.size());
            for (SegmentRef s : segments) {
                all.add(replacements.getOrDefault(s, s));
            }
            all.addAll(added);
            L1Index l1 = openIndex(all, current.get().l1());
            Checkpoint cp;
            writeLock.lock();
            try {
                for (Map.Entry<SegmentRef, SegmentRef> e : replacements.entrySet()) {
                    e.getValue().tombstones().absorb(e.getKey().tombstones()); // deletes since the copy
                }
                for (int i = 0; i < sources.n; i++) {
                    Tombstones t = replacements.get(sources.segments.get(sources.segment[i])).tombstones();
                    if (!t.kill(sources.bucket[i], sources.row[i])) {
                        // deleted or replaced while the rewrite ran: its new copy goes too
                        for (SegmentRef s : added) {
                            long at = s.reader().locate(sources.ids[i]);
                            if (at >= 0) {
                                s.tombstones().kill((int) (at >>> 32), (int) at);
                                break;
                            }
                        }
                    }
                }
                l1.refreshReliability();
                Version cur = current.get();
                install(new Version(cur.active(), cur.frozen(), all, l1));
                segments = all;
                installed = true;
                for (SegmentRef s : added) {
                    persistedKills.put(s.name(), 0L);
                }
                cp = checkpoint(flushedSeq, List.of());
            } finally {
                writeLock.unlock();
            }
            replacements.keySet().forEach(SegmentRef::release); // the collection's own references on the old tombstones
            writeManifest(cp);
            recalibrateLater(l1, sources.n);
            return true;
        } catch (IOException | RuntimeException e) {
            if (!installed) {
                replacements.values().forEach(SegmentRef::release);
                discard(added, outputs);
            }
            fail(e);
            throw e;
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Opens a segment just written, as a partition's, with its pages read in: a fresh file is in
     * the page cache but not in this process's page tables, and without this the first searches to
     * reach it take the faults (p99 under writes 1.1-2.4 ms with them, 0.97-1.33 ms without;
     * docs/BENCHMARKS.md, "Engine under writes").
     */
    private static SegmentRef openNew(Path file, long partition) throws IOException {
        SegmentReader reader = SegmentReader.open(file);
        try {
            reader.load();
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
        return new SegmentRef(reader, Tombstones.none(reader), partition);
    }

    /** Closes and deletes segments that were written and opened but never installed, and the outputs not yet opened. */
    private static void discard(List<SegmentRef> opened, List<Output> outputs) throws IOException {
        for (SegmentRef s : opened) {
            s.retire();
            s.release();
        }
        for (Output o : outputs.subList(opened.size(), outputs.size())) {
            Files.deleteIfExists(o.file());
        }
    }

    /**
     * Drops the segments without a live row from the Version and the manifest; their files go
     * once no search holds them. Returns how many were dropped.
     */
    int dropDeadSegments() throws IOException {
        Version v = Version.acquire(current);
        if (v == null) {
            return 0;
        }
        try {
            if (v.segments().stream().noneMatch(s -> s.tombstones().deadRows() == s.reader().rows())) {
                return 0; // the common case, without taking the lock
            }
        } finally {
            v.release();
        }
        structureLock.lock();
        try {
            if (closed || failure != null) {
                return 0;
            }
            List<SegmentRef> dead = new ArrayList<>();
            List<SegmentRef> keep = new ArrayList<>();
            for (SegmentRef s : segments) {
                (s.tombstones().deadRows() == s.reader().rows() ? dead : keep).add(s);
            }
            if (dead.isEmpty()) {
                return 0;
            }
            L1Index l1 = keep.isEmpty() ? null : openIndex(keep, current.get().l1());
            Checkpoint cp;
            writeLock.lock();
            try {
                Version cur = current.get();
                install(new Version(cur.active(), cur.frozen(), keep, l1));
                segments = keep;
                cp = checkpoint(flushedSeq, List.of());
            } finally {
                writeLock.unlock();
            }
            writeManifest(cp);
            for (SegmentRef s : dead) {
                persistedKills.remove(s.name());
                s.retire();
                s.release(); // the collection's own reference; searches still holding it keep it mapped
            }
            LOG.log(System.Logger.Level.INFO, "collection {0}: dropped {1} segment(s) without live rows", name,
                    dead.size());
            return dead.size();
        } catch (IOException | RuntimeException e) {
            fail(e);
            throw e;
        } finally {
            structureLock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The current vector of {@code id} (normalised under COSINE), or null when it has none.
     */
    public float[] get(long id) throws IOException {
        Version v = pin();
        try {
            MemTable[] tables = memtablesNewestFirst(v);
            for (MemTable m : tables) {
                int row = m.rowOf(id);
                if (row >= 0) {
                    if (m.isDead(row)) {
                        return null;
                    }
                    float[] out = new float[dim];
                    m.vector(row, out);
                    return out;
                }
            }
            L1Index l1 = v.l1();
            if (l1 == null) {
                return null;
            }
            long at = l1.locate(id);
            if (at < 0 || l1.isDead(at)) {
                return null;
            }
            float[] out = new float[dim];
            l1.vector(at, out);
            return out;
        } finally {
            v.release();
        }
    }

    /** {@link #search(float[], int, SearchOptions)} with the collection's default options. */
    public SearchResult search(float[] query, int k) {
        return search(query, k, SearchOptions.defaults());
    }

    /**
     * The {@code k} live vectors nearest to {@code query}, nearest first: the memtables and the
     * L1 index searched over one pinned Version, merged, each id once.
     * {@link SearchOptions#exhaustive()} scores every live row (an exact answer up to the SQ8
     * candidate pool; give a large rerank factor for an exact one).
     *
     * @throws IllegalArgumentException for a query of the wrong dimension, with a NaN or infinite
     *     component, all zeros under COSINE, or {@code k < 1}
     * @throws LimitExceededException for {@code k} above {@link CollectionConfig#maxK()}
     * @throws SearchAbortedException when the options' abort condition answered true on the way
     */
    public SearchResult search(float[] query, int k, SearchOptions options) {
        Objects.requireNonNull(options, "options");
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (k > config.maxK()) {
            throw new LimitExceededException("k = " + k + " exceeds the limit of " + config.maxK() + " for collection '"
                    + name + "'");
        }
        float[] q = prepare(query, "query");
        boolean exact = options.targetConfidence() >= 1.0;
        Version v = pin();
        try {
            TopK l0 = new TopK(k);
            for (MemTable m : memtablesNewestFirst(v)) {
                if (options.aborted()) {
                    throw new SearchAbortedException("search aborted in the memtables");
                }
                m.search(q, k, config.hnswEfSearch(), exact, l0);
            }
            int l0Count = l0.size();
            long[] ids = new long[l0Count];
            float[] dist = new float[l0Count];
            l0.drainSorted(ids, dist);
            L1Index l1 = v.l1();
            SearchResult r1 = l1 == null ? null : l1.search(q, k, options);
            return merge(k, ids, dist, r1, options);
        } finally {
            v.release();
        }
    }

    /** Where {@code id} is in {@code ids[0..n)}, or -1. */
    private static int indexOf(long[] ids, int n, long id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    /** The nearest {@code k} of both sorted lists, each id once (the nearer copy wins a race). */
    private SearchResult merge(int k, long[] ids0, float[] dist0, SearchResult r1, SearchOptions options) {
        long[] ids1 = r1 == null ? new long[0] : r1.ids();
        float[] dist1 = r1 == null ? new float[0] : r1.distances();
        int cap = Math.min(k, ids0.length + ids1.length);
        long[] ids = new long[cap];
        float[] dist = new float[cap];
        // up to 64 results, a look back over those taken is cheaper than boxing every id into a set
        java.util.HashSet<Long> seen = cap > 64 ? new java.util.HashSet<>() : null;
        int n = 0;
        int i = 0;
        int j = 0;
        while (n < cap && (i < ids0.length || j < ids1.length)) {
            boolean first = j >= ids1.length || (i < ids0.length && dist0[i] <= dist1[j]);
            long id = first ? ids0[i] : ids1[j];
            float d = first ? dist0[i++] : dist1[j++];
            if (seen != null ? seen.add(id) : indexOf(ids, n, id) < 0) {
                ids[n] = id;
                dist[n++] = d;
            }
        }
        if (n < cap) {
            ids = java.util.Arrays.copyOf(ids, n);
            dist = java.util.Arrays.copyOf(dist, n);
        }
        if (r1 == null) {
            double c = Double.isNaN(options.targetConfidence()) ? searchConfig.targetConfidence()
                    : options.targetConfidence();
            return new SearchResult(ids, dist, 0, 0, 0, c, Double.NaN);
        }
        return new SearchResult(ids, dist, r1.bucketsScanned(), r1.rowsScanned(), r1.rowsReranked(), r1.confidence(),
                r1.estimatedRecall());
    }

    private static MemTable[] memtablesNewestFirst(Version v) {
        List<MemTable> frozen = v.frozen();
        MemTable[] out = new MemTable[frozen.size() + 1];
        out[0] = v.active();
        for (int i = 0; i < frozen.size(); i++) {
            out[i + 1] = frozen.get(frozen.size() - 1 - i);
        }
        return out;
    }

    private Version pin() {
        Version v = Version.acquire(current);
        if (v == null) {
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        return v;
    }

    /** Checks a vector and returns the copy to store or search with (unit length under COSINE). */
    private float[] prepare(float[] v, String what) {
        Objects.requireNonNull(v, what);
        if (v.length != dim) {
            throw new IllegalArgumentException(what + " has dimension " + v.length + ", collection '" + name
                    + "' has " + dim);
        }
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " has " + v[i] + " at component " + i);
            }
        }
        float[] out = v.clone();
        if (metric == Metric.COSINE) {
            double norm = Math.sqrt(VectorKernels.get().dot(v, v));
            if (!(norm > 0) || Double.isInfinite(norm)) {
                throw new IllegalArgumentException(what + " has no direction (norm " + norm + ") for COSINE");
            }
            for (int i = 0; i < dim; i++) {
                out[i] = (float) (v[i] / norm);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- statistics and lifecycle

    /** Sizes and counters as they are now. */
    public CollectionStats stats() {
        Version v = pin();
        try {
            long memRows = 0;
            long memBytes = 0;
            for (MemTable m : memtablesNewestFirst(v)) {
                memRows += m.size();
                memBytes += m.vectorBytes();
            }
            L1Index l1 = v.l1();
            long disk = 0;
            long deleted = 0;
            for (SegmentRef s : v.segments()) {
                disk += s.reader().sizeInBytes();
                deleted += s.tombstones().deadRows();
            }
            disk += directoryBytes(dir.resolve(WAL_DIR)) + deletionBytes();
            return new CollectionStats(name, dim, metric, live.get(), memRows, memBytes, v.frozen().size(),
                    v.segments().size(), l1 == null ? 0 : l1.bucketCount(), l1 == null ? 0 : l1.liveBucketCount(),
                    l1 == null ? 0 : l1.rows(), deleted, disk,
                    flushes.get(), generation, lastSeq, recalibrating.get() || janitor.running(),
                    (int) v.segments().stream().mapToLong(SegmentRef::partition).distinct().count(), janitor.stats());
        } finally {
            v.release();
        }
    }

    private long deletionBytes() {
        long n = 0;
        for (String del : List.copyOf(deletionFiles.values())) {
            try {
                n += Files.size(dir.resolve(del));
            } catch (IOException e) {
                // replaced meanwhile
            }
        }
        return n;
    }

    private static long directoryBytes(Path d) {
        long n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
                n += Files.size(f);
            }
        } catch (IOException e) {
            // a file removed while counting
        }
        return n;
    }

    Path directory() {
        return dir;
    }

    /**
     * Checks the collection: every segment's checksums, at most one live copy of each id across
     * memtables and segments, and the live count. Writes wait while it runs.
     *
     * @throws CorruptIndexException naming the first problem found
     */
    public void verify() throws IOException {
        writeLock.lock();
        Version v = pin();
        try {
            Set<Long> seen = new HashSet<>();
            long count = 0;
            for (MemTable m : memtablesNewestFirst(v)) {
                for (int r = 0; r < m.size(); r++) {
                    if (!m.isDead(r)) {
                        count++;
                        if (!seen.add(m.id(r))) {
                            throw new CorruptIndexException(dir, "memtable", "id " + Long.toUnsignedString(m.id(r))
                                    + " has two live copies");
                        }
                    }
                }
            }
            for (SegmentRef s : v.segments()) {
                s.reader().verify();
                for (int b = 0; b < s.reader().bucketCount(); b++) {
                    long[] ids = s.reader().bucket(b).ids();
                    for (int r = 0; r < ids.length; r++) {
                        if (!s.tombstones().isDead(b, r)) {
                            count++;
                            if (!seen.add(ids[r])) {
                                throw new CorruptIndexException(s.reader().file(), "bucket " + b, "id "
                                        + Long.toUnsignedString(ids[r]) + " has two live copies");
                            }
                        }
                    }
                }
            }
            if (count != live.get()) {
                throw new CorruptIndexException(dir, "collection", count + " live rows found, " + live.get()
                        + " counted");
            }
        } finally {
            v.release();
            writeLock.unlock();
        }
    }

    /** For tests: runs {@code r} while this thread holds the structural and write locks. */
    void whileHoldingLocks(Runnable r) {
        structureLock.lock();
        writeLock.lock();
        try {
            r.run();
        } finally {
            writeLock.unlock();
            structureLock.unlock();
        }
    }

    /** For tests: runs {@code r} while no flush can start or finish (writes go on). */
    void whileFlushesWait(Runnable r) {
        structureLock.lock();
        try {
            r.run();
        } finally {
            structureLock.unlock();
        }
    }

    /** For tests: pins the current Version; the caller releases it. */
    Version pinForTest() {
        return pin();
    }

    /**
     * Stops writes, waits for a running flush, syncs the log and releases the current Version;
     * segments are unmapped once the searches still running have finished. Unflushed writes stay
     * in the log for the next open to replay.
     */
    void close() throws IOException {
        java.util.concurrent.ScheduledFuture<?> task = janitorTask;
        if (task != null) {
            task.cancel(false); // a pass already running finds the collection closed at its install
        }
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            roomForWrites.signalAll();
        } finally {
            writeLock.unlock();
        }
        structureLock.lock();
        try {
            writeLock.lock();
            try {
                wal.close(); // syncs what was written, unless the log failed before
            } finally {
                writeLock.unlock();
            }
        } finally {
            try {
                releaseAll();
            } finally {
                structureLock.unlock();
            }
        }
    }

    private void releaseAll() {
        Version v = current.getAndSet(null);
        if (v != null) {
            v.release();
        }
        for (SegmentRef s : segments) {
            s.release();
        }
        segments = List.of();
        if (wal != null) {
            try {
                wal.close();
            } catch (IOException e) {
                // the next open replays what survived
            }
        }
    }
}
