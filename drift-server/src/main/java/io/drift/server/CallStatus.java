package io.drift.server;

import io.drift.CollectionExistsException;
import io.drift.CollectionNotFoundException;
import io.drift.DriftEngine;
import io.drift.LimitExceededException;
import io.drift.SearchAbortedException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The status a call of the service ends with for what it threw (see {@link #of}). Nothing the
 * engine throws escapes as anything but a status, and an unexpected exception is logged with a
 * request id and answered {@code INTERNAL} without its details.
 */
final class CallStatus {

    private static final System.Logger LOG = System.getLogger(DriftService.class.getName());

    private final DriftEngine engine;
    private final BooleanSupplier draining;

    /** @param draining whether the server is shutting down */
    CallStatus(DriftEngine engine, BooleanSupplier draining) {
        this.engine = engine;
        this.draining = draining;
    }

    /**
     * The status for what a call threw: StatusRuntimeException as it is; a search aborted because the
     * call was cancelled or its deadline passed {@code CANCELLED} (the client has its status already); unknown collection
     * {@code NOT_FOUND}; name taken {@code ALREADY_EXISTS}; over a limit {@code RESOURCE_EXHAUSTED};
     * other bad input {@code INVALID_ARGUMENT}, prefixed by the request field; a closed engine or
     * collection {@code UNAVAILABLE} while shutting down, {@code NOT_FOUND} when the collection was
     * dropped meanwhile; anything else {@code INTERNAL} with a request id the log names.
     *
     * @param collection the collection the call names, or null
     * @param field      the request field a bad-argument message from the engine is about, or null
     */
    StatusRuntimeException of(Exception e, String collection, String field) {
        return switch (e) {
            case StatusRuntimeException s -> s;
            case CollectionNotFoundException n -> Status.NOT_FOUND.withDescription(n.getMessage()).asRuntimeException();
            case CollectionExistsException x -> Status.ALREADY_EXISTS.withDescription(x.getMessage()).asRuntimeException();
            case SearchAbortedException a -> Status.CANCELLED.withDescription(a.getMessage()).asRuntimeException();
            case LimitExceededException l -> Status.RESOURCE_EXHAUSTED.withDescription(prefixed(field, l.getMessage()))
                    .asRuntimeException();
            case IllegalArgumentException a -> Status.INVALID_ARGUMENT.withDescription(prefixed(field, a.getMessage()))
                    .asRuntimeException();
            case IllegalStateException _ when draining.getAsBoolean() -> unavailable();
            case IllegalStateException _ when collection != null && !exists(collection) ->
                Status.NOT_FOUND.withDescription(new CollectionNotFoundException(collection).getMessage())
                        .asRuntimeException();
            default -> internal(e, collection);
        };
    }

    /** {@code UNAVAILABLE}: the server is shutting down. */
    static StatusRuntimeException unavailable() {
        return Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException();
    }

    private static String prefixed(String field, String message) {
        return field == null ? message : field + ": " + message;
    }

    private boolean exists(String collection) {
        try {
            return engine.listCollections().contains(collection);
        } catch (IllegalStateException closed) {
            return false;
        }
    }

    private static StatusRuntimeException internal(Throwable e, String collection) {
        String requestId = String.format("%016x", ThreadLocalRandom.current().nextLong());
        LOG.log(System.Logger.Level.ERROR, "request " + requestId + (collection == null ? "" : " on collection '"
                + collection + "'") + " failed", e);
        return Status.INTERNAL.withDescription("internal error; request id " + requestId).asRuntimeException();
    }
}
