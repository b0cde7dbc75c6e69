package io.drift.engine;

import io.drift.filter.Condition;
import io.drift.filter.FieldPath;
import io.drift.filter.FieldType;
import io.drift.filter.IndexSpec;
import io.drift.maintain.Janitor;
import io.drift.memtable.MemTable;
import io.drift.search.L1Index;
import io.drift.search.SearchHits;
import io.drift.search.SearchParams;
import io.drift.storage.CorruptFileException;
import io.drift.storage.Manifest;
import io.drift.vector.Distance;
import io.drift.version.SegmentRef;
import io.drift.version.Version;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.concurrent.ScheduledFuture;

/**
 * One collection's engine, wired from parts with one job each: the {@link VersionSet} (Versions,
 * edits, manifests), the {@link WritePath} (log, memtables, rotation), the {@link Flusher}, the
 * {@link Calibrator} (the recall model, fitted on real queries), the {@link Searcher} and the
 * {@link Janitor}. It checks its input (dimensions, finite components, a direction under COSINE)
 * and prepares vectors (unit length under COSINE); {@link Recovery} opens it.
 *
 * <p>Thread-safe. Searches and lookups take no lock; see the parts for the rest.
 */
public final class CollectionEngine {

    private final String name;
    private final Path dir;
    private final int dim;
    private final Distance metric;
    private final CollectionSettings settings;
    private final Background background;
    final Calibrator calibrator;
    final VersionSet versions;
    final Flusher flusher;
    final WritePath writes;
    private final PointWrites points;
    private final Searcher searcher;
    private final Filtering filtering;
    private final Janitor janitor;
    private volatile ScheduledFuture<?> janitorTask;

    CollectionEngine(String name, Path dir, int dim, Distance metric, CollectionSettings settings,
                     Background background, Manifest manifest) throws IOException {
        this.name = name;
        this.dir = dir;
        this.dim = dim;
        this.metric = metric;
        this.settings = settings;
        this.background = background;
        this.calibrator = new Calibrator(name, settings, background);
        this.filtering = new Filtering(dim, IndexSpec.decode(manifest.config().get(IndexSpec.SETTING)));
        Map<String, String> config = manifestConfig(dim, metric, settings);
        if (!filtering.spec().isEmpty()) {
            config.put(IndexSpec.SETTING, filtering.spec().encode());
        }
        this.versions = VersionSet.recover(dir, name, manifest, config, (refs, previous) -> {
            filtering.index(refs); // payload indexes of new segments, before searches see them
            return openIndex(refs, settings);
        });
        calibrator.attach(versions);
        this.flusher = new Flusher(name, dim, metric, settings, versions, background);
        this.writes = new WritePath(dir, name, dim, settings, versions, this::newMemTable, flusher::schedule);
        this.points = new PointWrites(name, dim, metric, settings, writes);
        flusher.attach(writes);
        versions.addListener(writes);
        versions.addListener(calibrator);
        this.searcher = new Searcher(dim, settings, calibrator, filtering);
        this.janitor = new Janitor(name, versions, settings.janitor(), settings.targetBucketSize(),
                settings.maxSegmentBytes(), dim, metric);
    }

    /** The L1 index over a Version's segments. */
    private static L1Index openIndex(List<SegmentRef> refs, CollectionSettings settings) throws IOException {
        return L1Index.over(refs.stream().map(SegmentRef::reader).toList(),
                refs.stream().map(SegmentRef::tombstones).toList(),
                refs.stream().mapToLong(SegmentRef::partition).toArray(),
                refs.stream().map(SegmentRef::temperature).toArray(float[][]::new), settings.searchConfig());
    }

