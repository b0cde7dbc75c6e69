package io.drift.cluster.route;

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
import io.drift.server.PointsWritten;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code drift.v1} on a cluster node: every call routed ({@link Router}, {@link CollectionAdmin}).
 * Clients and the command line use a cluster node as they use a single server. Streams are served
 * message by message through the unary routes. Every call runs on a thread of its own: it waits
 * for the shards' answers.
 */
public final class RouterService extends DriftGrpc.DriftImplBase {

    private static final System.Logger LOG = System.getLogger(RouterService.class.getName());

    private final Router router;
    private final CollectionAdmin admin;
    private final Set<StreamObserver<?>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    public RouterService(Router router, CollectionAdmin admin) {
        this.router = router;
        this.admin = admin;
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    private static <T> void answer(StreamObserver<T> out, Work<T> work) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) out;
        T reply;
        try {
            reply = work.run();
        } catch (Exception e) {
            if (!call.isCancelled()) {
                out.onError(status(e));
            }
            return;
        }
        if (!call.isCancelled()) {
            out.onNext(reply);
            out.onCompleted();
        }
    }

    /** The status of what a route threw: its own status, etcd unreachable, or an internal error. */
    static StatusRuntimeException status(Exception e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof IOException io) {
            return Status.UNAVAILABLE.withDescription("cluster metadata: " + io.getMessage()).asRuntimeException();
        }
        String requestId = String.format("%016x", ThreadLocalRandom.current().nextLong());
        LOG.log(System.Logger.Level.ERROR, "request " + requestId + " failed", e);
        return Status.INTERNAL.withDescription("internal error; request id " + requestId).asRuntimeException();
    }

    @Override
    public void createCollection(CreateCollectionRequest req, StreamObserver<CreateCollectionResponse> out) {
        answer(out, () -> admin.create(req));
    }

    @Override
    public void dropCollection(DropCollectionRequest req, StreamObserver<DropCollectionResponse> out) {
        answer(out, () -> admin.drop(req));
    }

    @Override
    public void listCollections(ListCollectionsRequest req, StreamObserver<ListCollectionsResponse> out) {
        answer(out, admin::list);
    }

    @Override
    public void describeCollection(DescribeCollectionRequest req, StreamObserver<DescribeCollectionResponse> out) {
        answer(out, () -> admin.describe(req, router));
    }

    @Override
    public void upsert(UpsertRequest req, StreamObserver<UpsertResponse> out) {
        answer(out, () -> router.upsert(req));
    }

    @Override
    public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
        answer(out, () -> router.delete(req));
    }

    @Override
    public void get(GetRequest req, StreamObserver<GetResponse> out) {
        answer(out, () -> router.get(req));
    }

    @Override
    public void setPayload(SetPayloadRequest req, StreamObserver<PayloadResponse> out) {
        answer(out, () -> router.setPayload(req, false));
    }

    @Override
    public void overwritePayload(SetPayloadRequest req, StreamObserver<PayloadResponse> out) {
        answer(out, () -> router.setPayload(req, true));
    }

    @Override
    public void deletePayload(DeletePayloadRequest req, StreamObserver<PayloadResponse> out) {
        answer(out, () -> router.deletePayload(req));
    }

    @Override
    public void search(SearchRequest req, StreamObserver<SearchResponse> out) {
        answer(out, () -> router.search(req));
    }

    @Override
    public void searchBatch(SearchBatchRequest req, StreamObserver<SearchBatchResponse> out) {
        answer(out, () -> router.searchBatch(req));
    }

    @Override
    public void flush(FlushRequest req, StreamObserver<FlushResponse> out) {
        answer(out, () -> router.flush(req));
    }

    @Override
    public void count(CountRequest req, StreamObserver<CountResponse> out) {
        answer(out, () -> router.count(req));
    }

    @Override
    public void scroll(ScrollRequest req, StreamObserver<ScrollResponse> out) {
        answer(out, () -> router.scroll(req));
    }

    @Override
    public void createFieldIndex(CreateFieldIndexRequest req, StreamObserver<CreateFieldIndexResponse> out) {
        answer(out, () -> router.createFieldIndex(req));
    }

    @Override
    public void deleteFieldIndex(DeleteFieldIndexRequest req, StreamObserver<DeleteFieldIndexResponse> out) {
        answer(out, () -> router.deleteFieldIndex(req));
    }

    /** Each message searched as it arrives (a call's messages never overlap), answered with its tag. */
    @Override
    public StreamObserver<SearchStreamRequest> searchStream(StreamObserver<SearchStreamResponse> out) {
        return new Stream<SearchStreamRequest, SearchStreamResponse>(out) {
            @Override
            public void onNext(SearchStreamRequest req) {
                SearchStreamResponse.Builder answer = SearchStreamResponse.newBuilder().setTag(req.getTag());
                try {
                    if (!req.hasSearch()) {
                        throw Status.INVALID_ARGUMENT.withDescription("search: missing: every message of a"
                                + " SearchStream carries a search").asRuntimeException();
                    }
                    answer.setResponse(router.search(req.getSearch()));
                } catch (Exception e) {
                    answer.setError(StatusProto.fromStatusAndTrailers(status(e).getStatus(), null));
                }
                send(answer.build());
            }

            @Override
            void complete() {
                out.onCompleted();
            }
        }.open();
    }

    /** Each message a batch, routed as it arrives; the summary when the client closes the stream. */
    @Override
    public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertStreamResponse> out) {
        return new Stream<UpsertRequest, UpsertStreamResponse>(out) {
            long points;
            long batches;

            @Override
            public void onNext(UpsertRequest req) {
                try {
                    points += router.upsert(req).getUpserted();
                    batches++;
                } catch (Exception e) {
                    end(status(e));
                }
            }

            @Override
            StatusRuntimeException failure(StatusRuntimeException e) {
                return PointsWritten.onto(e, points);
            }

            @Override
            void complete() {
                out.onNext(UpsertStreamResponse.newBuilder().setPoints(points).setBatches(batches).build());
                out.onCompleted();
            }
        }.open();
    }

    /** Ends every open stream: the server shuts down. */
    public void drain() {
        draining = true;
        for (StreamObserver<?> s : List.copyOf(streams)) {
            ((Stream<?, ?>) s).end(Status.UNAVAILABLE.withDescription("the server is shutting down")
                    .asRuntimeException());
        }
    }

    /** A stream open until its client closes it, or the server drains. Synchronized: ends race answers. */
    private abstract class Stream<Q, R> implements StreamObserver<Q> {
        final StreamObserver<R> out;
        private boolean done;

        Stream(StreamObserver<R> out) {
            this.out = out;
        }

        Stream<Q, R> open() {
            streams.add(this);
            if (draining) {
                end(Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException());
            }
            return this;
        }

        synchronized void send(R message) {
            if (!done) {
                out.onNext(message);
            }
        }

        synchronized void end(StatusRuntimeException e) {
            if (!done) {
                done = true;
                streams.remove(this);
                out.onError(failure(e));
            }
        }

        StatusRuntimeException failure(StatusRuntimeException e) {
            return e;
        }

        abstract void complete();

        @Override
        public synchronized void onError(Throwable t) {
            done = true;
            streams.remove(this);
        }

        @Override
        public synchronized void onCompleted() {
            if (!done) {
                done = true;
                streams.remove(this);
                complete();
            }
        }
    }
}
