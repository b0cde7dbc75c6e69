package io.drift.cli;

import io.drift.client.DriftClient;
import io.drift.dataset.Vectors;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertStreamResponse;
import io.drift.server.Protos;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
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
 * a progress bar on a terminal, plain lines otherwise.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load a vector file into a collection: .fvecs, .bvecs, .npy (float32), IDX images"
                + " (Fashion-MNIST, plain or .gz) or CSV.",
            "Ids are --start-id plus the row number, or the first CSV column with --id-column."})
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

    @Option(names = "--limit", paramLabel = "N", description = "Load only the first N rows.")
    Integer limit;

    @Override
    int run(DriftClient client, PrintWriter out) throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be positive, got " + batch);
        }
        VectorInput.Rows rows;
        try {
            rows = VectorInput.read(file, format, idColumn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Vectors v = rows.vectors();
        int n = limit == null ? v.size() : Math.min(v.size(), Math.max(0, limit));
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "ingesting %,d vectors of %d dimensions from %s into %s at %s%n", n, v.dim(), file,
                collection, server);
        err.flush();

        Stream stream = new Stream();
        ClientCallStreamObserver<UpsertRequest> requests =
                (ClientCallStreamObserver<UpsertRequest>) client.async().upsertStream(stream);
        Progress progress = new Progress(err, n, "points", Progress.onTerminal());
        long started = System.nanoTime();
        int sent = 0;
        while (sent < n && !stream.result.isDone()) {
            stream.awaitReady(requests);
            int to = Math.min(n, sent + batch);
            UpsertRequest.Builder msg = UpsertRequest.newBuilder().setCollection(collection);
            for (int r = sent; r < to; r++) {
                long id = rows.ids() == null ? startId + r : rows.ids()[r];
                msg.addPoints(Protos.pointAsBytes(id, v.data(), v.offset(r), v.dim()));
            }
            requests.onNext(msg.build());
            sent = to;
            progress.update(sent);
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
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "ingested %,d points in %,d batches in %.1f s (%,.0f points/s)%n", r.getPoints(),
                r.getBatches(), seconds, r.getPoints() / seconds);
        return 0;
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
