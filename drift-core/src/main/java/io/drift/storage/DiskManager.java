package io.drift.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * How segment files reach the disk and come back: files are written under a temporary name,
 * forced, renamed atomically into place and the directory is forced, so a crash leaves either
 * no file or a whole one; published files are mapped read-only with the FFM API.
 */
public final class DiskManager {
    /** Suffix of files being written; a file with it is never named by a manifest. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DiskManager() {}

    /** A new, empty temporary file beside {@code target}, for writing its content. */
    public static Path tempFileFor(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /**
     * Makes {@code temp} durable under the name {@code target}: force its content, rename it
     * atomically, force the directory entry.
     */
    public static void publish(Path temp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot publish " + target + ": the file system has no atomic rename", e);
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces a directory's entries (creations, renames, deletions) to disk. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Maps a whole file read-only into {@code arena}; the mapping lives until the arena closes.
     * An empty file maps to an empty segment.
     */
    public static MemorySegment mapReadOnly(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }
}