    /** What every manifest records of the collection: its dimension, metric and settings. */
    static Map<String, String> manifestConfig(int dim, Distance metric, CollectionSettings settings) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dim", Integer.toString(dim));
        m.put("metric", metric.name());
        m.putAll(settings.toMap());
        return m;
    }

    MemTable newMemTable() {
        return new MemTable(dim, metric, settings.hnswM(), settings.hnswEfConstruction(), settings.seed(),
                background.linker());
    }

    void startJanitor() {
        if (settings.janitor().enabled()) {
            janitorTask = background.maintainEvery(janitor::pass, settings.janitor().intervalMillis());
        }
    }

    public String name() {
        return name;
    }

    public int dim() {
        return dim;
    }

    public Distance metric() {
        return metric;
    }

    public CollectionSettings settings() {
        return settings;
    }

    public Path directory() {
        return dir;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Inserts or replaces {@code vectors[i]} under {@code ids[i]}, in order (a later one for the
     * same id wins). Nothing is written unless every vector is valid. Returns once durable and visible.
     *
     * @throws IllegalArgumentException for a vector of the wrong dimension, with a NaN or infinite
     *     component, or all zeros under COSINE, naming the point
     * @throws IOException when the log cannot be written (the collection then refuses writes)
     */
    public void upsert(long[] ids, float[][] vectors) throws IOException {
        List<PointWrite> list = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            list.add(new PointWrite(ids[i], null, vectors[i], null));
        }
        upsert(list);
    }

    /**
     * Inserts or replaces {@code points} (by id, or by key in a string-keyed collection, with their
     * payloads), in order. Nothing is written unless every point is valid.
     *
     * @throws IllegalArgumentException for a bad vector, a missing, extra or overlong key, or a payload
     *     over the limit, naming the point
     */
    public void upsert(List<PointWrite> list) throws IOException {
        points.upsert(list);
    }

    /** Deletes {@code ids}; returns how many of them had a live vector. */
    public int delete(long[] ids) throws IOException {
        return delete(PointRefs.ofIds(ids));
    }

    /** Deletes the points {@code refs} names; returns how many of them were live. */
    public int delete(PointRefs refs) throws IOException {
        return points.delete(refs);
    }

    /**
     * Sets the payload of each live point {@code refs} names to {@code change} of its current one
     * (encoded; null for none); returns how many were updated.
     */
    public int updatePayload(PointRefs refs, UnaryOperator<byte[]> change) throws IOException {
        return points.updatePayload(refs, change);
    }

    /** Freezes the active memtable and waits until every frozen memtable is in a segment named by a durable manifest. */
    public void flush() throws IOException {
        writes.freezeNow();
        flusher.awaitQueued();
        writes.checkWritable();
    }

    /**
     * Writes a consistent copy of the collection into {@code target}, which must not exist
     * ({@link Checkpointer}): every write acknowledged before the call is in it, and it opens as a
     * whole collection.
     */
    public Checkpointer.Result checkpoint(Path target) throws IOException {
        return Checkpointer.write(dir, versions, writes, target);
    }

    // ---------------------------------------------------------------- reads

    /** The current vector of {@code id} (normalised under COSINE), or null when it has none. */
    public float[] get(long id) throws IOException {
        Version v = pin();
        try {
            return searcher.get(v, id);
        } finally {
            v.release();
        }
    }

    /** The live points {@code refs} names, in order (null for those without one); vectors when asked. */
    public StoredPoint[] retrieve(PointRefs refs, boolean withVector) throws IOException {
        points.checkRefs(refs);
        Version v = pin();
        try {
            return searcher.retrieve(v, refs, withVector);
        } finally {
            v.release();
        }
    }

    /**
     * The {@code k} live vectors nearest to {@code query}, nearest first, each id once.
     *
     * @throws IllegalArgumentException for a bad query or {@code k < 1}
     * @throws io.drift.search.SearchAborted when the params' abort condition answered true
     */
    public SearchHits search(float[] query, int k, SearchParams params) {
        try {
            return search(query, k, params, false).hits();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // not reached: no document is read
        }
    }

    /**
     * {@link #search(float[], int, SearchParams)}, with the hits' documents (keys and payloads) when
     * {@code withDocuments} or the collection is string-keyed.
     */
    public Found search(float[] query, int k, SearchParams params, boolean withDocuments) throws IOException {
        return search(query, k, params, withDocuments, null);
    }

    /**
     * {@link #search(float[], int, SearchParams, boolean)} over the points that meet {@code filter}
     * (null: all): {@code min(k, matching live points)} hits.
     */
    public Found search(float[] query, int k, SearchParams params, boolean withDocuments, Condition filter)
            throws IOException {
        Objects.requireNonNull(params, "params");
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        float[] q = VectorInput.prepare(query, dim, metric, name, "query");
        Version v = pin();
        try {
            SearchHits hits = searcher.search(v, q, k, params, filter);
            boolean docs = withDocuments || settings.stringKeys();
            return new Found(hits, docs ? Searcher.documents(v, hits.ids()) : null);
        } finally {
            v.release();
        }
    }

    /** The live points that meet {@code filter} (null: all), counted exactly. */
    public long count(Condition filter) throws IOException {
        if (filter == null) {
            return writes.liveCount();
        }
        Version v = pin();
        try {
            return filtering.count(v, filter);
        } finally {
            v.release();
        }
    }

    /**
     * A page of the live points that meet {@code filter} (null: all) in id order, or key order in a
     * string-keyed collection, from {@code from} (an id, or a UTF-8 key; null: the first) on.
     */
    public Scroll.Page scroll(Condition filter, int limit, Scroll.Name from, boolean withVector) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        Version v = pin();
        try {
            return Scroll.page(filtering, v, filter, limit, from, settings.stringKeys(), withVector);
        } finally {
            v.release();
        }
    }

    /** Deletes every live point that meets {@code filter}, in one write; returns how many. */
    public int delete(Condition filter) throws IOException {
        return points.delete(filter, filtering);
    }

    /**
     * Declares a payload index over {@code field} (replacing one of another type) and builds it for
     * every segment; returns once the declaration is durable and the indexes are built.
     */
    public void createFieldIndex(FieldPath field, FieldType type) throws IOException {
        changeIndexes(filtering.spec().with(field, type));
    }

    /** Drops the payload index over {@code field}, if there is one. */
    public void dropFieldIndex(FieldPath field) throws IOException {
        changeIndexes(filtering.spec().without(field));
    }

    /** The payload indexes declared. */
    public IndexSpec fieldIndexes() {
        return filtering.spec();
    }

    private synchronized void changeIndexes(IndexSpec next) throws IOException {
        if (next.equals(filtering.spec())) {
            return;
        }
        if (!versions.setConfig(IndexSpec.SETTING, next.isEmpty() ? null : next.encode())) {
            writes.checkWritable();
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        filtering.setSpec(next);
        Version v = pin();
        try {
            filtering.index(v.segments());
        } finally {
            v.release();
        }
    }

    /** Pins the current Version; the caller releases it. */
    public Version pin() {
        Version v = versions.pin();
        if (v == null) {
            throw new IllegalStateException("collection '" + name + "' is closed");
        }
        return v;
    }

    // ---------------------------------------------------------------- statistics and checks

    /** A collection's size and shape at one moment (see {@code io.drift.CollectionStats}). */
    public record Stats(String name, int dim, Distance metric, long liveRows, long memtableRows, long memtableBytes,
                        int frozenMemtables, int segments, int buckets, int liveBuckets, long segmentRows,
                        long deletedSegmentRows, long diskBytes, long flushes, long generation, long lastSeq,
                        boolean maintenanceRunning, int partitions, int recheckedQueries, long documentBytes,
                        Janitor.Counters janitor) {}

    /** Sizes and counters as they are now. */
    public Stats stats() {
        Version v = pin();
        try {
            long memRows = 0;
            long memBytes = 0;
            long docBytes = 0;
            for (MemTable m : Searcher.memtablesNewestFirst(v)) {
                memRows += m.size();
                memBytes += m.vectorBytes();
                docBytes += m.documentBytes();
            }
            L1Index l1 = v.l1();
            long disk = 0;
            long deleted = 0;
            for (SegmentRef s : v.segments()) {
                disk += s.reader().sizeInBytes();
                deleted += s.tombstones().deadRows();
                docBytes += s.reader().documentBytes();
            }
            disk += directoryBytes(dir.resolve(Manifest.WAL_DIR)) + deletionBytes();
            return new Stats(name, dim, metric, writes.liveCount(), memRows, memBytes, v.frozen().size(),
                    v.segments().size(), l1 == null ? 0 : l1.bucketCount(), l1 == null ? 0 : l1.liveBucketCount(),
                    l1 == null ? 0 : l1.rows(), deleted, disk, flusher.flushes(), versions.generation(),
                    writes.lastSeq(), calibrator.running() || janitor.running(),
                    (int) v.segments().stream().mapToLong(SegmentRef::partition).distinct().count(),
                    calibrator.recheckedQueries(), docBytes, janitor.stats());
        } finally {
            v.release();
        }
    }

    private long deletionBytes() {
        long n = 0;
        for (String del : versions.deletionFiles()) {
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

    /**
     * Checks the collection: every segment's checksums, at most one live copy of each id across
     * memtables and segments, and the live count. Writes wait while it runs.
     *
     * @throws CorruptFileException naming the first problem found
     */
    public void verify() throws IOException {
        versions.writeLock().lock();
        Version v = pin();
        try {
            Set<Long> seen = new HashSet<>();
            long count = 0;
            for (MemTable m : Searcher.memtablesNewestFirst(v)) {
                for (int r = 0; r < m.size(); r++) {
                    if (!m.isDead(r)) {
                        count++;
                        if (!seen.add(m.id(r))) {
                            throw new CorruptFileException(dir, "memtable", "id " + Long.toUnsignedString(m.id(r))
                                    + " has two live copies");
                        }
                    }
                }
            }
            for (SegmentRef s : v.segments()) {
                count += verifySegment(s, seen);
            }
            if (count != writes.liveCount()) {
                throw new CorruptFileException(dir, "collection", count + " live rows found, " + writes.liveCount()
                        + " counted");
            }
        } finally {
            v.release();
            versions.writeLock().unlock();
        }
    }

    /** Checks one segment's checksums and live ids against those {@code seen}; returns its live rows. */
    private static long verifySegment(SegmentRef s, Set<Long> seen) throws IOException {
        s.reader().verify();
        long count = 0;
        for (int b = 0; b < s.reader().bucketCount(); b++) {
            long[] ids = s.reader().bucket(b).ids();
            for (int r = 0; r < ids.length; r++) {
                if (!s.tombstones().isDead(b, r)) {
                    count++;
                    if (!seen.add(ids[r])) {
                        throw new CorruptFileException(s.reader().file(), "bucket " + b, "id "
                                + Long.toUnsignedString(ids[r]) + " has two live copies");
                    }
                }
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- maintenance and lifecycle

    /** Runs one maintenance pass now, on the caller's thread (tests; the scheduled passes run alike). */
    public void maintainNow() {
        janitor.pass();
    }

    /** For tests: runs {@code r} while this thread holds the structure and write locks. */
    public void whileHoldingLocks(Runnable r) {
        versions.runExclusive(() -> {
            versions.writeLock().lock();
            try {
                r.run();
            } finally {
                versions.writeLock().unlock();
            }
        });
    }

    /** For tests: runs {@code r} while no flush or maintenance can install (writes go on). */
    public void whileFlushesWait(Runnable r) {
        versions.runExclusive(r);
    }

    /**
     * Stops writes, waits for a running structural change, syncs the log and releases the current
     * Version; segments are unmapped once the searches still running have finished. Unflushed
     * writes stay in the log for the next open to replay.
     */
    public void close() throws IOException {
        ScheduledFuture<?> task = janitorTask;
        if (task != null) {
            task.cancel(false); // a pass already running finds the collection closed at its install
        }
        if (versions.isClosed()) {
            return;
        }
        versions.markClosed();
        IOException[] failed = new IOException[1];
        versions.release(() -> {
            try {
                writes.close(); // syncs what was written, unless the log failed before
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }
}
