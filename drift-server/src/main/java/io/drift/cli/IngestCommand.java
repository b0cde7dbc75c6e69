package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.dataset.MalformedFileException;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertStreamResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code drift ingest}: loads a vector file into a collection through one {@code UpsertStream},
 * a batch per message, sending only as fast as the server takes them (gRPC flow control). Shows
 * a progress bar on a terminal, plain lines otherwise. JSON lines are read as they are sent, other
 * formats whole before.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a vector file into a collection: .fvecs, .bvecs, .npy (float32), IDX images"
                + " (Fashion-MNIST, plain or .gz), CSV or JSON lines (.jsonl, .ndjson).",
            "Points are named by --start-id plus the row number, the first CSV column (--id-column, or"
                + " --key-column for string keys) or a JSON line's \"id\" or \"key\"; payloads come from the CSV"
                + " columns --payload-columns names or a JSON line's \"payload\".",
            "JSON lines: {\"id\": 7, \"vector\": [0.1, 0.2], \"payload\": {\"color\": \"red\"}} or {\"key\": \"doc-1\","
                + " ...} per line; they are streamed, the other formats read whole."})
final class IngestCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The collection.")
    String collection;

    @Parameters(index = "1", paramLabel = "FILE", description = "The vectors.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = VectorInput.FORMATS + " (default: ${DEFAULT-VALUE}, from the file name).")
    String format;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Points per message (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--start-id", paramLabel = "ID", defaultValue = "0",
            description = "Id of the first row (default: ${DEFAULT-VALUE}).")
    long startId;

    @Option(names = "--id-column", description = "The first CSV column is each row's id.")
    boolean idColumn;

    @Option(names = "--key-column", description = "The first CSV column is each row's string key.")
    boolean keyColumn;

    @Option(names = "--payload-columns", paramLabel = "NAME:TYPE,...",
            description = {"The last CSV columns are payload fields of these names and types (keyword or string,"
                    + " integer, float, bool), e.g. cls:keyword,n:integer,price:float; the columns between the"
                    + " id or key and these are the vector. An empty cell leaves its field out."})
    String payloadColumns;

    @Option(names = "--limit", paramLabel = "N", description = "Load only the first N rows.")
    Integer limit;

    @Override
    int run(DriftClient client, PrintWriter out) throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be positive, got " + batch);
        }
        PrintWriter err = spec.commandLine().getErr();
        try (PointSource source = open()) {
            err.printf(Locale.ROOT, "ingesting %s from %s into %s at %s%n", source.describe(), file, collection,
                    server);
            err.flush();
            long started = System.nanoTime();
            UpsertStreamResponse r = send(client, source, new Progress(err, source.total(), "points",
                    Progress.onTerminal()));
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "ingested %,d points in %,d batches in %.1f s (%,.0f points/s)%n",
                    r.getPoints(), r.getBatches(), seconds, r.getPoints() / seconds);
        }
        return 0;
    }

    /** The file's points: JSON lines streamed, other formats read whole. */
    private PointSource open() throws IOException {
        if (idColumn && keyColumn) {
            throw new ParameterException(spec.commandLine(), "give --id-column or --key-column, not both");
        }
        PayloadColumns payload = PayloadColumns.NONE;
        if (payloadColumns != null) {
            try {
                payload = PayloadColumns.parse(payloadColumns);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--payload-columns: " + e.getMessage());
            }
        }
        long max = limit == null ? Long.MAX_VALUE : Math.max(0, limit);
        try {
            if (VectorInput.format(file, format).equals("jsonl")) {
                if (idColumn || keyColumn || payloadColumns != null) {
                    throw new IllegalArgumentException("--id-column, --key-column and --payload-columns are for CSV"
                            + " files; a JSON line gives its id or key and payload as fields");
                }
                return JsonLinesPoints.open(file, startId, max);
            }
            VectorInput.Rows rows = VectorInput.read(file, format,
                    new CsvVectors.Columns(idColumn, keyColumn, payload));
            return new RowPoints(rows, startId, (int) Math.min(rows.vectors().size(), max));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /**
     * Sends the source's points over one UpsertStream, a batch per message, and returns the
     * summary. A bad point in the file stops the stream there: the batches before it are written,
     * and the error says how many points they held.
     */
    private UpsertStreamResponse send(DriftClient client, PointSource source, Progress progress) throws Exception {
        Stream stream = new Stream();
        ClientCallStreamObserver<UpsertRequest> requests =
                (ClientCallStreamObserver<UpsertRequest>) client.async().upsertStream(stream);
        MalformedFileException bad = null;
        long sent = 0;
        try {
            while (!stream.result.isDone()) {
                stream.awaitReady(requests);
                UpsertRequest.Builder msg = UpsertRequest.newBuilder().setCollection(collection);
                int added;
                try {
                    added = source.next(msg, batch);
                } catch (MalformedFileException e) {
                    bad = e;
                    break;
                }
                if (added == 0) {
                    break;
                }
                requests.onNext(msg.build());
                sent += added;
                progress.update(sent);
            }
        } catch (Exception e) {
            requests.cancel("the client failed", e);
            throw e;
        }
        requests.onCompleted();
        UpsertStreamResponse r;
        try {
            r = stream.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw e;
        }
        progress.finish(r.getPoints());
        if (bad != null) {
            throw new IOException(String.format(Locale.ROOT, "%s; stopped there, after ingesting the %,d points of"
                    + " the batches before it", bad.getMessage(), r.getPoints()));
        }
        return r;
    }

    /** The call's responses: the summary or the error, and wake-ups when the stream can take more. */
    private static final class Stream implements ClientResponseObserver<UpsertRequest, UpsertStreamResponse> {
        final CompletableFuture<UpsertStreamResponse> result = new CompletableFuture<>();
        private UpsertStreamResponse summary;

        @Override
        public void beforeStart(ClientCallStreamObserver<UpsertRequest> requests) {
            requests.setOnReadyHandler(() -> {
                synchronized (this) {
                    notifyAll();
                }
            });
        }

        /** Waits until the transport takes another message, or the call has ended. */
        synchronized void awaitReady(ClientCallStreamObserver<UpsertRequest> requests) throws InterruptedException {
            while (!requests.isReady() && !result.isDone()) {
                wait(100);
            }
        }

        @Override
        public void onNext(UpsertStreamResponse value) {
            summary = value;
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
            synchronized (this) {
                notifyAll();
            }
        }

        @Override
        public void onCompleted() {
            result.complete(summary);
        }
    }
}
