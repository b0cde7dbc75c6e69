package io.drift;

import io.drift.search.SearchAborted;
import io.drift.storage.CorruptFileException;
import java.io.IOException;

/** Turns the engine's exceptions into the API's: the one place the two meet. */
final class Errors {

    private Errors() {}

    /** {@code e}, or the {@link CorruptIndexException} it stands for. */
    static IOException translate(IOException e) {
        if (e instanceof CorruptFileException c) {
            return new CorruptIndexException(c.file(), c.region(), c.getMessage(), c);
        }
        return e;
    }

    static SearchAbortedException translate(SearchAborted e) {
        return new SearchAbortedException(e.getMessage());
    }

    /** Something that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call} where the API declares no {@link IOException} (a search reading its hits'
     * payloads): what it throws is translated and wrapped in an {@link java.io.UncheckedIOException}.
     */
    static <T> T unchecked(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(translate(e));
        }
    }

    /** Runs {@code call}, translating what it throws. */
    static <T> T io(IoCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (IOException e) {
            throw translate(e);
        }
    }
}
