package io.drift.dataset;

import java.io.IOException;

/**
 * A dataset's files are not where they were looked for. The message names the missing file, the
 * directory searched and how to obtain the data.
 */
public final class DatasetNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}
