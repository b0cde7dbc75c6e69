package io.drift;

/**
 * Thrown by a search whose {@linkplain SearchOptions#withAbort abort condition} answered true
 * before the search finished (its caller gave up, or a deadline passed): there is no result, and
 * nothing was changed.
 */
public final class SearchAbortedException extends RuntimeException {
    public SearchAbortedException(String message) {
        super(message);
    }
}
