package io.drift;

import io.drift.engine.Checkpointer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A consistent copy of a collection directory, written by {@link VectorCollection#checkpoint} and
 * taken in by {@link DriftEngine#adoptCollection} (docs/FORMAT.md, "Checkpoints").
 *
 * @param directory  where it was written
 * @param generation the manifest generation it holds ({@code MANIFEST-<generation>})
 * @param lastSeq    the last write-ahead log sequence number it includes: every write logged up
 *                   to it, and none after (0 when nothing was ever logged)
 * @param files      its files: the manifest, the segments and deletion files it names, then the logs
 */
public record Checkpoint(Path directory, long generation, long lastSeq, List<Checkpoint.File> files) {

    /**
     * One file of a checkpoint.
     *
     * @param path      relative to the checkpoint's directory, '/'-separated ({@code 000003.drift},
     *                  {@code wal/000007.log})
     * @param bytes     its length
     * @param immutable whether the collection writes it once and never changes it (manifest,
     *                  segments, deletion files: hard-linked where the file system allows) rather
     *                  than a write-ahead log (a copy of its prefix)
     */
    public record File(String path, long bytes, boolean immutable) {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    public Checkpoint {
        Objects.requireNonNull(directory, "directory");
        files = List.copyOf(files);
    }

    /** The bytes of all its files. */
    public long totalBytes() {
        return files.stream().mapToLong(File::bytes).sum();
    }

    static Checkpoint of(Path directory, Checkpointer.Result r) {
        return new Checkpoint(directory, r.generation(), r.lastSeq(),
                r.files().stream().map(e -> new File(e.path(), e.bytes(), e.immutable())).toList());
    }
}
