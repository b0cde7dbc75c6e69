package io.drift.cluster.route;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.ClusterWatcher;
import io.drift.cluster.meta.CollectionRecord;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Json;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.ShardMap;
import io.drift.cluster.ring.Placement;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CollectionStatistics;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.CreateCollectionResponse;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DescribeCollectionResponse;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.DropCollectionRequest;
import io.drift.proto.v1.DropCollectionResponse;
import io.drift.proto.v1.ListCollectionsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * The collection calls of {@code drift.v1} on a cluster. A collection is a record and a shard map
 * in etcd, written in one transaction, and a Drift collection per shard on its owner:
 * <ol>
 *   <li>create: the record ({@code creating}) and the map go in if the name is free; every shard is
 *       created on its owner; the record turns {@code ready}, with the settings the shards took.
 *       If a node cannot be reached the collection stays {@code creating} (hidden from calls) and
 *       the same CreateCollection again finishes it; a bad setting rolls it all back.
 *   <li>drop: the record turns {@code dropping} (hidden), every shard is dropped, the keys go. An
 *       unreachable node leaves it {@code dropping}; DropCollection again finishes it.
 * </ol>
 */
public final class CollectionAdmin {

    /**
     * Shards per node a collection gets when the request leaves {@code shards} at 0: room to spread
     * over twice the nodes without resharding, while every shard a search visits costs a search of
     * its own (docs/ARCHITECTURE.md, "Cluster": 3 shards over 3 nodes took 2.0 ms of CPU per
     * search, 6 took 2.6 ms, 12 took 4.1 ms, on Fashion-MNIST).
     */
    public static final int DEFAULT_SHARDS_PER_NODE = 2;

    private final EtcdStore store;
    private final ClusterWatcher watcher;
    private final Scatter scatter;

    public CollectionAdmin(EtcdStore store, ClusterWatcher watcher, Scatter scatter) {
        this.store = store;
        this.watcher = watcher;
        this.scatter = scatter;
    }

    public CreateCollectionResponse create(CreateCollectionRequest req) throws IOException {
        String name = req.getName();
        if (!ShardNames.isValidCollectionName(name)) {
            throw invalid("name", "'" + name + "' is not a collection name: it must match [A-Za-z0-9_-]{1,"
                    + ShardNames.MAX_COLLECTION_NAME + "} on a cluster");
        }
        if (req.getShards() > ShardNames.MAX_SHARDS || req.getShards() < 0) {
            throw invalid("shards", Integer.toUnsignedString(req.getShards()) + " exceeds the limit of "
                    + ShardNames.MAX_SHARDS);
        }
        watcher.refreshUnlessWithin(java.time.Duration.ZERO); // creates are rare: read the newest state
        ClusterView view = watcher.view();
        CollectionRecord existing = view.collections().get(name);
        if (existing == null) {
            List<String> nodes = view.activeMembers().stream().filter(view.live()::containsKey).toList();
            if (nodes.isEmpty()) {
                throw Status.UNAVAILABLE.withDescription("no live node takes shards").asRuntimeException();
            }
            int shards = req.getShards() != 0 ? req.getShards()
                    : Math.min(ShardNames.MAX_SHARDS, DEFAULT_SHARDS_PER_NODE * nodes.size());
            CollectionRecord record = CollectionRecord.creating(req, shards);
            ShardMap map = ShardMap.initial(Placement.owners(name, shards, nodes));
            boolean created = store.putIfAbsent(Keys.collection(name), Map.of(
                    Keys.collection(name), Json.write(record), Keys.shards(name), Json.write(map)));
            watcher.refresh();
            if (!created) {
                existing = watcher.view().collections().get(name);
            }
        }
        if (existing != null && !(CollectionRecord.CREATING.equals(existing.state())
                && existing.createRequest().toBuilder().setShards(req.getShards()).build().equals(req))) {
            throw Status.ALREADY_EXISTS.withDescription("collection '" + name + "' already exists")
                    .asRuntimeException();
        }
        return finishCreate(name);
    }

