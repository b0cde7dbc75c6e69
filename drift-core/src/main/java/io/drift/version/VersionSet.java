package io.drift.version;

import io.drift.memtable.MemTable;
import io.drift.search.L1Index;
import io.drift.storage.Manifest;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A collection's current {@link Version} and the manifest that makes it durable (LevelDB's
 * {@code VersionSet}). Every structural change is a {@link VersionEdit} given to
 * {@link #logAndApply}: the one install path.
 *
 * <p>Two locks. The <em>write lock</em> serialises writes (the write path holds it while it logs
 * and applies a batch) with Version swaps: an edit's fix-ups (deletes that arrived while it was
 * prepared) and the swap happen under it, so no write lands between them. The <em>structure
 * lock</em> serialises durable edits, manifest writes and close: one structural change at a time.
 * Searches take neither: they {@link #pin} the current Version.
 *
 * <p>A durable edit, in order: under the structure lock the next segment list and its L1 index are
 * built (outside the write lock: a flush or a rewrite never makes writers wait for an index build);
 * under the write lock the fix-ups run, the Version is swapped and a checkpoint is captured (the log
 * files still needed, copies of the tombstones that changed, the last record logged); after the
 * write lock the log is synced through that record (the tombstone copies may hold deletes logged
 * after the flushed sequence number, which replay must find), the changed deletion files and then
 * the manifest are written; only then are the files it made obsolete deleted. A crash anywhere
 * leaves the previous manifest with everything it names.
 */
public final class VersionSet {

    private static final System.Logger LOG = System.getLogger(VersionSet.class.getName());

    /** What the set needs from the write-ahead log; called with the write lock held. */
    public interface LogState {
        /** The log files replay needs for the memtables of {@code v}, oldest first. */
        List<String> liveLogs(Version v);

        /** Something that waits until every record logged so far is durable. */
        SyncPoint syncPoint();
    }

    /** Waits until the log is durable up to a point. */
    @FunctionalInterface
    public interface SyncPoint {
        void await() throws IOException;
    }

    /** Builds the L1 index over a Version's segments ({@code previous}: the current one, or null). */
    @FunctionalInterface
    public interface IndexFactory {
        L1Index open(List<SegmentRef> segments, L1Index previous) throws IOException;
    }

    /** Told about changes. */
    public interface Listener {
        /** {@code next} became current. Called with the write lock held: keep it short. */
        default void installed(Version next) {}

        /** {@code edit} is durable and {@code next} is current. Called with the structure lock held. */
        default void applied(VersionEdit edit, Version next) {}

        /** The collection failed ({@link #fail}) or was closed. */
        default void stopped() {}
    }

    private final Path dir;
    private final String name;
    private volatile Map<String, String> config;
    private final IndexFactory indexes;
    private final AtomicReference<Version> current = new AtomicReference<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock structureLock = new ReentrantLock();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextSegment = new AtomicInteger();
    private LogState log;
    private volatile boolean closed;
    private volatile Throwable failure;

    // guarded by the structure lock
    private volatile long generation;
    private long flushedSeq;
    /** The collection's own reference on each segment of the manifest in force. */
    private List<SegmentRef> segments = List.of();
    private final Map<String, String> deletionFiles = new ConcurrentHashMap<>();
    private final Map<String, Long> persistedKills = new HashMap<>();

    private VersionSet(Path dir, String name, Map<String, String> config, IndexFactory indexes) {
        this.dir = dir;
        this.name = name;
        this.config = Map.copyOf(config);
        this.indexes = indexes;
    }

    /**
     * The set as {@code manifest} left it: its segments opened with their deletion files (the
     * caller removed unreferenced files first). {@link #start} makes the first Version.
     *
     * @param config what every new manifest records as the collection's settings
     */
    public static VersionSet recover(Path dir, String name, Manifest manifest, Map<String, String> config,
                                     IndexFactory indexes) throws IOException {
        VersionSet set = new VersionSet(dir, name, config, indexes);
        set.generation = manifest.generation();
        set.flushedSeq = manifest.flushedSeq();
        List<SegmentRef> refs = new ArrayList<>();
        try {
            for (Manifest.Segment s : manifest.segments()) {
                refs.add(open(dir, s));
                if (s.deletions() != null) {
                    set.deletionFiles.put(s.file(), s.deletions());
                }
                set.persistedKills.put(s.file(), 0L);
                set.nextSegment.accumulateAndGet(segmentNumber(s.file()) + 1, Math::max);
            }
        } catch (IOException | RuntimeException e) {
            refs.forEach(SegmentRef::release);
            throw e;
        }
        set.segments = List.copyOf(refs);
        return set;
    }

    private static SegmentRef open(Path dir, Manifest.Segment s) throws IOException {
        SegmentReader reader = SegmentReader.open(dir.resolve(s.file()));
        try {
            Tombstones t = s.deletions() == null ? Tombstones.none(reader)
                    : Tombstones.read(dir.resolve(s.deletions()), reader);
            return new SegmentRef(reader, t, s.partition() == Manifest.Segment.OWN_PARTITION
                    ? segmentNumber(s.file()) : s.partition(), s.writtenMillis());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** The number in a segment file's name, or -1 for another name. */
    public static int segmentNumber(String file) {
        try {
            return Integer.parseInt(file.substring(0, file.indexOf('.')));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The file name of segment number {@code n}. */
    public static String segmentName(int n) {
        return String.format("%06d.drift", n);
    }

    /**
     * Makes the first Version: {@code active} and the recovered segments under their L1 index. The
     * log state is what later checkpoints ask for the logs still needed.
     */
    public void start(MemTable active, LogState log) throws IOException {
        this.log = log;
        L1Index l1 = segments.isEmpty() ? null : indexes.open(segments, null);
        current.set(new Version(active, List.of(), segments, l1));
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public Path directory() {
        return dir;
    }

    /** The lock writers hold while they log and apply a batch; swaps take it too. */
    public ReentrantLock writeLock() {
        return writeLock;
    }

    /** The current Version, unpinned: only for a caller holding the write lock, or for a glance. */
    public Version current() {
        return current.get();
    }

    /** Pins the current Version (the caller releases it), or returns null once closed. Lock-free. */
    public Version pin() {
        return Version.acquire(current);
    }

    /** The manifest generation in force. */
    public long generation() {
        return generation;
    }

    /**
     * Numbers new segments from {@code next} on at least: above every segment file the directory
     * held when the collection was opened, named by the manifest or not, so that no new file takes
     * the name of one still to be deleted.
     */
    public void numberSegmentsFrom(int next) {
        nextSegment.accumulateAndGet(next, Math::max);
    }

        /** Reserves {@code n} segment numbers for files about to be written; returns the first. */
    public int reserveSegmentNumbers(int n) {
        return nextSegment.getAndAdd(n);
    }

    /** The deletion files in force (a snapshot). */
    public List<String> deletionFiles() {
        return List.copyOf(deletionFiles.values());
    }

    /** Whether the collection is open and has not failed: structural changes may run. */
    public boolean healthy() {
        return !closed && failure == null;
    }

    public boolean isClosed() {
        return closed;
    }

    /** What made the collection fail, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Records that the collection failed: no structural change runs from now on, writes are refused. */
    public void fail(Throwable t) {
        if (failure == null) {
            failure = t;
            LOG.log(System.Logger.Level.ERROR, "collection " + name + " stops taking writes", t);
        }
        listeners.forEach(Listener::stopped);
    }

    /** Runs {@code r} while no durable edit can run (nor start to build its index). */
    public void runExclusive(Runnable r) {
        structureLock.lock();
        try {
            r.run();
        } finally {
            structureLock.unlock();
        }
    }

    /** Work done under the structure lock that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Exclusive<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} while no durable edit can run: the manifest in force stays in force and
     * no file is deleted or replaced (its segments, deletion files and logs included). The action
     * may take the write lock (the lock order is structure lock, then write lock; never the reverse).
     */
    public <T> T callExclusive(Exclusive<T> action) throws IOException {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the structure lock is taken before the write lock, not under it");
        }
        structureLock.lock();
        try {
            return action.run();
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Sets the collection setting {@code key} to {@code value} (null removes it) and writes a
     * manifest that records it; returns false when the set is closed or failed (nothing changed).
     */
    public boolean setConfig(String key, String value) throws IOException {
        structureLock.lock();
        try {
            Map<String, String> before = config;
            Map<String, String> next = new java.util.LinkedHashMap<>(before);
            if (value == null) {
                next.remove(key);
            } else {
                next.put(key, value);
            }
            config = java.util.Collections.unmodifiableMap(next);
            if (!applyDurable(VersionEdit.drop(List.of()))) {
                config = before;
                return false;
            }
            return true;
        } finally {
            structureLock.unlock();
        }
    }

    /**
     * Applies {@code edit}. A freeze (not durable) only swaps the Version, and its caller holds the
     * write lock. A durable edit also writes the manifest (see the class comment) and returns false,
     * discarding the edit, when the collection closed or failed, or when the segments it changes are
     * no longer current (another edit replaced them meanwhile).
     *
     * @throws IOException when the manifest cannot be written; the collection then fails
     */
    public boolean logAndApply(VersionEdit edit) throws IOException {
        if (!edit.durable()) {
            if (!writeLock.isHeldByCurrentThread()) {
                throw new IllegalStateException("a freeze is applied under the write lock");
            }
            Version cur = current.get();
            List<MemTable> frozen = new ArrayList<>(cur.frozen());
            frozen.add(cur.active());
            install(new Version(edit.newActive(), frozen, cur.segments(), cur.l1()));
            return true;
        }
        structureLock.lock();
        try {
            return applyDurable(edit);
        } finally {
            structureLock.unlock();
        }
    }

    private boolean applyDurable(VersionEdit edit) throws IOException {
        List<SegmentRef> changed = edit.moved() == null ? List.of() : edit.moved().segments();
        if (!healthy() || !segments.containsAll(changed) || !segments.containsAll(edit.dropped())) {
            edit.discard();
            return false;
        }
        // the new Version's view of the segments whose rows moved: copies of their tombstones, so
        // that a search pinned on an older Version goes on finding the rows where they were
        Map<SegmentRef, SegmentRef> replacements = new IdentityHashMap<>();
        boolean installed = false;
        try {
            for (SegmentRef s : changed) {
                replacements.put(s, s.withTombstones(s.tombstones().copy()));
            }
            List<SegmentRef> next = new ArrayList<>(segments.size() + edit.added().size());
            for (SegmentRef s : segments) {
                if (!edit.dropped().contains(s)) {
                    next.add(replacements.getOrDefault(s, s));
                }
            }
            next.addAll(edit.added());
            Version before = current.get();
            boolean same = replacements.isEmpty() && edit.added().isEmpty() && edit.dropped().isEmpty();
            L1Index l1 = next.isEmpty() ? null : same ? before.l1() : indexes.open(next, before.l1());
            Checkpoint cp;
            Version installedVersion;
            writeLock.lock();
            try {
                Version cur = current.get();
                List<MemTable> frozen = cur.frozen();
                if (edit.flushed() != null) {
                    List<MemTable> tables = edit.flushed().tables();
                    if (frozen.size() < tables.size() || !frozen.subList(0, tables.size()).equals(tables)) {
                        throw new IllegalStateException("the memtables being flushed are no longer the oldest frozen ones");
                    }
                    frozen = frozen.subList(tables.size(), frozen.size());
                    carryFlushDeletes(edit.flushed(), l1);
                }
                if (edit.moved() != null) {
                    for (Map.Entry<SegmentRef, SegmentRef> e : replacements.entrySet()) {
                        e.getValue().tombstones().absorb(e.getKey().tombstones()); // deletes since the copy
                    }
                    killMoved(edit.moved(), replacements, edit.added());
                }
                if (l1 != null) {
                    l1.refreshReliability(); // rows killed through the old index while this one was built
                }
                installedVersion = new Version(cur.active(), frozen, next, l1);
                install(installedVersion);
                installed = true;
                segments = List.copyOf(next);
                for (SegmentRef s : edit.added()) {
                    persistedKills.put(s.name(), 0L);
                }
                cp = checkpoint(edit.flushedSeq() >= 0 ? edit.flushedSeq() : flushedSeq, edit.obsoleteLogs());
            } finally {
                writeLock.unlock();
            }
            replacements.keySet().forEach(SegmentRef::release); // the collection's references on the old tombstones
            writeManifest(cp);
            for (SegmentRef s : edit.dropped()) {
                persistedKills.remove(s.name());
                s.retire();
                s.release(); // the collection's own reference; searches still holding it keep it mapped
            }
            for (Listener l : listeners) {
                l.applied(edit, installedVersion);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            if (!installed) {
                replacements.values().forEach(SegmentRef::release);
                edit.discard();
            }
            fail(e);
            throw e;
        }
    }

    /** Deletes, in the new segments, the copied rows that were deleted or replaced while the flush ran. */
    private static void carryFlushDeletes(VersionEdit.FlushedRows rows, L1Index l1) throws IOException {
        for (int i = 0; i < rows.count(); i++) {
            if (rows.tables().get(rows.table()[i]).isDead(rows.row()[i])) {
                l1.kill(l1.locate(rows.ids()[i]));
            }
        }
    }

    /**
     * Deletes every moved row at its old place in the new Version, or, for a row deleted or
     * replaced while the rewrite ran (already dead there), its new copy.
     */
    private static void killMoved(VersionEdit.MovedRows moved, Map<SegmentRef, SegmentRef> replacements,
                                  List<SegmentRef> outputs) throws IOException {
        for (int i = 0; i < moved.count(); i++) {
            Tombstones t = replacements.get(moved.segments().get(moved.segment()[i])).tombstones();
            if (!t.kill(moved.bucket()[i], moved.row()[i])) {
                for (SegmentRef s : outputs) {
                    long at = s.reader().locate(moved.ids()[i]);
                    if (at >= 0) {
                        s.tombstones().kill((int) (at >>> 32), (int) at);
                        break;
                    }
                }
            }
        }
    }

    /** Swaps in {@code next} and drops the set's pin on the old Version. Write lock held. */
    private void install(Version next) {
        Version old = current.getAndSet(next);
        old.release();
        for (Listener l : listeners) {
            l.installed(next);
        }
    }

    /**
     * What a new manifest records, captured under the write lock: the flushed sequence number, the
     * logs still needed, copies of the tombstones that changed, and a sync point covering the last
     * record logged.
     */
    private record Checkpoint(long flushedSeq, List<String> walFiles, Map<SegmentRef, Tombstones> changed,
                              SyncPoint synced, List<String> obsoleteLogs) {}

    private Checkpoint checkpoint(long newFlushedSeq, List<String> obsoleteLogs) {
        Map<SegmentRef, Tombstones> changed = new IdentityHashMap<>();
        for (SegmentRef s : segments) {
            Tombstones t = s.tombstones();
            if (t.killCount() != persistedKills.getOrDefault(s.name(), 0L)) {
                changed.put(s, t.copy());
            }
        }
        return new Checkpoint(newFlushedSeq, log.liveLogs(current.get()), changed, log.syncPoint(),
                List.copyOf(obsoleteLogs));
    }

    /** Makes a checkpoint durable, then removes what it made obsolete. Structure lock held. */
    private void writeManifest(Checkpoint cp) throws IOException {
        cp.synced().await();
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
            entries.add(new Manifest.Segment(s.name(), dels.get(s.name()), s.partition(), s.writtenMillis()));
        }
        new Manifest(gen, cp.flushedSeq(), config, entries, cp.walFiles()).writeTo(dir);
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
        for (String f : cp.obsoleteLogs()) {
            Files.deleteIfExists(dir.resolve(Manifest.WAL_DIR).resolve(f));
        }
        Files.deleteIfExists(dir.resolve(Manifest.fileName(oldGen)));
    }

    /** Marks the collection closed: nothing structural runs from now on; the listeners hear of it. */
    public void markClosed() {
        writeLock.lock();
        try {
            closed = true;
        } finally {
            writeLock.unlock();
        }
        listeners.forEach(Listener::stopped);
    }

    /**
     * Releases the current Version and the set's references on the segments; segments are unmapped
     * once the searches still holding them finish. Runs {@code whileExclusive} first, under the
     * structure lock (a running edit finishes before).
     */
    public void release(Runnable whileExclusive) {
        structureLock.lock();
        try {
            whileExclusive.run();
        } finally {
            try {
                releaseAll();
            } finally {
                structureLock.unlock();
            }
        }
    }

    /** Releases everything without waiting for the structure lock (a collection that failed to open). */
    public void releaseAll() {
        Version v = current.getAndSet(null);
        if (v != null) {
            v.release();
        }
        for (SegmentRef s : segments) {
            s.release();
        }
        segments = List.of();
    }
}
