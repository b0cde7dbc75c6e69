package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.drift.DriftEngine;
import io.drift.VectorCollection;
import io.drift.client.DriftClient;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertStreamResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift serve} in a child JVM gets SIGTERM while a client streams a bulk load and another
 * writes batch after batch: the server drains and exits, and every write it acknowledged (each
 * OK Upsert, and the stream's points up to the count its final status reports) is on disk, and
 * nothing past that count. While it runs, a second server on its data directory is refused.
 */
class ServerShutdownTest {

    static final int DIM = 8;
    static final long STREAM_BASE = 1_000_000;
    static final int STREAM_BATCH = 100;
    static final int UNARY_BATCH = 20;

    @TempDir
    Path tmp;

    static float[] vector(long id) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) ((id * 31 + i * 7) % 101) + 0.25f;
        }
        return v;
    }

    static UpsertRequest batch(long first, int n) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("s");
        for (long id = first; id < first + n; id++) {
            b.addPoints(TestServer.point(id, vector(id)));
        }
        return b.build();
    }

    @Test
    void sigtermDrainsAndLosesNothingAcknowledged() throws Exception {
        Path data = tmp.resolve("data");
        Path log = tmp.resolve("server.log");
        Process child = new ProcessBuilder(javaCommand(data)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            int port = waitForPort(child, log);
            CliRun second = CliRun.of("serve", "--data", data.toString(), "--port", "0");
            assertEquals(1, second.exitCode(), second.toString());
            assertTrue(second.err().contains("in use by another Drift engine"), second.toString());

            try (DriftClient client = DriftClient.connect("127.0.0.1:" + port)) {
                client.blocking().createCollection(io.drift.proto.v1.CreateCollectionRequest.newBuilder().setName("s")
                        .setDim(DIM).setMetric(io.drift.proto.v1.Metric.METRIC_L2).build());

                // one writer of acknowledged batches
                AtomicLong acknowledged = new AtomicLong(); // ids [0, acknowledged) are acknowledged
                Thread writer = Thread.ofPlatform().start(() -> {
                    try {
                        while (true) {
                            long first = acknowledged.get();
                            client.blocking().withDeadlineAfter(30, TimeUnit.SECONDS).upsert(batch(first, UNARY_BATCH));
                            acknowledged.set(first + UNARY_BATCH);
                        }
                    } catch (StatusRuntimeException e) {
                        // the server went away
                    }
                });

                // one bulk stream, never closed by the client
                CompletableFuture<UpsertStreamResponse> done = new CompletableFuture<>();
                Object ready = new Object();
                ClientCallStreamObserver<UpsertRequest> stream = (ClientCallStreamObserver<UpsertRequest>)
                        client.async().upsertStream(new ClientResponseObserver<UpsertRequest, UpsertStreamResponse>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<UpsertRequest> r) {
                                r.setOnReadyHandler(() -> {
                                    synchronized (ready) {
                                        ready.notifyAll();
                                    }
                                });
                            }

                            @Override
                            public void onNext(UpsertStreamResponse value) {
                                done.complete(value);
                            }

                            @Override
                            public void onError(Throwable t) {
                                done.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {}
                        });
                long sent = 0;
                boolean signalled = false;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!done.isDone()) {
                    synchronized (ready) {
                        if (!stream.isReady()) {
                            ready.wait(50);
                            continue;
                        }
                    }
                    stream.onNext(batch(STREAM_BASE + sent, STREAM_BATCH));
                    sent += STREAM_BATCH;
                    if (!signalled && sent >= 20 * STREAM_BATCH && acknowledged.get() >= 10 * UNARY_BATCH) {
                        child.destroy(); // SIGTERM
                        signalled = true;
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the stream did not end; server log:\n" + Files.readString(log));
                    }
                }
                writer.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the server exits after SIGTERM");

                long streamed;
                try {
                    done.get();
                    throw new AssertionError("the stream cannot end OK: the client never closed it");
                } catch (ExecutionException e) {
                    StatusRuntimeException s = (StatusRuntimeException) e.getCause();
                    assertEquals(Status.Code.UNAVAILABLE, s.getStatus().getCode(), s.toString());
                    streamed = Long.parseLong(s.getTrailers().get(PointsWritten.TRAILER));
                }
                assertTrue(streamed > 0 && streamed % STREAM_BATCH == 0 && streamed <= sent, streamed + " of " + sent);
                String serverLog = Files.readString(log);
                assertTrue(serverLog.contains("shutting down") && serverLog.contains("stopped"), serverLog);

                try (DriftEngine engine = DriftEngine.open(data)) {
                    VectorCollection c = engine.collection("s");
                    c.verify();
                    for (long id = 0; id < acknowledged.get(); id++) {
                        assertArrayEquals(vector(id), c.get(id), "acknowledged id " + id);
                    }
                    for (long id = STREAM_BASE; id < STREAM_BASE + streamed; id++) {
                        assertArrayEquals(vector(id), c.get(id), "streamed id " + id);
                    }
                    for (long id = STREAM_BASE + streamed; id < STREAM_BASE + sent; id++) {
                        assertNull(c.get(id), "id " + id + " was sent after the stream's last written batch");
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private static int waitForPort(Process child, Path log) throws Exception {
        Pattern listening = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) \\(");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            Matcher m = listening.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server did not start; its output:\n" + Files.readString(log));
    }

    static List<String> javaCommand(Path data) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.drift.cli.DriftCli", "serve",
                "--data", data.toString(), "--port", "0", "--drain-seconds", "20");
    }
}
