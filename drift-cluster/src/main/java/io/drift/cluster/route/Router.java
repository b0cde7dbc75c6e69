package io.drift.cluster.route;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.drift.cluster.meta.CollectionRecord;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CountResponse;
import io.drift.proto.v1.CreateFieldIndexRequest;
import io.drift.proto.v1.CreateFieldIndexResponse;
import io.drift.proto.v1.DeleteFieldIndexRequest;
import io.drift.proto.v1.DeleteFieldIndexResponse;
import io.drift.proto.v1.DeletePayloadRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DeleteResponse;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.FlushResponse;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.KeyType;
import io.drift.proto.v1.PayloadResponse;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchBatchResponse;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.SetPayloadRequest;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.UpsertResponse;
import io.drift.server.Protos;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.drift.cluster.proto.v1.ShardSearchBatchRequest;
import io.drift.cluster.proto.v1.ShardSearchGrpc;
import io.drift.cluster.proto.v1.ShardSearchRequest;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The data calls of {@code drift.v1} on a cluster: each split by shard or sent to every shard
 * ({@link Scatter}) and the answers merged. Writes are split by the shard of each point's id or
 * key and acknowledged once every shard has acknowledged its part; searches, counts, scrolls,
 * flushes and payload indexes go to every shard. Collection calls are {@link CollectionAdmin}'s;
 * {@link RouterService} serves both.
 */
public final class Router {

    /** How often a call naming an unknown collection may make the router read etcd again. */
    private static final java.time.Duration RECHECK_INTERVAL = java.time.Duration.ofMillis(100);

    private final ClusterWatcher watcher;
    private final Scatter scatter;
    private final Peers peers;
    private final Supplier<String> selfAddress;
    private final Supplier<? extends LocalShards> local;

    /**
     * @param selfAddress this node's address (null until known)
     * @param local       this node's shards, searched without a call
     */
    public Router(ClusterWatcher watcher, Scatter scatter, Peers peers, Supplier<String> selfAddress,
                  Supplier<? extends LocalShards> local) {
        this.watcher = watcher;
        this.scatter = scatter;
        this.peers = peers;
        this.selfAddress = selfAddress;
        this.local = local;
    }

    /** The shard collection names of {@code shards}. */
    private static List<String> names(String collection, List<Integer> shards) {
        return shards.stream().map(s -> ShardNames.of(collection, s)).toList();
    }

    /** {@code answer} for this node's own shards, computed here, or sent to the node at {@code address}. */
    private <R> ListenableFuture<R> onNode(String address, java.util.function.Supplier<R> here,
                                           java.util.function.Function<Channel, ListenableFuture<R>> there) {
        return address.equals(selfAddress.get()) ? Futures.immediateFuture(here.get()) : there.apply(peers.channel(address));
    }

    private static <R> Scatter.Outcome<R> outcome(boolean moving, boolean failed, com.google.rpc.Status error,
                                                  R response) {
        if (moving) {
            return Scatter.Outcome.moving();
        }
        return failed ? Scatter.Outcome.failed(StatusProto.toStatusRuntimeException(error)) : Scatter.Outcome.of(response);
    }

    /** The collection a call names, which must exist and be ready. */
    CollectionRecord ready(String name) {
        if (!ShardNames.isValidCollectionName(name)) {
            throw Status.INVALID_ARGUMENT.withDescription("collection: '" + name + "' is not a collection name: it"
                    + " must match [A-Za-z0-9_-]{1,58} on a cluster").asRuntimeException();
        }
        CollectionRecord c = watcher.view().collections().get(name);
        if (c == null || !c.ready()) { // created a moment ago through another node? Its watch event may lag
            try {
                watcher.refreshUnlessWithin(RECHECK_INTERVAL);
            } catch (java.io.IOException e) {
                throw Status.UNAVAILABLE.withDescription("cluster metadata: " + e.getMessage()).asRuntimeException();
            }
            c = watcher.view().collections().get(name);
        }
        if (c == null || !c.ready()) {
            throw Status.NOT_FOUND.withDescription("collection '" + name + "' does not exist").asRuntimeException();
        }
        return c;
    }

    private static boolean keyed(CollectionRecord c) {
        return c.createRequest().getKeyType() == KeyType.KEY_TYPE_STRING;
    }

    private static List<Integer> all(CollectionRecord c) {
        return IntStream.range(0, c.shards()).boxed().toList();
    }

