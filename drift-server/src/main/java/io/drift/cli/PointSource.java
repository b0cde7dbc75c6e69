package io.drift.cli;

import io.drift.proto.v1.UpsertRequest;
import java.io.Closeable;
import java.io.IOException;

/**
 * The points {@code drift ingest} sends, batch by batch: rows of a file read whole
 * ({@link RowPoints}) or JSON lines read as they are sent ({@link JsonLinesPoints}).
 */
interface PointSource extends Closeable {

    /** How many points there are, or -1 when that is known only once they are read. */
    long total();

    /** What is read, for the line that starts an ingest, e.g. "1,000 vectors of 3 dimensions". */
    String describe();

    /**
     * Adds the next points, at most {@code max}, to {@code msg}.
     *
     * @return how many were added; 0 when there are no more
     * @throws io.drift.dataset.MalformedFileException for a point the file gives wrong; the points
     *     before it in this call were added
     */
    int next(UpsertRequest.Builder msg, int max) throws IOException;

    @Override
    default void close() throws IOException {}
}
