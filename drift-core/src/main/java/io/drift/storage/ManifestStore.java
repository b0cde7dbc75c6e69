package io.drift.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a collection's current manifest and removes what no manifest names (DESIGN §4.4): the
 * newest {@code MANIFEST-*} that reads back whole wins; damaged newer ones (a crash mid-write
 * leaves only a {@code .tmp}, but a damaged disk can do worse) are skipped with a warning.
 */
public final class ManifestStore {

    private static final System.Logger LOG = System.getLogger(ManifestStore.class.getName());

    private ManifestStore() {}

    /** The newest valid manifest in {@code dir}, or empty when there is none. */
    public static Optional<Manifest> latest(Path dir) throws IOException {
        List<Long> generations = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, Manifest.PREFIX + "*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(DiskManager.TEMP_SUFFIX)) {
                    continue;
                }
                try {
                    generations.add(Long.parseLong(name.substring(Manifest.PREFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring {0}: not a manifest name", f);
                }
            }
        }
        generations.sort(java.util.Comparator.reverseOrder());
        for (long g : generations) {
            Path f = dir.resolve(Manifest.fileName(g));
            try {
                Manifest m = Manifest.read(f);
                if (m.generation() != g) {
                    throw new CorruptFileException(f, "manifest", "says generation " + m.generation());
                }
                return Optional.of(m);
            } catch (CorruptFileException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping damaged manifest: {0}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Deletes the files of {@code dir} that Drift writes but {@code current} does not name: older
     * manifests, segments, deletion files, temporary files; and the log files in {@code wal/}
     * older than the oldest log it names (log names are fixed-width numbers, so they sort like
     * their numbers; a log newer than the manifest is never deleted), and temporary files there.
     * Files Drift does not write are left alone. Returns the deleted names.
     */
    public static List<String> removeUnreferenced(Path dir, Manifest current) throws IOException {
        Set<String> live = new HashSet<>(current.liveFiles());
        List<String> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean ours = name.startsWith(Manifest.PREFIX) || name.endsWith(".drift") || name.endsWith(".del")
                        || name.endsWith(DiskManager.TEMP_SUFFIX);
                // a retired segment's file may be going at the same moment on the reclaimer thread
                if (ours && !live.contains(name) && Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    deleted.add(name);
                }
            }
        }
        Path wal = dir.resolve(Manifest.WAL_DIR);
        String oldestLive = current.walFiles().stream().min(String::compareTo).orElse(null);
        if (Files.isDirectory(wal) && oldestLive != null) {
            // Only logs older than every log the manifest names are obsolete: a newer log may have
            // been started (and written to) after this manifest, so it is kept whatever its name.
            try (DirectoryStream<Path> files = Files.newDirectoryStream(wal)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    boolean obsolete = name.endsWith(".log") && name.length() == oldestLive.length()
                            && name.compareTo(oldestLive) < 0;
                    if (obsolete || name.endsWith(DiskManager.TEMP_SUFFIX)) { // or a log whose creation a crash cut short
                        Files.delete(f);
                        deleted.add("wal/" + name);
                    }
                }
            }
            DiskManager.forceDirectory(wal);
        }
        if (!deleted.isEmpty()) {
            DiskManager.forceDirectory(dir);
        }
        return deleted;
    }
}