    /** One unary call of the shard service, its request for shard {@code s} built by {@code request}. */
    static <Q, R> Scatter.Call<R> unary(MethodDescriptor<Q, R> driftMethod, BiFunction<String, Integer, Q> request) {
        MethodDescriptor<Q, R> m = ShardMethods.renamed(driftMethod);
        return (Channel ch, String shardName, int s) ->
                ClientCalls.futureUnaryCall(ch.newCall(m, CallOptions.DEFAULT), request.apply(shardName, s));
    }

    /** {@code call} with a failure's {@code field[i]} indices turned into the request's. */
    private static <R> Scatter.Call<R> reindexed(Scatter.Call<R> call, Parts parts, String field) {
        return (ch, name, s) -> Futures.catching(call.send(ch, name, s), StatusRuntimeException.class, e -> {
            Status st = e.getStatus();
            throw st.withDescription(parts.globalIndices(st.getDescription(), field, s))
                    .asRuntimeException(e.getTrailers());
        }, MoreExecutors.directExecutor());
    }

    private <R> Map<Integer, R> run(String collection, List<Integer> shards, Scatter.Call<R> call) {
        return scatter.run(collection, shards, call, false).byShard();
    }

    // ------------------------------------------------------------------ writes

    public UpsertResponse upsert(UpsertRequest req) {
        CollectionRecord c = ready(req.getCollection());
        checkBatch(req.getPointsCount(), c.effectiveConfig(), "points");
        boolean keyed = keyed(c);
        Parts parts = new Parts(req.getPointsCount(), i -> keyed
                ? Parts.shardOfKey(req.getPoints(i).getKey(), c.shards())
                : Parts.shardOfId(req.getPoints(i).getId(), c.shards()));
        Scatter.Call<UpsertResponse> call = reindexed(unary(DriftGrpc.getUpsertMethod(), (name, s) -> {
            UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection(name);
            parts.indices(s).forEach(i -> b.addPoints(req.getPoints(i)));
            return b.build();
        }), parts, "points");
        int upserted = 0;
        for (UpsertResponse r : run(c.name(), parts.shards(), call).values()) {
            upserted += r.getUpserted();
        }
        return UpsertResponse.newBuilder().setUpserted(upserted).build();
    }

    private static void checkBatch(int n, CollectionConfig config, String field) {
        if (config.hasMaxBatch() && Integer.toUnsignedLong(n) > Integer.toUnsignedLong(config.getMaxBatch())) {
            throw Status.RESOURCE_EXHAUSTED.withDescription(field + ": " + n + " exceed the collection's max_batch"
                    + " of " + config.getMaxBatch()).asRuntimeException();
        }
    }

    public DeleteResponse delete(DeleteRequest req) {
        CollectionRecord c = ready(req.getCollection());
        int deleted = 0;
        if (req.hasFilter()) {
            for (DeleteResponse r : run(c.name(), all(c), unary(DriftGrpc.getDeleteMethod(),
                    (name, s) -> req.toBuilder().setCollection(name).build())).values()) {
                deleted += r.getDeleted();
            }
            return DeleteResponse.newBuilder().setDeleted(deleted).build();
        }
        Parts parts = named(c, req.getIdsList(), req.getKeysList());
        Scatter.Call<DeleteResponse> call = reindexed(unary(DriftGrpc.getDeleteMethod(), (name, s) -> {
            DeleteRequest.Builder b = DeleteRequest.newBuilder().setCollection(name);
            addNames(parts, s, req.getIdsList(), req.getKeysList(), b::addIds, b::addKeys);
            return b.build();
        }), parts, byKey(req.getIdsList(), req.getKeysList()) ? "keys" : "ids");
        for (DeleteResponse r : run(c.name(), parts.shards(), call).values()) {
            deleted += r.getDeleted();
        }
        return DeleteResponse.newBuilder().setDeleted(deleted).build();
    }

    /** Whether a request names its points by keys: keys given, ids not. */
    private static boolean byKey(List<Long> ids, List<String> keys) {
        return ids.isEmpty() && !keys.isEmpty();
    }

    /** Adds shard {@code s}'s ids, or keys, of a request to its part, in request order. */
    private static void addNames(Parts parts, int s, List<Long> ids, List<String> keys,
                                 java.util.function.LongConsumer addId, java.util.function.Consumer<String> addKey) {
        boolean keyed = byKey(ids, keys);
        for (int i : parts.indices(s)) {
            if (keyed) {
                addKey.accept(keys.get(i));
            } else {
                addId.accept(ids.get(i));
            }
        }
    }