    /** Creates every shard of a {@code creating} collection (those there already count), then marks it ready. */
    private CreateCollectionResponse finishCreate(String name) throws IOException {
        CollectionRecord record = watcher.view().collections().get(name);
        CreateCollectionRequest shardRequest = record.createRequest().toBuilder().setShards(0).build();
        Scatter.Call<CollectionConfig> create = (ch, shardName, s) -> Futures.catchingAsync(
                Futures.transform(Router.unary(DriftGrpc.getCreateCollectionMethod(),
                                (n, x) -> shardRequest.toBuilder().setName(n).build()).send(ch, shardName, s),
                        CreateCollectionResponse::getConfig, MoreExecutors.directExecutor()),
                StatusRuntimeException.class, e -> {
                    if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                        throw e;
                    }
                    return Futures.transform(Router.unary(DriftGrpc.getDescribeCollectionMethod(),
                                    (n, x) -> DescribeCollectionRequest.newBuilder().setCollection(n).build())
                            .send(ch, shardName, s), DescribeCollectionResponse::getConfig,
                            MoreExecutors.directExecutor());
                }, MoreExecutors.directExecutor());
        Map<Integer, CollectionConfig> configs;
        try {
            configs = scatter.run(name, shardsOf(record), create, false).byShard();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                throw Status.UNAVAILABLE.withDescription("collection '" + name + "' is not created yet ("
                        + e.getStatus().getDescription() + "); CreateCollection again finishes it").asRuntimeException();
            }
            rollBack(name);
            throw e;
        }
        CollectionConfig config = configs.values().iterator().next();
        String key = Keys.collection(name);
        if (!store.compareAndSet(key, watcher.view().modRevision(key),
                Map.of(key, Json.write(record.withState(CollectionRecord.READY).withConfig(config))), List.of())) {
            throw Status.ABORTED.withDescription("collection '" + name + "' changed while it was created")
                    .asRuntimeException();
        }
        watcher.refresh();
        return CreateCollectionResponse.newBuilder().setConfig(config).build();
    }

    /** A create refused by the shards (a bad setting): drops the shards made, then the keys. */
    private void rollBack(String name) throws IOException {
        CollectionRecord record = watcher.view().collections().get(name);
        dropShards(name, record);
        store.compareAndSet(Keys.collection(name), watcher.view().modRevision(Keys.collection(name)), Map.of(),
                List.of(Keys.collection(name), Keys.shards(name)));
        watcher.refresh();
    }

    public DropCollectionResponse drop(DropCollectionRequest req) throws IOException {
        String name = req.getCollection();
        watcher.refreshUnlessWithin(java.time.Duration.ZERO); // drops are rare: read the newest state
        CollectionRecord record = watcher.view().collections().get(name);
        if (record == null) {
            throw Status.NOT_FOUND.withDescription("collection '" + name + "' does not exist").asRuntimeException();
        }
        String key = Keys.collection(name);
        if (!CollectionRecord.DROPPING.equals(record.state())) {
            if (!store.compareAndSet(key, watcher.view().modRevision(key),
                    Map.of(key, Json.write(record.withState(CollectionRecord.DROPPING))), List.of())) {
                throw Status.ABORTED.withDescription("collection '" + name + "' changed meanwhile; try again")
                        .asRuntimeException();
            }
            watcher.refresh();
        }
        dropShards(name, record);
        store.compareAndSet(key, watcher.view().modRevision(key), Map.of(), List.of(key, Keys.shards(name)));
        watcher.refresh();
        return DropCollectionResponse.getDefaultInstance();
    }

    private void dropShards(String name, CollectionRecord record) {
        Scatter.Call<DropCollectionResponse> drop = (ch, shardName, s) -> Futures.catching(
                Router.unary(DriftGrpc.getDropCollectionMethod(),
                        (n, x) -> DropCollectionRequest.newBuilder().setCollection(n).build()).send(ch, shardName, s),
                StatusRuntimeException.class, e -> {
                    if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                        throw e;
                    }
                    return DropCollectionResponse.getDefaultInstance(); // not created, or dropped already
                }, MoreExecutors.directExecutor());
        scatter.run(name, shardsOf(record), drop, false);
    }

    public ListCollectionsResponse list() {
        try {
            watcher.refreshUnlessWithin(java.time.Duration.ofMillis(100)); // one created elsewhere a moment ago
        } catch (IOException etcdAway) {
            // answered from the last view
        }
        return ListCollectionsResponse.newBuilder().addAllCollections(new TreeMap<>(watcher.view().collections())
                .values().stream().filter(CollectionRecord::ready).map(CollectionRecord::name).toList()).build();
    }

    /** The collection's settings and its shards' statistics, summed. */
    public DescribeCollectionResponse describe(DescribeCollectionRequest req, Router router) {
        CollectionRecord c = router.ready(req.getCollection());
        Map<Integer, DescribeCollectionResponse> shards = scatter.run(c.name(), shardsOf(c),
                Router.unary(DriftGrpc.getDescribeCollectionMethod(),
                        (n, s) -> DescribeCollectionRequest.newBuilder().setCollection(n).build()), false).byShard();
        DescribeCollectionResponse first = shards.values().iterator().next();
        CollectionStatistics.Builder sum = CollectionStatistics.newBuilder();
        Map<String, Long> janitor = new TreeMap<>();
        for (DescribeCollectionResponse d : shards.values()) {
            CollectionStatistics s = d.getStatistics();
            sum.setLiveRows(sum.getLiveRows() + s.getLiveRows())
                    .setRows(sum.getRows() + s.getRows())
                    .setMemtableRows(sum.getMemtableRows() + s.getMemtableRows())
                    .setMemtableBytes(sum.getMemtableBytes() + s.getMemtableBytes())
                    .setFrozenMemtables(sum.getFrozenMemtables() + s.getFrozenMemtables())
                    .setSegments(sum.getSegments() + s.getSegments())
                    .setBuckets(sum.getBuckets() + s.getBuckets())
                    .setSegmentRows(sum.getSegmentRows() + s.getSegmentRows())
                    .setDeletedSegmentRows(sum.getDeletedSegmentRows() + s.getDeletedSegmentRows())
                    .setDiskBytes(sum.getDiskBytes() + s.getDiskBytes())
                    .setFlushes(sum.getFlushes() + s.getFlushes())
                    .setGeneration(Math.max(sum.getGeneration(), s.getGeneration()))
                    .setLastSequence(Math.max(sum.getLastSequence(), s.getLastSequence()))
                    .setMaintenanceRunning(sum.getMaintenanceRunning() || s.getMaintenanceRunning())
                    .setPartitions(sum.getPartitions() + s.getPartitions())
                    .setLiveBuckets(sum.getLiveBuckets() + s.getLiveBuckets())
                    .setRecheckedQueries(sum.getRecheckedQueries() + s.getRecheckedQueries())
                    .setPayloadBytes(sum.getPayloadBytes() + s.getPayloadBytes());
            s.getJanitorMap().forEach((k, v) -> janitor.merge(k, v, Long::sum));
        }
        return first.toBuilder().setName(c.name()).setStatistics(sum.putAllJanitor(janitor)).setShards(c.shards())
                .build();
    }

    private static List<Integer> shardsOf(CollectionRecord c) {
        return IntStream.range(0, c.shards()).boxed().toList();
    }

    private static StatusRuntimeException invalid(String field, String problem) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem).asRuntimeException();
    }
}
