package io.drift.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file whose content does not follow its format, or uses a part of the format Drift does
 * not support: truncated rows, a bad magic number, a dimension that changes mid-file, an
 * unsupported dtype. The message starts with the file and then says what is wrong and where.
 */
public final class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem in {@code file}; {@code problem} says what is wrong, for example where a row ends early. */
    public MalformedFileException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file") + ": " + problem);
        this.file = file;
    }

    /** As {@link #MalformedFileException(Path, String)}, caused by a lower-level error such as a gzip failure. */
    public MalformedFileException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
