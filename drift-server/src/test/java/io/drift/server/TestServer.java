package io.drift.server;

import io.drift.client.DriftClient;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.UpsertRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** A server on an ephemeral loopback port over a data directory, and a client connected to it. */
final class TestServer implements AutoCloseable {

    final Path dataDir;
    final DriftServer server;
    final DriftClient client;

    private TestServer(Path dataDir, DriftServer server, DriftClient client) {
        this.dataDir = dataDir;
        this.server = server;
        this.client = client;
    }

    static TestServer start(Path dataDir) throws IOException {
        return start(dataDir, s -> s);
    }

    /** A server with the test defaults (port 0, 5 s drain) changed by {@code settings}. */
    static TestServer start(Path dataDir, UnaryOperator<ServerSettings> settings) throws IOException {
        ServerSettings s = settings.apply(ServerSettings.defaults().withDataDir(dataDir).withPort(0)
                .withDrainTimeout(java.time.Duration.ofSeconds(5)));
        DriftServer server = DriftServer.start(s);
        DriftClient.Builder client = DriftClient.builder("127.0.0.1:" + server.port()).apiKey(s.apiKey());
        return new TestServer(dataDir, server, client.build());
    }

    String target() {
        return "127.0.0.1:" + server.port();
    }

    DriftGrpc.DriftBlockingStub stub() {
        return client.blocking().withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    void create(String name, int dim) {
        stub().createCollection(CreateCollectionRequest.newBuilder().setName(name).setDim(dim)
                .setMetric(Metric.METRIC_L2).build());
    }

    @Override
    public void close() throws IOException {
        client.close();
        server.close();
    }

    /** Seeded clustered data: {@code n} rows of {@code dim} around 20 random centres. */
    static float[][] clustered(int n, int dim, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] centres = new float[20][dim];
        for (float[] c : centres) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) (rnd.nextDouble() * 10);
            }
        }
        float[][] rows = new float[n][dim];
        for (int r = 0; r < n; r++) {
            float[] c = centres[rnd.nextInt(centres.length)];
            for (int i = 0; i < dim; i++) {
                rows[r][i] = c[i] + (float) gaussian(rnd);
            }
        }
        return rows;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static Point point(long id, float[] v) {
        return Protos.point(id, v, 0, v.length);
    }

    static UpsertRequest upsert(String collection, long firstId, float[][] rows, int from, int to) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection(collection);
        for (int r = from; r < to; r++) {
            b.addPoints(point(firstId + r, rows[r]));
        }
        return b.build();
    }
}
