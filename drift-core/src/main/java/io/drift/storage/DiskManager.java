package io.drift.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
     * Makes {@code link} a new name of the existing file {@code existing} (a hard link); returns false
     * when the file system cannot (another file system, no hard links), leaving nothing behind.
     * The new entry is durable once the caller forces {@code link}'s directory.
     */
    public static boolean tryLink(Path link, Path existing) throws IOException {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (FileSystemException e) {
            if (e instanceof FileAlreadyExistsException || e instanceof NoSuchFileException) {
                throw e;
            }
            return false; // EXDEV (another file system), EPERM (no hard links here), ...
        }
    }

    /**
     * Copies the first {@code length} bytes of {@code from} into the new file {@code to} and forces
     * them to disk (the caller forces the directory).
     *
     * @throws IOException when {@code from} holds fewer bytes, or {@code to} exists
     */
    public static void copyPrefix(FileChannel from, long length, Path to) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long at = 0;
            while (at < length) {
                long n = from.transferTo(at, length - at, out);
                if (n <= 0 && from.size() < length) {
                    throw new IOException("cannot copy " + length + " bytes into " + to + ": the source holds "
                            + from.size());
                }
                at += Math.max(n, 0);
            }
            out.force(true);
        }
    }

    /**
     * Copies the directory tree {@code from} into the new directory {@code to} (on any file system),
     * every file and directory forced to disk, {@code to}'s parent included.
     */
    public static void copyTree(Path from, Path to) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path copy = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(copy);
                    dirs.add(copy);
                } else {
                    try (FileChannel in = FileChannel.open(p, StandardOpenOption.READ)) {
                        copyPrefix(in, in.size(), copy);
                    }
                }
            }
        }
        for (Path d : dirs.reversed()) {
            forceDirectory(d);
        }
        forceDirectory(to.toAbsolutePath().getParent());
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
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
