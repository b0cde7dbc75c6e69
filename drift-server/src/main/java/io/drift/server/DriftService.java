package io.drift.server;

import io.drift.CollectionConfig;
import io.drift.DriftEngine;
import io.drift.Point;
import io.drift.PointId;
import io.drift.VectorCollection;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CountResponse;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.CreateCollectionResponse;
import io.drift.proto.v1.CreateFieldIndexRequest;
import io.drift.proto.v1.CreateFieldIndexResponse;
import io.drift.proto.v1.DeleteFieldIndexRequest;
import io.drift.proto.v1.DeleteFieldIndexResponse;
import io.drift.proto.v1.DeletePayloadRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DeleteResponse;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DescribeCollectionResponse;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.DropCollectionRequest;
import io.drift.proto.v1.DropCollectionResponse;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.FlushResponse;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.ListCollectionsRequest;
import io.drift.proto.v1.ListCollectionsResponse;
import io.drift.proto.v1.PayloadResponse;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchBatchResponse;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.SearchStreamRequest;
import io.drift.proto.v1.SearchStreamResponse;
import io.drift.proto.v1.SetPayloadRequest;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertResponse;
import io.drift.proto.v1.UpsertStreamResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code drift.v1.Drift} service over one {@link DriftEngine}. Each call checks the fields the
 * engine does not (names, enums, k, unset markers) and maps what the engine throws to a status
 * ({@link CallStatus}). The calls that take filters or manage payload indexes do their work in
 * {@link FilterCalls}.
 */
final class DriftService extends DriftGrpc.DriftImplBase {


    private final DriftEngine engine;
    private final ServerMetrics metrics;
    private final CallStatus statuses;
    private final FilterCalls filterCalls;
    private final EngineSearch searches;
    /** The open UpsertStream and SearchStream calls, which {@link #drain} ends. */
    private final Set<OpenStream<?, ?>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    DriftService(DriftEngine engine, ServerMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
        this.statuses = new CallStatus(engine, () -> draining);
        this.filterCalls = new FilterCalls(this::collection);
        this.searches = new EngineSearch(this::collection, metrics, statuses);
    }

    /** The searches this service runs, as plain calls. */
    EngineSearch searches() {
        return searches;
    }