    /** Ids or keys split by shard (both given: the shard refuses it, so split the ids). */
    private static Parts named(CollectionRecord c, List<Long> ids, List<String> keys) {
        if (byKey(ids, keys)) {
            return new Parts(keys.size(), i -> Parts.shardOfKey(keys.get(i), c.shards()));
        }
        return new Parts(ids.size(), i -> Parts.shardOfId(ids.get(i), c.shards()));
    }

    public PayloadResponse setPayload(SetPayloadRequest req, boolean overwrite) {
        CollectionRecord c = ready(req.getCollection());
        checkBatch(Math.max(req.getIdsCount(), req.getKeysCount()), c.effectiveConfig(),
                req.getKeysCount() > 0 ? "keys" : "ids");
        Parts parts = named(c, req.getIdsList(), req.getKeysList());
        MethodDescriptor<SetPayloadRequest, PayloadResponse> m = overwrite
                ? DriftGrpc.getOverwritePayloadMethod() : DriftGrpc.getSetPayloadMethod();
        Scatter.Call<PayloadResponse> call = unary(m, (name, s) -> {
            SetPayloadRequest.Builder b = req.toBuilder().setCollection(name).clearIds().clearKeys();
            addNames(parts, s, req.getIdsList(), req.getKeysList(), b::addIds, b::addKeys);
            return b.build();
        });
        return updated(run(c.name(), parts.shards(), call));
    }

    public PayloadResponse deletePayload(DeletePayloadRequest req) {
        CollectionRecord c = ready(req.getCollection());
        Parts parts = named(c, req.getIdsList(), req.getKeysList());
        Scatter.Call<PayloadResponse> call = unary(DriftGrpc.getDeletePayloadMethod(), (name, s) -> {
            DeletePayloadRequest.Builder b = req.toBuilder().setCollection(name).clearIds().clearKeys();
            addNames(parts, s, req.getIdsList(), req.getKeysList(), b::addIds, b::addKeys);
            return b.build();
        });
        return updated(run(c.name(), parts.shards(), call));
    }

    private static PayloadResponse updated(Map<Integer, PayloadResponse> answers) {
        int n = 0;
        for (PayloadResponse r : answers.values()) {
            n += r.getUpdated();
        }
        return PayloadResponse.newBuilder().setUpdated(n).build();
    }

    public FlushResponse flush(FlushRequest req) {
        CollectionRecord c = ready(req.getCollection());
        run(c.name(), all(c), unary(DriftGrpc.getFlushMethod(), (name, s) -> req.toBuilder().setCollection(name).build()));
        return FlushResponse.getDefaultInstance();
    }

    public CreateFieldIndexResponse createFieldIndex(CreateFieldIndexRequest req) {
        CollectionRecord c = ready(req.getCollection());
        run(c.name(), all(c), unary(DriftGrpc.getCreateFieldIndexMethod(),
                (name, s) -> req.toBuilder().setCollection(name).build()));
        return CreateFieldIndexResponse.getDefaultInstance();
    }

    public DeleteFieldIndexResponse deleteFieldIndex(DeleteFieldIndexRequest req) {
        CollectionRecord c = ready(req.getCollection());
        run(c.name(), all(c), unary(DriftGrpc.getDeleteFieldIndexMethod(),
                (name, s) -> req.toBuilder().setCollection(name).build()));
        return DeleteFieldIndexResponse.getDefaultInstance();
    }

    // ------------------------------------------------------------------ reads

    public GetResponse get(GetRequest req) {
        CollectionRecord c = ready(req.getCollection());
        boolean byKey = byKey(req.getIdsList(), req.getKeysList());
        Parts parts = named(c, req.getIdsList(), req.getKeysList());
        Scatter.Call<GetResponse> call = reindexed(unary(DriftGrpc.getGetMethod(), (name, s) -> {
            GetRequest.Builder b = req.toBuilder().setCollection(name).clearIds().clearKeys();
            addNames(parts, s, req.getIdsList(), req.getKeysList(), b::addIds, b::addKeys);
            return b.build();
        }), parts, byKey ? "keys" : "ids");
        Map<Object, Point> found = new HashMap<>();
        for (GetResponse r : run(c.name(), parts.shards(), call).values()) {
            for (Point p : r.getPointsList()) {
                found.put(byKey ? p.getKey() : (Object) p.getId(), p);
            }
        }
        GetResponse.Builder b = GetResponse.newBuilder(); // in request order, each found one once
        int n = byKey ? req.getKeysCount() : req.getIdsCount();
        for (int i = 0; i < n; i++) {
            Point p = found.remove(byKey ? req.getKeys(i) : (Object) req.getIds(i));
            if (p != null) {
                b.addPoints(p);
            }
        }
        return b.build();
    }

