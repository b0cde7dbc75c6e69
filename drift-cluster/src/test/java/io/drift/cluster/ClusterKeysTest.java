package io.drift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.drift.client.DriftClient;
import io.drift.cluster.local.LocalCluster;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.KeyType;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.SetPayloadRequest;
import io.drift.proto.v1.UpsertRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A string-keyed collection on a cluster of two node processes: every call routes by key. */
class ClusterKeysTest {

    static final int DIM = 4;

    @Test
    void keysRouteEveryCall(@TempDir Path tmp) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(tmp, 2);
             DriftClient a = DriftClient.connect(cluster.node(0).address());
             DriftClient b = DriftClient.connect(cluster.node(1).address())) {
            DriftGrpc.DriftBlockingStub one = a.blocking().withDeadlineAfter(60, TimeUnit.SECONDS);
            DriftGrpc.DriftBlockingStub two = b.blocking().withDeadlineAfter(60, TimeUnit.SECONDS);
            one.createCollection(CreateCollectionRequest.newBuilder().setName("notes").setDim(DIM)
                    .setMetric(Metric.METRIC_L2).setKeyType(KeyType.KEY_TYPE_STRING).setShards(4).build());
            UpsertRequest.Builder up = UpsertRequest.newBuilder().setCollection("notes");
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = (i % 2 == 0 ? "note-" : "Ñota-") + i;
                keys.add(key);
                up.addPoints(Point.newBuilder().setKey(key).addVector(i).addVector(0).addVector(0).addVector(0)
                        .setPayload(Struct.newBuilder().putFields("i", Value.newBuilder().setNumberValue(i).build())));
            }
            assertEquals(200, two.upsert(up.build()).getUpserted());

            GetResponse got = one.get(GetRequest.newBuilder().setCollection("notes").addKeys(keys.get(7))
                    .addKeys("missing").addKeys(keys.get(3)).setWithPayload(true).build());
            assertEquals(List.of(keys.get(7), keys.get(3)), got.getPointsList().stream().map(Point::getKey).toList());
            assertEquals(7, got.getPoints(0).getPayload().getFieldsOrThrow("i").getNumberValue());

            assertEquals(2, two.setPayload(SetPayloadRequest.newBuilder().setCollection("notes").addKeys(keys.get(7))
                    .addKeys(keys.get(8)).setPayload(Struct.newBuilder().putFields("seen",
                            Value.newBuilder().setBoolValue(true).build())).build()).getUpdated());
            SearchResponse near = one.search(SearchRequest.newBuilder().setCollection("notes").setK(3)
                    .addVector(7).addVector(0).addVector(0).addVector(0).setTargetConfidence(1f).setWithPayload(true)
                    .build());
            assertEquals(keys.get(7), near.getResults(0).getKey());
            assertTrue(near.getResults(0).getPayload().getFieldsOrThrow("seen").getBoolValue());

            assertEquals(2, one.delete(DeleteRequest.newBuilder().setCollection("notes").addKeys(keys.get(0))
                    .addKeys(keys.get(1)).addKeys("missing").build()).getDeleted());
            assertEquals(198, two.count(CountRequest.newBuilder().setCollection("notes").build()).getCount());

            List<String> scrolled = new ArrayList<>();
            ScrollRequest.Builder page = ScrollRequest.newBuilder().setCollection("notes").setLimit(37);
            while (true) {
                ScrollResponse r = two.scroll(page.build());
                r.getPointsList().forEach(p -> scrolled.add(p.getKey()));
                if (!r.hasNextOffset()) {
                    break;
                }
                page.setOffset(r.getNextOffset());
            }
            List<String> expected = new ArrayList<>(keys.subList(2, keys.size()));
            expected.sort((x, y) -> ByteString.unsignedLexicographicalComparator()
                    .compare(ByteString.copyFromUtf8(x), ByteString.copyFromUtf8(y)));
            assertEquals(expected, scrolled);
        }
    }
}
