package io.drift.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A fresh directory for a benchmark's indexes, deleted with everything in it on {@link #close()}.
 * It is created inside a parent the user names, or in the system temporary directory; the parent
 * itself is never deleted.
 */
public final class ScratchDirectory implements AutoCloseable {

    private static final String PREFIX = "drift-bench-";

    private final Path root;

    private ScratchDirectory(Path root) {
        this.root = root;
    }

    /** A new directory inside {@code parent} (created if missing), or in the temp dir when null. */
    public static ScratchDirectory create(Path parent) throws IOException {
        if (parent == null) {
            return new ScratchDirectory(Files.createTempDirectory(PREFIX));
        }
        Files.createDirectories(parent);
        return new ScratchDirectory(Files.createTempDirectory(parent, PREFIX));
    }

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /** A new empty subdirectory named {@code name}. */
    public Path newDirectory(String name) throws IOException {
        Path dir = root.resolve(name);
        if (!dir.normalize().startsWith(root) || dir.equals(root)) {
            throw new IllegalArgumentException("not a plain directory name: " + name);
        }
        return Files.createDirectory(dir);
    }

    /** Deletes {@code path} and, if it is a directory, everything under it; symbolic links are not followed. */
    public static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            }
        }
        try {
            Files.delete(path);
        } catch (NoSuchFileException alreadyGone) {
            // deleted concurrently or never created: the goal is met
        }
    }

    @Override
    public void close() throws IOException {
        deleteTree(root);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
