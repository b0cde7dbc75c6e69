package io.drift.cluster.node;

import com.google.rpc.Status;
import io.drift.cluster.proto.v1.ShardSearchAnswer;
import io.drift.cluster.proto.v1.ShardSearchBatchAnswer;
import io.drift.cluster.proto.v1.ShardSearchBatchRequest;
import io.drift.cluster.proto.v1.ShardSearchBatchResponse;
import io.drift.cluster.proto.v1.ShardSearchGrpc;
import io.drift.cluster.proto.v1.ShardSearchRequest;
import io.drift.cluster.proto.v1.ShardSearchResponse;
import io.drift.cluster.route.LocalShards;
import io.drift.server.EngineSearch;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;

/**
 * {@code drift.cluster.v1.ShardSearch}: one call searches several of this node's shards, one after
 * the other on the calling thread, each answered as its own Search would be. A shard being handed
 * away answers {@code moving} ({@link ShardGate}).
 */
final class ShardSearchService extends ShardSearchGrpc.ShardSearchImplBase implements LocalShards {

    private final EngineSearch engine;
    private final ShardGate gate;

    ShardSearchService(EngineSearch engine, ShardGate gate) {
        this.engine = engine;
        this.gate = gate;
    }

    @Override
    public ShardSearchResponse search(ShardSearchRequest req) {
        ShardSearchResponse.Builder out = ShardSearchResponse.newBuilder();
        for (String shard : req.getShardsList()) {
            ShardSearchAnswer.Builder a = out.addAnswersBuilder();
            if (!gate.readable(shard)) {
                a.setMoving(true);
                continue;
            }
            try {
                a.setResponse(engine.search(req.getSearch().toBuilder().setCollection(shard).build()));
            } catch (Exception e) {
                a.setError(status(e, shard, EngineSearch.vectorField(req.getSearch())));
            }
        }
        return out.build();
    }

    @Override
    public ShardSearchBatchResponse searchBatch(ShardSearchBatchRequest req) {
        ShardSearchBatchResponse.Builder out = ShardSearchBatchResponse.newBuilder();
        for (String shard : req.getShardsList()) {
            ShardSearchBatchAnswer.Builder a = out.addAnswersBuilder();
            if (!gate.readable(shard)) {
                a.setMoving(true);
                continue;
            }
            try {
                a.setResponse(engine.searchBatch(req.getBatch().toBuilder().setCollection(shard).build()));
            } catch (Exception e) {
                a.setError(status(e, shard, "queries"));
            }
        }
        return out.build();
    }

    private Status status(Exception e, String shard, String field) {
        return StatusProto.fromStatusAndTrailers(engine.status(e, shard, field).getStatus(), null);
    }

    @Override
    public void search(ShardSearchRequest req, StreamObserver<ShardSearchResponse> out) {
        out.onNext(search(req));
        out.onCompleted();
    }

    @Override
    public void searchBatch(ShardSearchBatchRequest req, StreamObserver<ShardSearchBatchResponse> out) {
        out.onNext(searchBatch(req));
        out.onCompleted();
    }
}
