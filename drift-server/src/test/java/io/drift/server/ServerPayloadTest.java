package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DeletePayloadRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.KeyType;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.SetPayloadRequest;
import io.drift.proto.v1.UpsertRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads and string keys through a real server: written with points, updated without the
 * vector, returned by Get and Search, kept across a flush and a restart; bad payloads and keys are
 * refused naming the field.
 */
class ServerPayloadTest {

    @TempDir
    Path tmp;

    static Value str(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    static Value num(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }

    static Struct struct(Object... kv) {
        Struct.Builder b = Struct.newBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.putFields((String) kv[i], (Value) kv[i + 1]);
        }
        return b.build();
    }

    static Point point(String key, float x, Struct payload) {
        return Point.newBuilder().setKey(key).addVector(x).addVector(1).setPayload(payload).build();
    }

    @Test
    void keyedPointsCarryPayloadsThroughUpdatesFlushesAndRestarts() throws Exception {
        Path data = tmp.resolve("data");
        Struct a = struct("cls", str("shirt"), "n", num(7), "price", num(9.5),
                "tags", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(str("x"))).build());
        try (TestServer s = TestServer.start(data)) {
            s.stub().createCollection(CreateCollectionRequest.newBuilder().setName("docs").setDim(2)
                    .setMetric(Metric.METRIC_L2).setKeyType(KeyType.KEY_TYPE_STRING)
                    .setConfig(CollectionConfig.newBuilder().setMaxPayloadBytes(200)).build());
            assertEquals(KeyType.KEY_TYPE_STRING, s.stub().describeCollection(DescribeCollectionRequest.newBuilder()
                    .setCollection("docs").build()).getKeyType());
            s.stub().upsert(UpsertRequest.newBuilder().setCollection("docs")
                    .addPoints(point("a-1", 1, a)).addPoints(point("b-2", 2, struct("cls", str("shoe"))))
                    .addPoints(point("c-3", 3, Struct.getDefaultInstance())).build());

            assertEquals(2, s.stub().setPayload(SetPayloadRequest.newBuilder().setCollection("docs")
                    .addKeys("a-1").addKeys("b-2").addKeys("nobody").setPayload(struct("n", num(8))).build())
                    .getUpdated());
            assertEquals(1, s.stub().deletePayload(DeletePayloadRequest.newBuilder().setCollection("docs")
                    .addKeys("a-1").addFields("tags").build()).getUpdated());
            Struct expectA = struct("cls", str("shirt"), "n", num(8), "price", num(9.5));
            checkGet(s, expectA);
            s.stub().flush(FlushRequest.newBuilder().setCollection("docs").build());
            checkGet(s, expectA);
            assertTrue(s.stub().describeCollection(DescribeCollectionRequest.newBuilder().setCollection("docs").build())
                    .getStatistics().getPayloadBytes() > 0);

            // refused, naming the field; nothing written
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> s.stub().upsert(
                    UpsertRequest.newBuilder().setCollection("docs").addPoints(point("d", 4, struct("bad",
                            num(Double.NaN)))).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("points[0].payload.bad"), e.getStatus().getDescription());
            e = assertThrows(StatusRuntimeException.class, () -> s.stub().setPayload(SetPayloadRequest.newBuilder()
                    .setCollection("docs").addKeys("a-1").setPayload(struct("big", str("x".repeat(300)))).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("at most 200"), e.getStatus().getDescription());
            e = assertThrows(StatusRuntimeException.class, () -> s.stub().get(GetRequest.newBuilder()
                    .setCollection("docs").addIds(5).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("names points by string keys"),
                    e.getStatus().getDescription());
        }
        try (TestServer s = TestServer.start(data)) {
            checkGet(s, struct("cls", str("shirt"), "n", num(8), "price", num(9.5)));
            assertEquals(1, s.stub().delete(DeleteRequest.newBuilder().setCollection("docs").addKeys("b-2")
                    .addKeys("zzz").build()).getDeleted());
            SearchResponse r = s.stub().search(SearchRequest.newBuilder().setCollection("docs").addVector(2)
                    .addVector(1).setK(5).setTargetConfidence(1).build());
            assertEquals(List.of("a-1", "c-3"), r.getResultsList().stream().map(ScoredPoint::getKey).sorted().toList());
            assertTrue(r.getResultsList().stream().noneMatch(ScoredPoint::hasPayload), "no payload unless asked");
        }
    }

    private static void checkGet(TestServer s, Struct expectA) {
        GetResponse g = s.stub().get(GetRequest.newBuilder().setCollection("docs").addKeys("a-1").addKeys("b-2")
                .addKeys("c-3").addKeys("nobody").setWithPayload(true).build());
        assertEquals(List.of("a-1", "b-2", "c-3"), g.getPointsList().stream().map(Point::getKey).toList());
        assertEquals(expectA, g.getPoints(0).getPayload());
        assertEquals(struct("cls", str("shoe"), "n", num(8)), g.getPoints(1).getPayload());
        assertEquals(Struct.getDefaultInstance(), g.getPoints(2).getPayload());
        SearchResponse r = s.stub().search(SearchRequest.newBuilder().setCollection("docs").addVector(1.1f)
                .addVector(1).setK(1).setWithPayload(true).setTargetConfidence(1).build());
        assertEquals("a-1", r.getResults(0).getKey());
        assertEquals(expectA, r.getResults(0).getPayload());
    }
}
