package io.drift.server;

import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;

/**
 * How an UpsertStream that ends early tells the client what was written: the trailer
 * {@code drift-points-written} with the number of the stream's points, counted from its first,
 * that are durable, repeated in the status message. A single server and a cluster's router end
 * their streams the same way.
 */
public final class PointsWritten {

    /** The trailer: the points of the stream that were written. */
    public static final Metadata.Key<String> TRAILER =
            Metadata.Key.of("drift-points-written", Metadata.ASCII_STRING_MARSHALLER);

    private PointsWritten() {
    }

    /** {@code error} with its trailers and message telling that {@code points} were written. */
    public static StatusRuntimeException onto(StatusRuntimeException error, long points) {
        Metadata trailers = error.getTrailers() == null ? new Metadata() : error.getTrailers();
        trailers.put(TRAILER, Long.toString(points));
        String description = error.getStatus().getDescription() + " (" + points + " points of this stream"
                + " were written)";
        return error.getStatus().withDescription(description).asRuntimeException(trailers);
    }
}
