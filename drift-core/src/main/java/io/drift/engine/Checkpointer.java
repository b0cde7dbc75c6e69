package io.drift.engine;

import io.drift.storage.DiskManager;
import io.drift.storage.Manifest;
import io.drift.version.VersionSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Consistent copies of a collection directory (docs/FORMAT.md, "Checkpoints"): writes one out of
 * an open collection, and moves one into a data directory.
 *
 * <p>A checkpoint is the directory a crash at one moment would leave, with every write logged
 * before that moment synced: the manifest in force, the segments and deletion files it names, and
 * every log from the oldest it names on, each cut after the last record logged at that moment.
 * Manifests, segments and deletion files are written once and never modified, so they are
 * hard-linked (copied where the target is on another file system); logs are appended to, so the
 * prefix of each is copied.
 *
 * <p>Locks: the structure lock is held while the files are chosen and linked (no durable edit can
 * install, so nothing named is deleted or replaced); inside it the write lock is held only to cut
 * the log (a few field reads): writers wait microseconds. The bytes still to copy (the logs, and
 * files that could not be linked) are read after both locks through channels opened under the
 * structure lock: an open file outlives a flush that deletes its name.
 */
public final class Checkpointer {

    /** A file of a checkpoint: its path in the checkpoint ('/'-separated), its bytes, whether it is immutable. */
    public record Entry(String path, long bytes, boolean immutable) {}

    /**
     * A checkpoint written: the manifest generation it holds, the last log sequence number it
     * includes, and its files (the manifest, its segments and deletion files, then the logs).
     */
    public record Result(long generation, long lastSeq, List<Entry> files) {}

    /** Bytes to copy once the locks are released: the first {@code length} of an open file. */
    private record Pending(FileChannel from, long length, Path to) {}

    /** The moment chosen: the manifest generation in force and the last record logged. */
    private record Moment(long generation, long lastSeq) {}

    private Checkpointer() {}

    /**
     * Writes a checkpoint of the collection in {@code dir} into {@code target}, which must not
     * exist (its parent is created). On failure nothing is left at {@code target}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists
     * @throws IOException when the collection failed earlier or a file cannot be read or written
     */
    static Result write(Path dir, VersionSet versions, WritePath writes, Path target) throws IOException {
        Path out = target.toAbsolutePath().normalize();
        if (out.startsWith(dir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("a checkpoint cannot be written inside the collection directory: "
                    + target);
        }
        Files.createDirectories(out.getParent());
        Files.createDirectory(out);
        List<Pending> pending = new ArrayList<>();
        try {
            Files.createDirectory(out.resolve(Manifest.WAL_DIR));
            List<Entry> files = new ArrayList<>();
            Moment at = versions.callExclusive(() -> choose(dir, versions, writes, out, files, pending));
            for (Pending p : pending) {
                DiskManager.copyPrefix(p.from(), p.length(), p.to());
            }
            closeAll(pending);
            DiskManager.forceDirectory(out.resolve(Manifest.WAL_DIR));
            // the manifest takes its name last: a directory with one is a whole checkpoint
            String manifest = Manifest.fileName(at.generation());
            Files.move(out.resolve(manifest + DiskManager.TEMP_SUFFIX), out.resolve(manifest),
                    StandardCopyOption.ATOMIC_MOVE);
            DiskManager.forceDirectory(out);
            DiskManager.forceDirectory(out.getParent());
            return new Result(at.generation(), at.lastSeq(), List.copyOf(files));
        } catch (IOException | RuntimeException | Error e) {
            try {
                closeAll(pending);
                DiskManager.deleteTree(out);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Under the structure lock: cuts the log, syncs it through the cut, links the immutable files
     * into {@code out} (the manifest under a temporary name) and opens what is left to copy.
     */
    private static Moment choose(Path dir, VersionSet versions, WritePath writes, Path out, List<Entry> files,
                                 List<Pending> pending) throws IOException {
        WritePath.LogCut cut = writes.cut(); // the write lock, briefly; refuses a closed or failed collection
        cut.synced().await(); // the prefix holds only synced records
        long generation = versions.generation();
        String manifestName = Manifest.fileName(generation);
        Manifest manifest = Manifest.read(dir.resolve(manifestName));
        List<String> immutable = new ArrayList<>(manifest.liveFiles());
        immutable.remove(manifestName);
        immutable.addFirst(manifestName);
        for (String f : immutable) {
            Path src = dir.resolve(f);
            Path to = out.resolve(f.equals(manifestName) ? f + DiskManager.TEMP_SUFFIX : f);
            long bytes = Files.size(src);
            if (!DiskManager.tryLink(to, src)) {
                pending.add(open(src, bytes, to));
            }
            files.add(new Entry(f, bytes, true));
        }
        // every log from the oldest the manifest names: the manifest's and those freezes started since
        TreeSet<String> logs = new TreeSet<>(cut.logs());
        logs.addAll(manifest.walFiles());
        Path walDir = dir.resolve(Manifest.WAL_DIR);
        String active = cut.logs().getLast();
        for (String log : logs) {
            Path src = walDir.resolve(log);
            long bytes = log.equals(active) ? cut.activeBytes() : Files.size(src);
            pending.add(open(src, bytes, out.resolve(Manifest.WAL_DIR).resolve(log)));
            files.add(new Entry(Manifest.WAL_DIR + "/" + log, bytes, false));
        }
        return new Moment(generation, cut.lastSeq());
    }

    private static Pending open(Path src, long length, Path to) throws IOException {
        return new Pending(FileChannel.open(src, StandardOpenOption.READ), length, to);
    }

    private static void closeAll(List<Pending> pending) throws IOException {
        IOException first = null;
        for (Pending p : pending) {
            try {
                p.from().close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Puts the checkpoint in {@code source} at {@code temp} (which must not exist): renamed when both
     * are on one file system, else copied (every file and directory forced to disk). Returns whether
     * it was renamed ({@link #putBack} then renames it back).
     */
    public static boolean moveInto(Path source, Path temp) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new java.nio.file.NoSuchFileException(source.toString(), null, "no checkpoint directory");
        }
        try {
            Files.move(source, temp, StandardCopyOption.ATOMIC_MOVE);
            DiskManager.forceDirectory(temp.toAbsolutePath().getParent());
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            try {
                DiskManager.copyTree(source, temp);
            } catch (IOException | RuntimeException failed) {
                deleteQuietly(temp, failed);
                throw failed;
            }
            return false;
        }
    }

    /**
     * Undoes {@link #moveInto} after a failure: renames {@code temp} back to {@code source} when it was
     * renamed from there, else deletes the copy. Problems are added to {@code failure}.
     */
    public static void putBack(Path temp, Path source, boolean moved, Throwable failure) {
        try {
            if (moved && !Files.exists(source)) {
                Files.move(temp, source, StandardCopyOption.ATOMIC_MOVE);
            } else {
                DiskManager.deleteTree(temp);
            }
            DiskManager.forceDirectory(temp.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteQuietly(Path root, Throwable failure) {
        try {
            DiskManager.deleteTree(root);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
