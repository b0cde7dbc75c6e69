package io.drift;

import io.drift.engine.CollectionEngine;
import io.drift.engine.Found;
import io.drift.engine.PointRefs;
import io.drift.engine.PointWrite;
import io.drift.engine.Scroll;
import io.drift.engine.StoredPoint;
import io.drift.filter.Condition;
import io.drift.filter.FieldPath;
import io.drift.filter.FieldType;
import io.drift.payload.PayloadCodec;
import io.drift.payload.RowDoc;
import io.drift.search.SearchAborted;
import io.drift.search.SearchHits;
import io.drift.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A named set of vectors of one dimension and metric, with the semantics of DESIGN §3: an
 * acknowledged write is durable (per the collection's {@link Durability}) and visible to every
 * search that starts afterwards; an id has at most one live copy; a search never returns a deleted
 * id or an id twice and returns {@code min(k, live rows)} results; bad input is refused with an
 * exception naming the problem and changes nothing.
 *
 * <p>Obtained from a {@link DriftEngine}; thread-safe. Searches and {@link #get} take no lock.
 * Writes are logged, applied, then acknowledged once the log is synced (writers arriving together
 * share one fsync). Full memtables are flushed to segments and the segments maintained in the
 * background, without stopping searches.
 */
public final class VectorCollection {

    private final CollectionEngine engine;

    VectorCollection(CollectionEngine engine) {
        this.engine = engine;
    }

    public String name() {
        return engine.name();
    }

    public int dim() {
        return engine.dim();
    }

    public Metric metric() {
        return Metric.of(engine.metric());
    }

    public CollectionConfig config() {
        return CollectionConfig.of(engine.settings());
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
        List<PointWrite> writes = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = Objects.requireNonNull(points.get(i), "point " + i);
            writes.add(new PointWrite(p.id(), p.key() == null ? null : p.key().getBytes(StandardCharsets.UTF_8),
                    p.vector(), encoded(p.payload())));
        }
        Errors.io(() -> {
            engine.upsert(writes);
            return null;
        });
    }

    /** Deletes one id; returns whether it had a live vector. */
    public boolean delete(long id) throws IOException {
        return delete(new long[] {id}) > 0;
    }

    /** Deletes a batch of ids; returns how many of them had a live vector. */
    public int delete(long[] ids) throws IOException {
        Objects.requireNonNull(ids, "ids");
        checkBatch(ids.length);
        return Errors.io(() -> engine.delete(ids.clone()));
    }

    /** Deletes the points {@code ids} names (ids, or keys in a string-keyed collection); returns how many were live. */
    public int delete(List<PointId> ids) throws IOException {
        PointRefs refs = refs(ids);
        return Errors.io(() -> engine.delete(refs));
    }

    /**
     * Sets the fields of {@code payload} on each point {@code ids} names, keeping its other fields
     * (a field given replaces the one stored). Returns how many points were updated; names without
     * a live point are skipped.
     *
     * @throws IllegalArgumentException when a point's new payload exceeds the collection's limit
     *     (nothing is written)
     */
    public int setPayload(List<PointId> ids, Payload payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        byte[] patch = encoded(payload);
        return updatePayload(ids, old -> old == null ? patch : patch == null ? old : PayloadCodec.merge(old, patch));
    }

    /** Replaces the payload of each point {@code ids} names with {@code payload}; returns how many were updated. */
    public int overwritePayload(List<PointId> ids, Payload payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        byte[] replacement = encoded(payload);
        return updatePayload(ids, old -> replacement);
    }

    /** Removes the top-level fields {@code fields} from each point {@code ids} names; returns how many were updated. */
    public int deletePayload(List<PointId> ids, List<String> fields) throws IOException {
        List<String> remove = List.copyOf(fields);
        return updatePayload(ids, old -> old == null ? null : nonEmpty(PayloadCodec.removeKeys(old, remove)));
    }

    private int updatePayload(List<PointId> ids, UnaryOperator<byte[]> change) throws IOException {
        PointRefs refs = refs(ids);
        return Errors.io(() -> engine.updatePayload(refs, change));
    }

    /** The engine's form of {@code ids}: all ids or all keys (the collection checks which it takes). */
    private PointRefs refs(List<PointId> ids) {
        Objects.requireNonNull(ids, "ids");
        checkBatch(ids.size());
        boolean keys = !ids.isEmpty() && Objects.requireNonNull(ids.getFirst(), "point 0").isKey();
        long[] numbers = keys ? null : new long[ids.size()];
        byte[][] names = keys ? new byte[ids.size()][] : null;
        for (int i = 0; i < ids.size(); i++) {
            PointId p = Objects.requireNonNull(ids.get(i), "point " + i);
            if (p.isKey() != keys) {
                throw new IllegalArgumentException("point " + i + " is named by " + (keys ? "an id" : "a key")
                        + ", point 0 by " + (keys ? "a key" : "an id") + "; a call names points one way");
            }
            if (keys) {
                names[i] = p.key().getBytes(StandardCharsets.UTF_8);
            } else {
                numbers[i] = p.id();
            }
        }
        return keys ? PointRefs.ofKeys(names) : PointRefs.ofIds(numbers);
    }

    /** A payload as the engine stores it: its encoding, or null for an empty one. */
    private static byte[] encoded(Payload p) {
        return p == null || p.isEmpty() ? null : p.encoded();
    }

    private static byte[] nonEmpty(byte[] payload) {
        return PayloadCodec.isEmpty(payload) ? null : payload;
    }

    private void checkBatch(int n) {
        int max = engine.settings().maxBatch();
        if (n > max) {
            throw new LimitExceededException("a batch of " + n + " exceeds the limit of " + max + " for collection '"
                    + name() + "'");
        }
    }

    /**
     * Freezes the active memtable and waits until every frozen memtable is in a segment named by
     * a durable manifest.
     */
    public void flush() throws IOException {
        Errors.io(() -> {
            engine.flush();
            return null;
        });
    }

    /**
     * Writes a consistent copy of the collection into {@code target}, a directory that must not
     * exist yet (it is created, with its parent): the collection as a crash at one moment during
     * the call would leave it, with every write logged by then synced first. Every write
     * acknowledged before the call is in it; writes that run concurrently may or may not be, each
     * whole or not at all (up to {@link Checkpoint#lastSeq()}). The copy opens as a whole
     * collection: {@link DriftEngine#adoptCollection} takes it in, here or on another machine.
     *
     * <p>The manifest in force, its segments and its deletion files, which are written once and
     * never changed, are hard-linked into {@code target} (copied where it is on another file
     * system); the write-ahead logs the manifest names and every newer one are copied up to their
     * length at that moment. Writers wait only while the log is cut (microseconds); flushes and
     * maintenance wait while the files are linked, not while they are copied. Every file and
     * directory written is forced to disk, and the manifest takes its name last, so a crash during
     * the call leaves no directory that looks whole. The collection itself is not changed.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists
     * @throws IllegalArgumentException when {@code target} lies inside the collection's directory
     * @throws IOException when the collection failed earlier or a file cannot be read or written;
     *     nothing is left at {@code target}
     */
    public Checkpoint checkpoint(Path target) throws IOException {
        Objects.requireNonNull(target, "target");
        return Checkpoint.of(target, Errors.io(() -> engine.checkpoint(target)));
    }

    // ---------------------------------------------------------------- reads

    /** The current vector of {@code id} (normalised under COSINE), or null when it has none. */
    public float[] get(long id) throws IOException {
        return Errors.io(() -> engine.get(id));
    }

    /**
     * The points {@code ids} names, in order, with their payloads and (when {@code withVector}) their
     * vectors; null for a name without a live point.
     */
    public List<Point> retrieve(List<PointId> ids, boolean withVector) throws IOException {
        PointRefs refs = refs(ids);
        StoredPoint[] stored = Errors.io(() -> engine.retrieve(refs, withVector));
        List<Point> out = new ArrayList<>(stored.length);
        for (StoredPoint s : stored) {
            out.add(s == null ? null : new Point(s.id(), RowDoc.keyString(s.doc()), s.vector(), payloadOf(s.doc())));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** The point {@code id} names, with its vector and payload, or null when it has none. */
    public Point get(PointId id) throws IOException {
        return retrieve(List.of(id), true).getFirst();
    }

    private static Payload payloadOf(byte[] doc) {
        byte[] p = RowDoc.payload(doc);
        return p == null ? Payload.empty() : Payload.ofEncoded(p);
    }

    /** {@link #search(float[], int, SearchOptions)} with the collection's default options. */
    public SearchResult search(float[] query, int k) {
        return search(query, k, SearchOptions.defaults());
    }

    /**
     * The {@code k} live vectors nearest to {@code query}, nearest first, each id once.
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
        int maxK = engine.settings().maxK();
        if (k > maxK) {
            throw new LimitExceededException("k = " + k + " exceeds the limit of " + maxK + " for collection '"
                    + name() + "'");
        }
        if ((long) k + options.offset() > maxK) {
            throw new LimitExceededException("k = " + k + " with offset " + options.offset() + " exceeds the limit of "
                    + maxK + " for collection '" + name() + "'");
        }
        Found found;
        try {
            found = Errors.unchecked(() -> engine.search(query, k + options.offset(), options.params(),
                    options.withPayload(), condition(options.filter())));
        } catch (SearchAborted e) {
            throw Errors.translate(e);
        }
        SearchHits h = found.hits();
        List<Hit> hits = new ArrayList<>(Math.max(0, h.size() - options.offset()));
        for (int i = options.offset(); i < h.size() && h.distances()[i] <= options.scoreThreshold(); i++) {
            byte[] doc = found.docs() == null ? null : found.docs()[i];
            hits.add(new Hit(h.ids()[i], RowDoc.keyString(doc), h.distances()[i],
                    options.withPayload() ? payloadOf(doc) : null));
        }
        return new SearchResult(hits, h.bucketsScanned(), h.rowsScanned(), h.rowsReranked(), h.confidence(),
                h.estimatedRecall());
    }

    /** The engine's form of {@code filter}: null for the filter every point meets. */
    private static Condition condition(Filter filter) {
        return filter.isAll() ? null : filter.clause();
    }

    /** The live points that meet {@code filter}, counted exactly. */
    public long count(Filter filter) throws IOException {
        Objects.requireNonNull(filter, "filter");
        return Errors.io(() -> engine.count(condition(filter)));
    }

    /**
     * A page of the live points that meet {@code filter}, in id order (key order, by UTF-8 bytes, in
     * a string-keyed collection), from {@code offset} (null: the first) on, with their payloads and,
     * when {@code withVector}, their vectors. Pass each page's {@link ScrollPage#nextOffset()} to the
     * next call: a point that lives through the whole scroll is returned exactly once, while writes
     * go on.
     *
     * @throws LimitExceededException for a {@code limit} above {@link CollectionConfig#maxBatch()}
     */
    public ScrollPage scroll(Filter filter, int limit, PointId offset, boolean withVector) throws IOException {
        Objects.requireNonNull(filter, "filter");
        checkBatch(limit);
        Scroll.Name from = offset == null ? null : offset.isKey()
                ? new Scroll.Name(0, offset.key().getBytes(StandardCharsets.UTF_8)) : new Scroll.Name(offset.id(), null);
        Scroll.Page page = Errors.io(() -> engine.scroll(condition(filter), limit, from, withVector));
        List<Point> points = new ArrayList<>(page.points().size());
        for (StoredPoint p : page.points()) {
            points.add(new Point(p.id(), RowDoc.keyString(p.doc()), p.vector(), payloadOf(p.doc())));
        }
        PointId next = page.next() == null ? null : page.next().key() != null
                ? PointId.of(new String(page.next().key(), StandardCharsets.UTF_8)) : PointId.of(page.next().id());
        return new ScrollPage(points, next);
    }

    /**
     * Deletes every live point that meets {@code filter}; returns how many.
     *
     * @throws IllegalArgumentException for a filter without conditions: it would delete every point,
     *     which a bug that left a filter empty should never do (drop the collection instead)
     */
    public int delete(Filter filter) throws IOException {
        Objects.requireNonNull(filter, "filter");
        if (filter.isAll()) {
            throw new IllegalArgumentException("a filter without conditions matches every point; to delete them all,"
                    + " drop the collection");
        }
        return Errors.io(() -> engine.delete(filter.clause()));
    }

    /**
     * Declares a payload index over {@code field} (a dotted path), replacing one of another type:
     * filters on the field are then answered from it. Returns once the declaration is durable and
     * the index built over every segment.
     */
    public void createFieldIndex(String field, FieldIndexType type) throws IOException {
        Objects.requireNonNull(type, "type");
        FieldPath path = FieldPath.of(field);
        Errors.io(() -> {
            engine.createFieldIndex(path, FieldType.valueOf(type.name()));
            return null;
        });
    }

    /** Drops the payload index over {@code field}, if there is one. */
    public void dropFieldIndex(String field) throws IOException {
        FieldPath path = FieldPath.of(field);
        Errors.io(() -> {
            engine.dropFieldIndex(path);
            return null;
        });
    }

    /** The payload indexes declared, by field, in the order they were declared. */
    public Map<String, FieldIndexType> fieldIndexes() {
        Map<String, FieldIndexType> out = new LinkedHashMap<>();
        engine.fieldIndexes().fields().forEach((f, t) -> out.put(f.name(), FieldIndexType.valueOf(t.name())));
        return java.util.Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------- statistics and lifecycle

    /** Sizes and counters as they are now. */
    public CollectionStats stats() {
        return CollectionStats.of(engine.stats());
    }

    /**
     * Checks the collection: every segment's checksums, at most one live copy of each id across
     * memtables and segments, and the live count. Writes wait while it runs.
     *
     * @throws CorruptIndexException naming the first problem found
     */
    public void verify() throws IOException {
        Errors.io(() -> {
            engine.verify();
            return null;
        });
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name() + ", " + dim() + " dimensions, " + metric() + "]";
    }

    void close() throws IOException {
        engine.close();
    }

    Path directory() {
        return engine.directory();
    }

    /** For tests: runs one maintenance pass now, on the caller's thread. */
    void maintainNow() {
        engine.maintainNow();
    }

    /** For tests: runs {@code r} while this thread holds the structure and write locks. */
    void whileHoldingLocks(Runnable r) {
        engine.whileHoldingLocks(r);
    }

    /** For tests: runs {@code r} while no flush or maintenance can install (writes go on). */
    void whileFlushesWait(Runnable r) {
        engine.whileFlushesWait(r);
    }

    /** For tests: pins the current Version; the caller releases it. */
    Version pinForTest() {
        return engine.pin();
    }
}
