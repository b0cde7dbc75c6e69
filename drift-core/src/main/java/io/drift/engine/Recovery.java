package io.drift.engine;

import io.drift.memtable.MemTable;
import io.drift.storage.CorruptFileException;
import io.drift.storage.Manifest;
import io.drift.storage.ManifestStore;
import io.drift.storage.SegmentReader;
import io.drift.storage.Tombstones;
import io.drift.vector.Distance;
import io.drift.version.Version;
import io.drift.version.VersionSet;
import io.drift.wal.WalOp;
import io.drift.wal.WalRecord;
import io.drift.wal.WalReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates a collection's directory, and opens one (DESIGN §4.3, §4.4): the newest whole manifest
 * wins; files it does not name are removed; its segments are opened with their deletion files;
 * every log from the oldest it names (logs started after it by freezes are not named) is replayed
 * above its flushed sequence number through the write path's own apply; a torn tail of the newest
 * log is cut with a warning; the newest log is reopened for appending. A log the manifest names but
 * that is missing is corruption.
 */
public final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private Recovery() {}

    /** Writes the first manifest and an empty log of a new collection into the empty {@code dir}. */
    public static void initialise(Path dir, int dim, Distance metric, CollectionSettings settings) throws IOException {
        Files.createDirectories(dir.resolve(Manifest.WAL_DIR));
        WritePath.createFirstLog(dir);
        new Manifest(1, 0, CollectionEngine.manifestConfig(dim, metric, settings), List.of(),
                List.of(WritePath.logName(1))).writeTo(dir);
    }

    /**
     * Opens the collection in {@code dir} and starts its maintenance.
     *
     * @throws CorruptFileException naming the file and region when something cannot be read back
     */
    public static CollectionEngine open(String name, Path dir, Background background) throws IOException {
        Manifest manifest = ManifestStore.latest(dir).orElseThrow(() ->
                new CorruptFileException(dir, "manifest", "no readable manifest in the collection directory"));
        int nextSegment = nextSegmentNumber(dir); // before the unreferenced files go
        ManifestStore.removeUnreferenced(dir, manifest);
        requireNamedFiles(dir, manifest);
        Map<String, String> m = manifest.config();
        int dim = Integer.parseInt(required(m, "dim", dir));
        Distance metric = Distance.valueOf(required(m, "metric", dir));
        CollectionSettings settings = CollectionSettings.fromMap(m);
        CollectionEngine c = new CollectionEngine(name, dir, dim, metric, settings, background, manifest);
        c.versions.numberSegmentsFrom(nextSegment);
        try {
            replay(c, manifest);
        } catch (IOException | RuntimeException e) {
            c.versions.releaseAll();
            try {
                c.writes.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        c.startJanitor();
        return c;
    }

    /**
     * Reads what {@link #open} reads of the collection in {@code dir}, without opening it (no
     * memtable, index or background work, nothing removed): the manifest and its settings, every
     * segment it names (every checksum) with its deletion file, and every log record replay would
     * read. A torn tail of the newest log is cut, as opening does. Adopting a checkpoint runs this
     * before the directory takes its name, so a damaged one does not appear in the data directory.
     *
     * @throws CorruptFileException naming the file and region when something cannot be read back
     */
    public static void check(Path dir) throws IOException {
        Manifest manifest = ManifestStore.latest(dir).orElseThrow(() ->
                new CorruptFileException(dir, "manifest", "no readable manifest in the collection directory"));
        requireNamedFiles(dir, manifest);
        Map<String, String> m = manifest.config();
        int dim = Integer.parseInt(required(m, "dim", dir));
        Distance.valueOf(required(m, "metric", dir));
        CollectionSettings.fromMap(m);
        for (Manifest.Segment seg : manifest.segments()) {
            SegmentReader reader = SegmentReader.open(dir.resolve(seg.file()));
            try {
                reader.verify(); // every checksum: a checkpoint may have crossed a network
                if (reader.dim() != dim) {
                    throw new CorruptFileException(reader.file(), "header page", "holds vectors of dimension "
                            + reader.dim() + ", the collection's is " + dim);
                }
                if (seg.deletions() != null) {
                    Tombstones.read(dir.resolve(seg.deletions()), reader);
                }
            } finally {
                reader.close();
            }
        }
        Path walDir = dir.resolve(Manifest.WAL_DIR);
        try {
            WalReplay.replay(walDir, logsToReplay(walDir, manifest), manifest.flushedSeq(), r -> {
                try {
                    checkRecord(r, dim, walDir);
                } catch (CorruptFileException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Each segment and deletion file the manifest names must be there. */
    private static void requireNamedFiles(Path dir, Manifest manifest) throws CorruptFileException {
        for (Manifest.Segment s : manifest.segments()) {
            requireFile(dir.resolve(s.file()), "segment", manifest);
            if (s.deletions() != null) {
                requireFile(dir.resolve(s.deletions()), "deletion file", manifest);
            }
        }
    }

    private static void requireFile(Path f, String region, Manifest manifest) throws CorruptFileException {
        if (!Files.isRegularFile(f)) {
            throw new CorruptFileException(f, region, "is named by " + Manifest.fileName(manifest.generation())
                    + " but missing");
        }
    }

    /** One above the highest segment number of any file in {@code dir}. */
    private static int nextSegmentNumber(Path dir) throws IOException {
        int max = -1;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.drift*")) {
            for (Path f : files) {
                max = Math.max(max, VersionSet.segmentNumber(f.getFileName().toString()));
            }
        }
        return max + 1;
    }

    private static String required(Map<String, String> m, String key, Path dir) throws CorruptFileException {
        String v = m.get(key);
        if (v == null) {
            throw new CorruptFileException(dir, "manifest", "has no '" + key + "' setting");
        }
        return v;
    }

    private static void replay(CollectionEngine c, Manifest manifest) throws IOException {
        MemTable active = c.newMemTable();
        c.versions.start(active, c.writes);
        Version v = c.versions.current();
        c.writes.setLiveCount(v.l1() == null ? 0 : v.l1().liveRows());

        Path walDir = c.directory().resolve(Manifest.WAL_DIR);
        List<String> logs = logsToReplay(walDir, manifest);
        WalReplay.Result replay;
        try {
            replay = WalReplay.replay(walDir, logs, manifest.flushedSeq(), r -> {
                try {
                    checkRecord(r, c.dim(), walDir);
                    c.writes.apply(v, r.op());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (replay.replayed() > 0) {
            LOG.log(System.Logger.Level.INFO, "collection {0}: replayed {1} log records from {2}", c.name(),
                    replay.replayed(), logs);
        }
        c.writes.recovered(active, logs, replay);
    }

    /** A logged vector must have the collection's dimension. */
    private static void checkRecord(WalRecord r, int dim, Path walDir) throws CorruptFileException {
        if (r.op().type() == WalOp.Type.UPSERT && r.op().vector().length != dim) {
            throw new CorruptFileException(walDir, "write-ahead log", "record " + r.seq() + " holds a vector"
                    + " of dimension " + r.op().vector().length + ", the collection's is " + dim);
        }
    }

    /** Every log from the oldest the manifest names, in order; each log it names must be there. */
    private static List<String> logsToReplay(Path walDir, Manifest manifest) throws IOException {
        String oldest = manifest.walFiles().stream().min(String::compareTo).orElseThrow(() ->
                new CorruptFileException(walDir.getParent(), "manifest", "names no log file"));
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
                throw new CorruptFileException(walDir.resolve(named), "write-ahead log", "is named by "
                        + Manifest.fileName(manifest.generation()) + " but missing");
            }
        }
        return logs;
    }
}
