package io.drift;

/**
 * Thrown when a request is larger than a configured limit (points in one batch, k of a search):
 * well-formed, but more than the collection accepts at once. Nothing was changed.
 */
public final class LimitExceededException extends IllegalArgumentException {
    public LimitExceededException(String message) {
        super(message);
    }
}
