package io.drift.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of the index failed a structural or checksum check. The message names the file and the
 * region that failed ({@code footer}, {@code bucket directory}, {@code bucket 17}, {@code bloom
 * filter}, ...) and what was wrong, so an operator knows what to restore; nothing read from a
 * file that raised it is ever used to answer a query.
 */
public class CorruptFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String region;

    /**
     * @param file the damaged file
     * @param region the part of the file that failed, in the words of {@code docs/FORMAT.md}
     * @param problem what was wrong, e.g. {@code "CRC32C mismatch: stored 0x1234abcd, computed 0x0badf00d"}
     */
    public CorruptFileException(Path file, String region, String problem) {
        this(file, region, problem, null);
    }

    public CorruptFileException(Path file, String region, String problem, Throwable cause) {
        super("corrupt index file " + file + ": " + Objects.requireNonNull(region, "region") + ": "
                + Objects.requireNonNull(problem, "problem"), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.region = region;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** The region of the file that failed its check. */
    public String region() {
        return region;
    }
}
