package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DropCollectionRequest;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchStreamRequest;
import io.drift.proto.v1.SearchStreamResponse;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertStreamResponse;
import io.drift.proto.v1.Vector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of DESIGN §3 and the issue, through a real server: the status code, a message
 * naming the field, and no change to the data. The server keeps serving afterwards.
 */
class ServerErrorsTest {

    static final int MAX_BATCH = 100;
    static final int MAX_K = 50;

    @TempDir
    Path tmp;

    TestServer s;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(tmp.resolve("data"), settings -> settings.withMaxMessageBytes(1 << 20));
        s.stub().createCollection(CreateCollectionRequest.newBuilder().setName("c").setDim(4)
                .setMetric(Metric.METRIC_L2)
                .setConfig(CollectionConfig.newBuilder().setMaxBatch(MAX_BATCH).setMaxK(MAX_K)).build());
        s.stub().upsert(UpsertRequest.newBuilder().setCollection("c").addPoints(TestServer.point(1, v(1, 2, 3, 4)))
                .addPoints(TestServer.point(2, v(2, 3, 4, 5))).build());
    }

    @AfterEach
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    static float[] v(float... values) {
        return values;
    }

    /** Runs {@code call}, expects {@code code} and a message containing every one of {@code words}. */
    static StatusRuntimeException expect(Status.Code code, Runnable call, String... words) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.toString());
        for (String w : words) {
            assertTrue(String.valueOf(e.getStatus().getDescription()).contains(w), "'" + w + "' in " + e);
        }
        return e;
    }

    private static UpsertRequest upsert(String collection, float[]... vectors) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection(collection);
        for (int i = 0; i < vectors.length; i++) {
            b.addPoints(TestServer.point(100 + i, vectors[i]));
        }
        return b.build();
    }

    private static SearchRequest.Builder search(float... q) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("c").setK(2);
        for (float f : q) {
            b.addVector(f);
        }
        return b;
    }

    @Test
    void badWritesAreInvalidArgumentsNamingTheFieldAndChangeNothing() throws Exception {
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().upsert(upsert("c", v(1, 2, 3))), "points", "dimension 3");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().upsert(upsert("c", v(1, 1, 1, 1), v(1, Float.NaN, 0, 0))),
                "points", "NaN", "point 1");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().upsert(upsert("c", v(1, 1, Float.POSITIVE_INFINITY, 1))),
                "points", "Infinity");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().upsert(upsert("c")), "points", "empty");
        float[][] tooMany = new float[MAX_BATCH + 1][];
        java.util.Arrays.fill(tooMany, v(1, 1, 1, 1));
        expect(Status.Code.RESOURCE_EXHAUSTED, () -> s.stub().upsert(upsert("c", tooMany)), "points", "limit of 100");
        DeleteRequest.Builder deletes = DeleteRequest.newBuilder().setCollection("c");
        for (int i = 0; i <= MAX_BATCH; i++) {
            deletes.addIds(i);
        }
        expect(Status.Code.RESOURCE_EXHAUSTED, () -> s.stub().delete(deletes.build()), "ids");
        GetRequest.Builder gets = GetRequest.newBuilder().setCollection("c").addAllIds(deletes.getIdsList());
        expect(Status.Code.RESOURCE_EXHAUSTED, () -> s.stub().get(gets.build()), "ids");

        assertEquals(2, liveRows(), "nothing of the refused writes was applied");
        s.server.engine().collection("c").verify();
    }

    @Test
    void aMessageOverTheSizeLimitIsResourceExhausted() throws Exception {
        // 1 MiB server limit: 70 points of 4096 floats are about 1.15 MB
        s.stub().createCollection(CreateCollectionRequest.newBuilder().setName("wide").setDim(4096)
                .setMetric(Metric.METRIC_DOT).build());
        float[][] rows = new float[70][4096];
        for (float[] r : rows) {
            java.util.Arrays.fill(r, 0.5f);
        }
        // its own channel: the refused message's HTTP/2 stream lingers and would hold up a graceful close
        io.drift.client.DriftClient other = io.drift.client.DriftClient.connect(s.target());
        try {
            expect(Status.Code.RESOURCE_EXHAUSTED, () -> other.blocking().upsert(upsert("wide", rows)));
        } finally {
            other.channel().shutdownNow();
        }
        assertEquals(1, s.stub().upsert(upsert("wide", rows[0])).getUpserted(), "the server still serves");
    }

    @Test
    void badSearchesNameTheirField() {
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3).build()), "vector", "dimension 3");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, Float.NaN, 4).build()), "vector", "NaN");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, Float.NEGATIVE_INFINITY).build()),
                "vector");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setK(0).build()), "k");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setK(MAX_K + 1).build()), "k",
                "limit of 50");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setK(-1).build()), "k",
                "4294967295");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setRecallTarget(1.5f).build()),
                "recall_target");
        expect(Status.Code.INVALID_ARGUMENT,
                () -> s.stub().search(search(1, 2, 3, 4).setTargetConfidence(Float.NaN).build()), "target_confidence");
        expect(Status.Code.INVALID_ARGUMENT,
                () -> s.stub().search(search(1, 2, 3, 4).setTargetConfidence(0.5f).setRecallTarget(0.9f).build()),
                "not both");
        SearchBatchRequest.Builder batch = SearchBatchRequest.newBuilder().setCollection("c").setK(1)
                .addQueries(Vector.newBuilder().addAllValues(java.util.List.of(1f, 2f, 3f, 4f)))
                .addQueries(Vector.newBuilder().addAllValues(java.util.List.of(1f, 2f)));
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().searchBatch(batch.build()), "queries[1]", "dimension 2");
        expect(Status.Code.INVALID_ARGUMENT,
                () -> s.stub().searchBatch(SearchBatchRequest.newBuilder().setCollection("c").setK(1).build()),
                "queries");
        SearchBatchRequest.Builder big = SearchBatchRequest.newBuilder().setCollection("c").setK(1);
        for (int i = 0; i <= EngineSearch.MAX_SEARCH_BATCH; i++) {
            big.addQueries(Vector.newBuilder().addAllValues(java.util.List.of(1f, 2f, 3f, 4f)));
        }
        expect(Status.Code.RESOURCE_EXHAUSTED, () -> s.stub().searchBatch(big.build()), "1025 queries");
        assertEquals(2, s.stub().search(search(1, 2, 3, 4).build()).getResultsCount());
    }

    @Test
    void vectorsAsBytesAreCheckedLikeFloats() throws Exception {
        com.google.protobuf.ByteString fourFloats = Protos.vectorBytes(v(1, 2, 3, 4), 0, 4);
        com.google.protobuf.ByteString odd = fourFloats.substring(0, 15);
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search().setVectorBytes(odd).build()),
                "vector_bytes", "15 bytes");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setVectorBytes(fourFloats)
                .build()), "vector_bytes", "both");
        expect(Status.Code.INVALID_ARGUMENT,
                () -> s.stub().search(search().setVectorBytes(fourFloats.substring(0, 12)).build()),
                "vector_bytes", "dimension 3");
        expect(Status.Code.INVALID_ARGUMENT,
                () -> s.stub().search(search().setVectorBytes(Protos.vectorBytes(v(1, Float.NaN, 3, 4), 0, 4)).build()),
                "vector_bytes", "NaN");
        UpsertRequest badPoint = UpsertRequest.newBuilder().setCollection("c")
                .addPoints(Protos.pointAsBytes(7, v(1, 2, 3, 4), 0, 4))
                .addPoints(io.drift.proto.v1.Point.newBuilder().setId(8).setVectorBytes(odd)).build();
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().upsert(badPoint), "points[1]", "15 bytes");
        SearchBatchRequest badQuery = SearchBatchRequest.newBuilder().setCollection("c").setK(1)
                .addQueries(Vector.newBuilder().setValuesBytes(fourFloats))
                .addQueries(Vector.newBuilder().setValuesBytes(odd)).build();
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().searchBatch(badQuery), "queries[1]", "15 bytes");
        assertEquals(2, liveRows(), "nothing of the refused writes was applied");
    }

    @Test
    void collectionsByBadNameUnknownOrTaken() {
        expect(Status.Code.INVALID_ARGUMENT, () -> create("a b", 4, Metric.METRIC_L2), "name", "[A-Za-z0-9_-]{1,64}");
        expect(Status.Code.INVALID_ARGUMENT, () -> create("x".repeat(65), 4, Metric.METRIC_L2), "name");
        expect(Status.Code.INVALID_ARGUMENT, () -> create("ok", 0, Metric.METRIC_L2), "dim");
        expect(Status.Code.INVALID_ARGUMENT, () -> create("ok", 4097, Metric.METRIC_L2), "dim", "4097");
        expect(Status.Code.INVALID_ARGUMENT, () -> create("ok", 4, Metric.METRIC_UNSPECIFIED), "metric");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().createCollection(CreateCollectionRequest.newBuilder()
                .setName("ok").setDim(4).setMetric(Metric.METRIC_L2)
                .setConfig(CollectionConfig.newBuilder().setHnswM(1)).build()), "config", "hnswM");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().createCollection(CreateCollectionRequest.newBuilder()
                .setName("ok").setDim(4).setMetric(Metric.METRIC_L2)
                .setConfig(CollectionConfig.newBuilder().setDurability("weekly")).build()), "config.durability");
        expect(Status.Code.ALREADY_EXISTS, () -> create("c", 4, Metric.METRIC_L2), "'c'");
        assertEquals(java.util.List.of("c"), s.stub().listCollections(
                io.drift.proto.v1.ListCollectionsRequest.getDefaultInstance()).getCollectionsList());

        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setCollection("../c").build()),
                "collection");
        expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(1, 2, 3, 4).setCollection("").build()),
                "collection");
        expect(Status.Code.NOT_FOUND, () -> s.stub().search(search(1, 2, 3, 4).setCollection("nope").build()), "nope");
        expect(Status.Code.NOT_FOUND, () -> s.stub().upsert(upsert("nope", v(1, 2, 3, 4))), "nope");
        expect(Status.Code.NOT_FOUND, () -> s.stub().get(GetRequest.newBuilder().setCollection("nope").build()));
        expect(Status.Code.NOT_FOUND, () -> s.stub().delete(DeleteRequest.newBuilder().setCollection("nope").build()));
        expect(Status.Code.NOT_FOUND, () -> s.stub().flush(FlushRequest.newBuilder().setCollection("nope").build()));
        expect(Status.Code.NOT_FOUND, () -> s.stub().describeCollection(
                DescribeCollectionRequest.newBuilder().setCollection("nope").build()));
        expect(Status.Code.NOT_FOUND, () -> s.stub().dropCollection(
                DropCollectionRequest.newBuilder().setCollection("nope").build()));
    }

    @Test
    void aSearchStreamAnswersEveryFailedSearchWithItsStatusAndGoesOn() throws Exception {
        TestSearchStream stream = TestSearchStream.open(s.client);
        stream.send(1, search(1, 2, 3, 4).build());
        stream.send(2, search(1, 2, 3).build());
        stream.send(3, search(1, 2, Float.NaN, 4).build());
        stream.send(4, search(1, 2, 3, 4).setK(0).build());
        stream.send(5, search(1, 2, 3, 4).setCollection("nope").build());
        stream.send(6, search(1, 2, 3, 4).setCollection("bad name").build());
        stream.send(SearchStreamRequest.newBuilder().setTag(7).build());
        stream.send(8, search(2, 3, 4, 5).build());
        stream.complete();

        SearchStreamResponse first = stream.next();
        assertEquals(1, first.getTag());
        // the estimate follows the collection's recall model, which may learn between the two searches
        assertEquals(s.stub().search(search(1, 2, 3, 4).build()).toBuilder().clearEstimatedRecall().build(),
                first.getResponse().toBuilder().clearEstimatedRecall().build());
        expectError(stream.next(), 2, Status.Code.INVALID_ARGUMENT, "vector", "dimension 3");
        expectError(stream.next(), 3, Status.Code.INVALID_ARGUMENT, "vector", "NaN");
        expectError(stream.next(), 4, Status.Code.INVALID_ARGUMENT, "k");
        expectError(stream.next(), 5, Status.Code.NOT_FOUND, "nope");
        expectError(stream.next(), 6, Status.Code.INVALID_ARGUMENT, "collection", "bad name");
        expectError(stream.next(), 7, Status.Code.INVALID_ARGUMENT, "search", "missing");
        SearchStreamResponse last = stream.next();
        assertEquals(8, last.getTag());
        assertEquals(List.of(2L, 1L), last.getResponse().getResultsList().stream().map(p -> p.getId()).toList());
        join(stream.ended); // the client closed it; the server ended it normally
        assertEquals(0, stream.waiting());
    }

    private static void expectError(SearchStreamResponse r, long tag, Status.Code code, String... words) {
        assertEquals(tag, r.getTag());
        assertTrue(r.hasError(), "an error for tag " + tag + ": " + r);
        assertEquals(code.value(), r.getError().getCode(), r.toString());
        for (String w : words) {
            assertTrue(r.getError().getMessage().contains(w), "'" + w + "' in " + r);
        }
    }

    private void create(String name, int dim, Metric metric) {
        s.stub().createCollection(CreateCollectionRequest.newBuilder().setName(name).setDim(dim).setMetric(metric)
                .build());
    }

    @Test
    void aBadBatchEndsAStreamSayingHowManyPointsWereWritten() throws Exception {
        CompletableFuture<UpsertStreamResponse> done = new CompletableFuture<>();
        StreamObserver<UpsertRequest> stream = s.client.async().upsertStream(observer(done));
        stream.onNext(upsert("c", v(1, 1, 1, 1), v(2, 2, 2, 2)));
        stream.onNext(upsert("c", v(3, 3, 3)));
        stream.onNext(upsert("c", v(4, 4, 4, 4)));
        stream.onCompleted();
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> join(done), "points", "2 points");
        assertEquals("2", e.getTrailers().get(PointsWritten.TRAILER));
        assertEquals(4, liveRows(), "the first batch (ids 100, 101) is written, the rest is not");
    }

    @Test
    void aDeadlineStopsALongBatchAndTheServerGoesOn() throws Exception {
        float[][] rows = TestServer.clustered(2000, 4, 3);
        for (int from = 0; from < rows.length; from += MAX_BATCH) {
            s.stub().upsert(TestServer.upsert("c", 1000, rows, from, from + MAX_BATCH));
        }
        SearchBatchRequest.Builder batch = SearchBatchRequest.newBuilder().setCollection("c").setK(MAX_K)
                .setTargetConfidence(1);
        for (int i = 0; i < EngineSearch.MAX_SEARCH_BATCH; i++) {
            batch.addQueries(Vector.newBuilder().addAllValues(java.util.List.of(1f * i, 2f, 3f, 4f)));
        }
        expect(Status.Code.DEADLINE_EXCEEDED,
                () -> s.client.blocking().withDeadlineAfter(1, TimeUnit.MILLISECONDS).searchBatch(batch.build()));
        HealthCheckResponse health = HealthGrpc.newBlockingStub(s.client.channel())
                .check(HealthCheckRequest.getDefaultInstance());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
        assertEquals(2002, liveRows());
    }

    @Test
    void shuttingDownEndsOpenStreamsAndRefusesNewCalls() throws Exception {
        CompletableFuture<UpsertStreamResponse> done = new CompletableFuture<>();
        StreamObserver<UpsertRequest> stream = s.client.async().upsertStream(observer(done));
        stream.onNext(upsert("c", v(1, 1, 1, 1), v(2, 2, 2, 2), v(3, 3, 3, 3)));
        TestSearchStream searches = TestSearchStream.open(s.client);
        searches.send(1, search(1, 2, 3, 4).build());
        assertEquals(2, searches.next().getResponse().getResultsCount());
        waitFor(() -> liveRows() == 5);
        s.server.close(); // the client keeps its channel
        StatusRuntimeException e = expect(Status.Code.UNAVAILABLE, () -> join(done), "shutting down", "3 points");
        assertEquals("3", e.getTrailers().get(PointsWritten.TRAILER));
        expect(Status.Code.UNAVAILABLE, () -> join(searches.ended), "shutting down");
        expect(Status.Code.UNAVAILABLE, () -> s.stub().search(search(1, 2, 3, 4).build()));
    }

    @Test
    void aSearchAbortedBecauseItsCallEndedIsCancelled() {
        // the service aborts a running search once its call's context is cancelled (deadline or client)
        StatusRuntimeException e = new DriftService(s.server.engine(), null)
                .status(new io.drift.SearchAbortedException("search aborted after 3 buckets"), "c", "vector");
        assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
        assertEquals("search aborted after 3 buckets", e.getStatus().getDescription());
    }

    @Test
    void unexpectedErrorsAreInternalWithARequestIdAndNoDetails() {
        StatusRuntimeException e = new DriftService(s.server.engine(), null)
                .status(new java.io.IOException("fsync failed on /data/c/wal/000001.log"), "c", "points");
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().matches("internal error; request id [0-9a-f]{16}"), e.toString());
    }

    private long liveRows() {
        return s.stub().describeCollection(DescribeCollectionRequest.newBuilder().setCollection("c").build())
                .getStatistics().getLiveRows();
    }

    static <T> StreamObserver<T> observer(CompletableFuture<T> done) {
        return new StreamObserver<>() {
            T value;

            @Override
            public void onNext(T v) {
                value = v;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(value);
            }
        };
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
