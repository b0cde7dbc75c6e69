package io.drift;

/** Thrown when a collection is asked for by a name the engine does not hold. */
public final class CollectionNotFoundException extends RuntimeException {
    public CollectionNotFoundException(String name) {
        super("no collection named '" + name + "'");
    }
}
