package io.drift.search;

/** A search stopped because its {@link SearchParams#abort} condition answered true. */
public final class SearchAborted extends RuntimeException {
    public SearchAborted(String message) {
        super(message, null, false, false);
    }
}