    /** A call's work; any exception it throws becomes the call's status. */
    private interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} unless the call was cancelled (or its deadline passed) while it waited, and
     * answers with its result or the status of what it threw. {@code collection} is the collection
     * the call names (null if none); {@code field} the request field a bad-argument message from
     * the engine is about.
     */
    private <T> void answer(StreamObserver<T> out, String collection, String field, Work<T> work) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) out;
        if (call.isCancelled()) {
            return;
        }
        T reply;
        try {
            reply = work.run();
        } catch (Exception e) {
            if (!call.isCancelled()) {
                out.onError(status(e, collection, field));
            }
            return;
        }
        if (!call.isCancelled()) {
            out.onNext(reply);
            out.onCompleted();
        }
    }

    /** The status for what a call threw: see {@link CallStatus#of}. */
    StatusRuntimeException status(Exception e, String collection, String field) {
        return statuses.of(e, collection, field);
    }

    private static void checkName(String field, String name) {
        if (!DriftEngine.isValidName(name)) {
            throw Protos.invalid(field, "'" + name + "' is not a collection name: it must match [A-Za-z0-9_-]{1,64}");
        }
    }

    private VectorCollection collection(String name) {
        checkName("collection", name);
        return engine.collection(name);
    }

    // ------------------------------------------------------------------ collections

    @Override
    public void createCollection(CreateCollectionRequest req, StreamObserver<CreateCollectionResponse> out) {
        answer(out, null, "name", () -> {
            checkName("name", req.getName());
            int dim = req.getDim();
            if (dim < 1 || dim > DriftEngine.MAX_DIM) {
                throw Protos.invalid("dim", "must be between 1 and " + DriftEngine.MAX_DIM + ", got "
                        + Integer.toUnsignedString(dim));
            }
            if (req.getShards() > 1) {
                throw Protos.invalid("shards", "a single node has one shard; more need a cluster (drift serve"
                        + " --cluster)");
            }
            CollectionConfig config = Protos.config(req.getConfig(), req.getKeyType());
            VectorCollection c = engine.createCollection(req.getName(), dim, Protos.metric(req.getMetric()), config);
            return CreateCollectionResponse.newBuilder().setConfig(Protos.config(c.config())).build();
        });
    }

    @Override
    public void dropCollection(DropCollectionRequest req, StreamObserver<DropCollectionResponse> out) {
        answer(out, req.getCollection(), "collection", () -> {
            checkName("collection", req.getCollection());
            engine.dropCollection(req.getCollection());
            metrics.forget(req.getCollection());
            return DropCollectionResponse.getDefaultInstance();
        });
    }

    @Override
    public void listCollections(ListCollectionsRequest req, StreamObserver<ListCollectionsResponse> out) {
        answer(out, null, null,
                () -> ListCollectionsResponse.newBuilder().addAllCollections(engine.listCollections()).build());
    }

    @Override
    public void describeCollection(DescribeCollectionRequest req, StreamObserver<DescribeCollectionResponse> out) {
        answer(out, req.getCollection(), "collection", () -> {
            VectorCollection c = collection(req.getCollection());
            return DescribeCollectionResponse.newBuilder()
                    .setName(c.name())
                    .setDim(c.dim())
                    .setMetric(Protos.metric(c.metric()))
                    .setKeyType(Protos.keyType(c.config().keyType()))
                    .setConfig(Protos.config(c.config()))
                    .setStatistics(Protos.statistics(c.stats()))
                    .addAllFieldIndexes(FilterCalls.fieldIndexes(c))
                    .setShards(1)
                    .build();
        });
    }

    @Override
    public void flush(FlushRequest req, StreamObserver<FlushResponse> out) {
        answer(out, req.getCollection(), "collection", () -> {
            collection(req.getCollection()).flush();
            return FlushResponse.getDefaultInstance();
        });
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void upsert(UpsertRequest req, StreamObserver<UpsertResponse> out) {
        answer(out, req.getCollection(), "points",
                () -> UpsertResponse.newBuilder().setUpserted(write(req)).build());
    }

    /** Writes one batch (durable when this returns) and counts it. */
    private int write(UpsertRequest req) throws Exception {
        VectorCollection c = collection(req.getCollection());
        List<Point> points = PointProtos.points(req);
        c.upsert(points);
        metrics.rowsIngested(c.name(), points.size());
        return points.size();
    }

    @Override
    public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertStreamResponse> out) {
        return new UpsertStreamCall((ServerCallStreamObserver<UpsertStreamResponse>) out).open();
    }

    @Override
    public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
        if (req.hasFilter()) {
            answer(out, req.getCollection(), "filter", () -> filterCalls.deleteByFilter(req));
            return;
        }
        answer(out, req.getCollection(), req.getKeysCount() > 0 ? "keys" : "ids", () -> {
            VectorCollection c = collection(req.getCollection());
            List<PointId> names = PointProtos.names(c, req.getIdsList(), req.getKeysList());
            return DeleteResponse.newBuilder().setDeleted(names.isEmpty() ? 0 : c.delete(names)).build();
        });
    }

    @Override
    public void setPayload(SetPayloadRequest req, StreamObserver<PayloadResponse> out) {
        updatePayload(out, req.getCollection(), req.getIdsList(), req.getKeysList(), (c, names) ->
                c.setPayload(names, PayloadProtos.payload(req.getPayload(), "payload")));
    }

    @Override
    public void overwritePayload(SetPayloadRequest req, StreamObserver<PayloadResponse> out) {
        updatePayload(out, req.getCollection(), req.getIdsList(), req.getKeysList(), (c, names) ->
                c.overwritePayload(names, PayloadProtos.payload(req.getPayload(), "payload")));
    }

    @Override
    public void deletePayload(DeletePayloadRequest req, StreamObserver<PayloadResponse> out) {
        updatePayload(out, req.getCollection(), req.getIdsList(), req.getKeysList(), (c, names) ->
                c.deletePayload(names, req.getFieldsList()));
    }

    /** A payload update of the points named by {@code ids} or {@code keys}. */
    private interface PayloadUpdate {
        int apply(VectorCollection c, List<PointId> names) throws Exception;
    }

    private void updatePayload(StreamObserver<PayloadResponse> out, String collection, List<Long> ids,
                               List<String> keys, PayloadUpdate update) {
        answer(out, collection, keys.isEmpty() ? "ids" : "keys", () -> {
            VectorCollection c = collection(collection);
            List<PointId> names = PointProtos.names(c, ids, keys);
            return PayloadResponse.newBuilder().setUpdated(names.isEmpty() ? 0 : update.apply(c, names)).build();
        });
    }

    // ------------------------------------------------------------------ reads

    @Override
    public void get(GetRequest req, StreamObserver<GetResponse> out) {
        answer(out, req.getCollection(), req.getKeysCount() > 0 ? "keys" : "ids", () -> {
            VectorCollection c = collection(req.getCollection());
            List<PointId> names = PointProtos.names(c, req.getIdsList(), req.getKeysList());
            GetResponse.Builder b = GetResponse.newBuilder();
            if (names.isEmpty()) {
                return b.build();
            }
            for (Point p : c.retrieve(names, req.getWithVectors())) {
                if (p != null) {
                    b.addPoints(PointProtos.point(p, req.getWithVectors(), req.getWithPayload()));
                }
            }
            return b.build();
        });
    }

    @Override
    public void search(SearchRequest req, StreamObserver<SearchResponse> out) {
        answer(out, req.getCollection(), EngineSearch.vectorField(req), () -> search(req));
    }

    /** One search, stopped if the call is cancelled or its deadline passes; counted. */
    private SearchResponse search(SearchRequest req) {
        return searches.search(req);
    }

    @Override
    public StreamObserver<SearchStreamRequest> searchStream(StreamObserver<SearchStreamResponse> out) {
        return new SearchStreamCall((ServerCallStreamObserver<SearchStreamResponse>) out).open();
    }

    @Override
    public void searchBatch(SearchBatchRequest req, StreamObserver<SearchBatchResponse> out) {
        answer(out, req.getCollection(), "queries", () -> searches.searchBatch(req));
    }

    // ------------------------------------------------------------------ filters and payload indexes

    @Override
    public void count(CountRequest req, StreamObserver<CountResponse> out) {
        answer(out, req.getCollection(), "filter", () -> filterCalls.count(req));
    }

    @Override
    public void scroll(ScrollRequest req, StreamObserver<ScrollResponse> out) {
        answer(out, req.getCollection(), "filter", () -> filterCalls.scroll(req));
    }

    @Override
    public void createFieldIndex(CreateFieldIndexRequest req, StreamObserver<CreateFieldIndexResponse> out) {
        answer(out, req.getCollection(), "field_name", () -> filterCalls.createFieldIndex(req));
    }

    @Override
    public void deleteFieldIndex(DeleteFieldIndexRequest req, StreamObserver<DeleteFieldIndexResponse> out) {
        answer(out, req.getCollection(), "field_name", () -> filterCalls.deleteFieldIndex(req));
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops taking work: calls that reach the engine from now on are refused as
     * {@code UNAVAILABLE}, and every open UpsertStream ends after the batch it is writing, telling
     * the client how many of its points were written. The caller has stopped the gRPC server from
     * accepting new calls.
     */
    void drain() {
        draining = true;
        for (OpenStream<?, ?> call : List.copyOf(streams)) {
            call.end(CallStatus.unavailable());
        }
    }

    /**
     * A streaming call that stays open until the client closes it, so draining must end it. The
     * lock orders what the call sends against {@link #end}, which a shutdown calls from another
     * thread; {@code done} is set once, by whichever ends the call first.
     */
    private abstract class OpenStream<Q, R> implements StreamObserver<Q> {
        final ServerCallStreamObserver<R> out;
        final ReentrantLock lock = new ReentrantLock();
        boolean done;

        OpenStream(ServerCallStreamObserver<R> out) {
            this.out = out;
        }

        /** Registers the call for {@link #drain}, ending it at once if the server drains already. */
        final OpenStream<Q, R> open() {
            streams.add(this);
            if (draining) {
                end(CallStatus.unavailable());
            }
            return this;
        }

        /** Marks the call done and forgets it; false if it was done already. Under the lock. */
        private boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            streams.remove(this);
            return true;
        }

        /** Ends the call with {@link #failure}{@code (error)} unless it has ended already. */
        final void end(StatusRuntimeException error) {
            lock.lock();
            try {
                if (finish() && !out.isCancelled()) {
                    out.onError(failure(error));
                }
            } finally {
                lock.unlock();
            }
        }

        /** The status the call ends with for {@code error}: {@code error} itself unless overridden. */
        StatusRuntimeException failure(StatusRuntimeException error) {
            return error;
        }

        /** Answers a stream the client closed. Under the lock. */
        abstract void complete();

        @Override
        public final void onError(Throwable t) {
            lock.lock(); // the client cancelled, or the connection broke
            try {
                finish();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public final void onCompleted() {
            lock.lock();
            try {
                if (finish()) {
                    complete();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * One SearchStream: each message is searched as it arrives (the message callbacks of a call
     * never overlap) and answered with its tag, a failure as a status in the answer. The next
     * message is asked for only once the transport can take the answer, so a client that sends
     * faster than it reads fills its own flow-control window, not the server's memory.
     */
    private final class SearchStreamCall extends OpenStream<SearchStreamRequest, SearchStreamResponse> {
        /** An answer was sent while the transport was not ready: ask for the next message on ready. */
        private boolean owesRequest;

        SearchStreamCall(ServerCallStreamObserver<SearchStreamResponse> out) {
            super(out);
            out.disableAutoRequest();
            out.setOnReadyHandler(this::onReady);
            out.request(1);
        }

        @Override
        public void onNext(SearchStreamRequest req) {
            long start = System.nanoTime();
            SearchStreamResponse.Builder answer = SearchStreamResponse.newBuilder().setTag(req.getTag());
            Status status;
            try {
                if (draining) {
                    end(CallStatus.unavailable());
                    return;
                }
                if (!req.hasSearch()) {
                    throw Protos.invalid("search", "missing: every message of a SearchStream carries a search");
                }
                answer.setResponse(search(req.getSearch()));
                status = Status.OK;
            } catch (Exception e) {
                if (out.isCancelled()) {
                    return; // the search was aborted because the client is gone
                }
                status = status(e, req.getSearch().getCollection(), EngineSearch.vectorField(req.getSearch())).getStatus();
                answer.setError(StatusProto.fromStatusAndTrailers(status, null));
            }
            metrics.streamedSearch(status.getCode(), System.nanoTime() - start);
            lock.lock();
            try {
                if (done || out.isCancelled()) {
                    return;
                }
                out.onNext(answer.build());
                if (out.isReady()) {
                    out.request(1);
                } else {
                    owesRequest = true;
                }
            } finally {
                lock.unlock();
            }
        }

        private void onReady() {
            lock.lock();
            try {
                if (owesRequest && !done) {
                    owesRequest = false;
                    out.request(1);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        void complete() {
            out.onCompleted();
        }
    }

    /**
     * One UpsertStream: each message is a batch, written as it arrives (the message callbacks of a
     * call never overlap). Writing under the lock makes {@link #end} wait for the batch in
     * progress, so the count the client is told covers exactly the batches written.
     */
    private final class UpsertStreamCall extends OpenStream<UpsertRequest, UpsertStreamResponse> {
        private long points;
        private long batches;

        UpsertStreamCall(ServerCallStreamObserver<UpsertStreamResponse> out) {
            super(out);
        }

        @Override
        public void onNext(UpsertRequest req) {
            lock.lock();
            try {
                if (done) {
                    return;
                }
                if (draining) {
                    end(CallStatus.unavailable());
                    return;
                }
                try {
                    points += write(req);
                    batches++;
                } catch (Exception e) {
                    end(status(e, req.getCollection(), "points"));
                }
            } finally {
                lock.unlock();
            }
        }

        /** {@code error}, its trailers telling how many points were written. */
        @Override
        StatusRuntimeException failure(StatusRuntimeException error) {
            return PointsWritten.onto(error, points);
        }

        @Override
        void complete() {
            out.onNext(UpsertStreamResponse.newBuilder().setPoints(points).setBatches(batches).build());
            out.onCompleted();
        }
    }
}
