package io.drift;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a collection failed a structural or checksum check. The message names the file, the
 * region that failed ({@code footer}, {@code bucket directory}, {@code bucket 17}, {@code manifest},
 * ...) and what was wrong, so an operator knows what to restore; nothing read from a file that
 * raised it is ever used to answer a query. The regions are the ones docs/FORMAT.md names.
 */
public final class CorruptIndexException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String region;

    /**
     * @param file    the damaged file
     * @param region  the part of the file that failed
     * @param message the whole message: file, region and what was wrong
     */
    public CorruptIndexException(Path file, String region, String message, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.region = Objects.requireNonNull(region, "region");
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
