package io.drift;

import io.drift.concurrent.Reclaimer;
import io.drift.engine.Background;
import io.drift.engine.Checkpointer;
import io.drift.engine.Recovery;
import io.drift.storage.DiskManager;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The embedded database: the collections kept in one data directory, one subdirectory each.
 *
 * <pre>{@code
 * try (DriftEngine engine = DriftEngine.open(Path.of("drift-data"))) {
 *     VectorCollection docs = engine.createCollection("docs", 768, Metric.COSINE, CollectionConfig.defaults());
 *     docs.upsert(42, embedding);
 *     SearchResult hits = docs.search(query, 10);
 * }
 * }</pre>
 *
 * <p>One process at a time may open a data directory (a lock file guards it). Background work (the
 * flushes of every collection, the linking of memtable graphs, maintenance) runs on daemon threads
 * owned by the engine, a flush's clustering on at most {@code cores - 1} threads. Thread-safe.
 */
public final class DriftEngine implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DriftEngine.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The largest dimension a collection may have. */
    public static final int MAX_DIM = 4096;
    static final String LOCK_FILE = "LOCK";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path dataDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Background background = new Background();
    private final TreeMap<String, VectorCollection> collections = new TreeMap<>();
    /** The open collections for lock-free lookups; changed with {@link #collections}, under the monitor. */
    private final java.util.concurrent.ConcurrentHashMap<String, VectorCollection> byName =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    private DriftEngine(Path dataDir, FileChannel lockChannel, FileLock lock) {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the data directory and every collection in it, recovering each
     * from its manifest and write-ahead log.
     *
     * @throws IOException when the directory is in use by another process, or a collection cannot
     *     be recovered (a {@link CorruptIndexException} names the file and region)
     */
    public static DriftEngine open(Path dataDir) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Files.createDirectories(dataDir);
        FileChannel ch = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("data directory " + dataDir.toAbsolutePath() + " is in use by another Drift engine"
                    + " (its " + LOCK_FILE + " file is locked)");
        }
        DriftEngine engine = new DriftEngine(dataDir, ch, lock);
        try {
            engine.openCollections();
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    private void openCollections() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        for (Path p : dirs) {
            String n = p.getFileName().toString();
            if (n.startsWith(TEMP_PREFIX)) {
                DiskManager.deleteTree(p); // an unfinished create or drop
            } else if (NAME.matcher(n).matches()) {
                VectorCollection opened = open(n, p);
                collections.put(n, opened);
                byName.put(n, opened);
            }
        }
    }

    private VectorCollection open(String name, Path dir) throws IOException {
        return new VectorCollection(Errors.io(() -> Recovery.open(name, dir, background)));
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Creates a collection.
     *
     * @param name   {@code [A-Za-z0-9_-]{1,64}}
     * @param dim    1 to {@value #MAX_DIM}
     * @throws IllegalArgumentException for a bad name, dimension or config
     * @throws CollectionExistsException when the name is taken
     */
    public synchronized VectorCollection createCollection(String name, int dim, Metric metric, CollectionConfig config)
            throws IOException {
        checkName(name);
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException("dimension must be between 1 and " + MAX_DIM + ", got " + dim);
        }
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(config, "config");
        checkOpen();
        if (collections.containsKey(name)) {
            throw new CollectionExistsException(name);
        }
        // built beside the data, then renamed into place: a crash leaves either nothing or all of it
        Path temp = dataDir.resolve(TEMP_PREFIX + name + "-" + System.nanoTime());
        Path target = dataDir.resolve(name);
        Errors.io(() -> {
            Recovery.initialise(temp, dim, metric.internal(), config.settings());
            return null;
        });
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        DiskManager.forceDirectory(dataDir);
        VectorCollection c = open(name, target);
        collections.put(name, c);
        byName.put(name, c);
        LOG.log(System.Logger.Level.INFO, "created collection {0} ({1} dimensions, {2})", name, dim, metric);
        return c;
    }

    /**
     * Takes in a checkpoint ({@link VectorCollection#checkpoint}, possibly written on another
     * machine) as the collection {@code name}, and opens it as a crash would be recovered from: the
     * manifest, its segments and deletion files, the logs replayed.
     *
     * <p>The directory {@code source} is renamed into the data directory (copied, with every file
     * forced to disk, when it is on another file system; {@code source} is then left as it was)
     * under a {@code .tmp-} name, checked there (every file the manifest names present, every
     * segment checksum, the deletion files, every log record), then renamed to {@code name} and the
     * data directory forced, as {@link #createCollection} does: a crash leaves either no collection
     * or a whole one. The segments of a checkpoint written on this file system are hard links to
     * its collection's files; the adopted collection only ever adds and deletes names.
     *
     * @throws CollectionExistsException when the name is taken
     * @throws IllegalArgumentException for a bad name
     * @throws CorruptIndexException naming the file when the checkpoint is damaged or incomplete
     *     (a file its manifest names is missing, a checksum fails, ...); then nothing is registered,
     *     nothing is left in the data directory, and a renamed {@code source} is renamed back
     * @throws IOException when {@code source} is no directory or cannot be moved or read
     */
    public synchronized VectorCollection adoptCollection(String name, Path source) throws IOException {
        checkName(name);
        Objects.requireNonNull(source, "source");
        checkOpen();
        if (collections.containsKey(name)) {
            throw new CollectionExistsException(name);
        }
        Path temp = dataDir.resolve(TEMP_PREFIX + name + "-" + System.nanoTime());
        Path target = dataDir.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("cannot adopt collection '" + name + "': " + target + " exists");
        }
        boolean moved = Checkpointer.moveInto(source, temp);
        try {
            Errors.io(() -> {
                Recovery.check(temp);
                return null;
            });
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            DiskManager.forceDirectory(dataDir);
        } catch (IOException | RuntimeException e) {
            Checkpointer.putBack(temp, source, moved, e);
            throw e;
        }
        VectorCollection c;
        try {
            c = open(name, target);
        } catch (IOException | RuntimeException e) {
            // out of the data directory's names at once, then the files
            Path trash = dataDir.resolve(TEMP_PREFIX + name + "-" + System.nanoTime());
            try {
                Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
                DiskManager.forceDirectory(dataDir);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
                throw e;
            }
            Checkpointer.putBack(trash, source, moved, e);
            throw e;
        }
        collections.put(name, c);
        byName.put(name, c);
        LOG.log(System.Logger.Level.INFO, "adopted collection {0} from {1}", name, source);
        return c;
    }

    /**
     * The collection named {@code name}.
     *
     * @throws CollectionNotFoundException when there is none
     */
    public VectorCollection collection(String name) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        VectorCollection c = byName.get(name); // no lock: every request of a server looks its collection up
        if (c == null) {
            throw new CollectionNotFoundException(name);
        }
        return c;
    }

    private synchronized VectorCollection collectionLocked(String name) {
        Objects.requireNonNull(name, "name");
        checkOpen();
        VectorCollection c = collections.get(name);
        if (c == null) {
            throw new CollectionNotFoundException(name);
        }
        return c;
    }

    /** Names of the collections, sorted. */
    public synchronized List<String> listCollections() {
        checkOpen();
        return List.copyOf(collections.keySet());
    }

    /**
     * Closes a collection and deletes its files; searches still running on it finish first.
     *
     * @throws CollectionNotFoundException when there is none
     */
    public synchronized void dropCollection(String name) throws IOException {
        VectorCollection c = collectionLocked(name);
        byName.remove(name);
        c.close();
        collections.remove(name);
        Path temp = dataDir.resolve(TEMP_PREFIX + name + "-" + System.nanoTime());
        Files.move(c.directory(), temp, StandardCopyOption.ATOMIC_MOVE); // gone for the next open at once
        DiskManager.forceDirectory(dataDir);
        DiskManager.deleteTree(temp);
        LOG.log(System.Logger.Level.INFO, "dropped collection {0}", name);
    }

    /** Whether {@code name} may name a collection: {@code [A-Za-z0-9_-]{1,64}}. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("collection name '" + name + "' must match [A-Za-z0-9_-]{1,64}");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
    }

    /**
     * Closes every collection (unflushed writes stay in their logs for the next open), stops the
     * background threads and releases the directory lock.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException first = null;
        for (VectorCollection c : collections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        collections.clear();
        byName.clear();
        try {
            background.shutdown(); // a maintenance pass still running lets go of its Version here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // the segments nothing holds any more are unmapped (and retired files deleted) before close returns
            Reclaimer.awaitIdle(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.release();
        lockChannel.close();
        if (first != null) {
            throw first;
        }
    }
}
