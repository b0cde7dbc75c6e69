package io.drift;

/** Thrown when a collection is created under a name already taken. */
public final class CollectionExistsException extends RuntimeException {
    public CollectionExistsException(String name) {
        super("a collection named '" + name + "' already exists");
    }
}
