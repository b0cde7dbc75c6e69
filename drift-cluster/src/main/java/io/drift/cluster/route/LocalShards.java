package io.drift.cluster.route;

import io.drift.cluster.proto.v1.ShardSearchBatchRequest;
import io.drift.cluster.proto.v1.ShardSearchBatchResponse;
import io.drift.cluster.proto.v1.ShardSearchRequest;
import io.drift.cluster.proto.v1.ShardSearchResponse;

/**
 * This node's own shards, searched without a call: what {@code drift.cluster.v1.ShardSearch}
 * answers, for the router of the same node.
 */
public interface LocalShards {

    ShardSearchResponse search(ShardSearchRequest req);

    ShardSearchBatchResponse searchBatch(ShardSearchBatchRequest req);
}