    public SearchResponse search(SearchRequest req) {
        CollectionRecord c = ready(req.getCollection());
        Protos.checkPage(req.getK(), req.getOffset(), c.effectiveConfig().getMaxK());
        SearchRequest shardRequest = req.toBuilder().setK(req.getK() + req.getOffset()).setOffset(0).build();
        Scatter.NodeCall<SearchResponse> call = (address, shards) -> {
            ShardSearchRequest r = ShardSearchRequest.newBuilder().addAllShards(names(c.name(), shards))
                    .setSearch(shardRequest).build();
            return Futures.transform(onNode(address, () -> local.get().search(r),
                            ch -> ShardSearchGrpc.newFutureStub(ch).search(r)),
                    a -> a.getAnswersList().stream().map(x -> outcome(x.getMoving(), x.hasError(), x.getError(),
                            x.getResponse())).toList(), MoreExecutors.directExecutor());
        };
        Scatter.Answers<SearchResponse> answers = scatter.runByNode(c.name(), all(c), call, req.getAllowPartial());
        return SearchMerge.merge(new ArrayList<>(answers.byShard().values()), req.getK(), req.getOffset(),
                answers.unavailable());
    }

    public SearchBatchResponse searchBatch(SearchBatchRequest req) {
        CollectionRecord c = ready(req.getCollection());
        Protos.checkPage(req.getK(), req.getOffset(), c.effectiveConfig().getMaxK());
        SearchBatchRequest shardRequest = req.toBuilder().setK(req.getK() + req.getOffset()).setOffset(0).build();
        Scatter.NodeCall<SearchBatchResponse> call = (address, shards) -> {
            ShardSearchBatchRequest r = ShardSearchBatchRequest.newBuilder().addAllShards(names(c.name(), shards))
                    .setBatch(shardRequest).build();
            return Futures.transform(onNode(address, () -> local.get().searchBatch(r),
                            ch -> ShardSearchGrpc.newFutureStub(ch).searchBatch(r)),
                    a -> a.getAnswersList().stream().map(x -> outcome(x.getMoving(), x.hasError(), x.getError(),
                            x.getResponse())).toList(), MoreExecutors.directExecutor());
        };
        Scatter.Answers<SearchBatchResponse> answers = scatter.runByNode(c.name(), all(c), call,
                req.getAllowPartial());
        SearchBatchResponse.Builder b = SearchBatchResponse.newBuilder();
        List<SearchBatchResponse> shards = new ArrayList<>(answers.byShard().values());
        for (int q = 0; q < req.getQueriesCount(); q++) {
            List<SearchResponse> perShard = new ArrayList<>(shards.size());
            for (SearchBatchResponse r : shards) {
                perShard.add(r.getResponses(q));
            }
            b.addResponses(SearchMerge.merge(perShard, req.getK(), req.getOffset(), answers.unavailable()));
        }
        return b.build();
    }

    public CountResponse count(CountRequest req) {
        CollectionRecord c = ready(req.getCollection());
        long n = 0;
        for (CountResponse r : run(c.name(), all(c), unary(DriftGrpc.getCountMethod(),
                (name, s) -> req.toBuilder().setCollection(name).build())).values()) {
            n += r.getCount();
        }
        return CountResponse.newBuilder().setCount(n).build();
    }

    public ScrollResponse scroll(ScrollRequest req) {
        CollectionRecord c = ready(req.getCollection());
        int limit = Protos.scrollLimit(req.getLimit(), c.effectiveConfig().getMaxBatch());
        Map<Integer, ScrollResponse> pages = run(c.name(), all(c), unary(DriftGrpc.getScrollMethod(),
                (name, s) -> req.toBuilder().setCollection(name).setLimit(limit).build()));
        return ScrollMerge.merge(new ArrayList<>(pages.values()), limit, keyed(c));
    }
}
