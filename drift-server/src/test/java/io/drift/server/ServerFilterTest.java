package io.drift.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Value;
import io.drift.proto.v1.CollectionConfig;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.CreateFieldIndexRequest;
import io.drift.proto.v1.DeleteFieldIndexRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.FieldIndex;
import io.drift.proto.v1.FieldType;
import io.drift.proto.v1.Filter;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.PointId;
import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import io.drift.proto.v1.SearchBatchRequest;
import io.drift.proto.v1.SearchParams;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.UpsertRequest;
import io.drift.proto.v1.Vector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters over gRPC against a real server, part of the points in segments (some fields indexed)
 * and part in the memtable: filtered searches return the nearest matching points and nothing else,
 * score thresholds and offsets cut them as documented, counts and scrolls agree with an oracle over
 * the payloads written, deletes by filter delete exactly the matching points, payload indexes are
 * listed by describe and kept across a restart, and bad filters are refused naming their path.
 */
class ServerFilterTest {

    static final int N = 240;
    static final int MAX_BATCH = 150;
    static final int MAX_K = 60;
    static final String[] CLS = {"shirt", "shoe", "hat"};

    @TempDir
    Path tmp;

    TestServer s;
    final float[][] vectors = TestServer.clustered(N, 3, 11);

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(tmp.resolve("data"));
        s.stub().createCollection(CreateCollectionRequest.newBuilder().setName("items").setDim(3)
                .setMetric(Metric.METRIC_L2)
                .setConfig(CollectionConfig.newBuilder().setMaxBatch(MAX_BATCH).setMaxK(MAX_K)).build());
        upsert(0, N / 2);
        s.stub().flush(FlushRequest.newBuilder().setCollection("items").build());
        createIndex("cls", FieldType.FIELD_TYPE_KEYWORD);
        createIndex("n", FieldType.FIELD_TYPE_INTEGER);
        upsert(N / 2, N * 3 / 4);
        s.stub().flush(FlushRequest.newBuilder().setCollection("items").build());
        upsert(N * 3 / 4, N); // the last quarter stays in the memtable
    }

    @AfterEach
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ data and oracle

    static Value str(String v) {
        return Value.newBuilder().setStringValue(v).build();
    }

    static Value list(String... vs) {
        ListValue.Builder l = ListValue.newBuilder();
        for (String v : vs) {
            l.addValues(str(v));
        }
        return Value.newBuilder().setListValue(l).build();
    }

    /**
     * Point i's payload: cls cycles through shirt, shoe, hat; n = i; price = i + 0.25; tags
     * [red, blue], [green], [] or missing by i % 4; meta.sold null when i % 5 == 0, else i even.
     */
    static Struct payload(int i) {
        Struct.Builder p = Struct.newBuilder()
                .putFields("cls", str(CLS[i % 3]))
                .putFields("n", Value.newBuilder().setNumberValue(i).build())
                .putFields("price", Value.newBuilder().setNumberValue(i + 0.25).build());
        switch (i % 4) {
            case 0 -> p.putFields("tags", list("red", "blue"));
            case 1 -> p.putFields("tags", list("green"));
            case 2 -> p.putFields("tags", list());
            default -> { }
        }
        Value sold = i % 5 == 0 ? Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build()
                : Value.newBuilder().setBoolValue(i % 2 == 0).build();
        p.putFields("meta", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("sold", sold)).build());
        return p.build();
    }

    private void upsert(int from, int to) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("items");
        for (int i = from; i < to; i++) {
            b.addPoints(TestServer.point(i, vectors[i]).toBuilder().setPayload(payload(i)));
        }
        s.stub().upsert(b.build());
    }

    private void createIndex(String field, FieldType type) {
        s.stub().createFieldIndex(CreateFieldIndexRequest.newBuilder().setCollection("items").setFieldName(field)
                .setFieldType(type).build());
    }

    /** The filter of {@code text}, in protobuf's text format. */
    static Filter filter(String text) {
        Filter.Builder b = Filter.newBuilder();
        try {
            TextFormat.merge(text, b);
        } catch (TextFormat.ParseException e) {
            throw new IllegalArgumentException(e);
        }
        return b.build();
    }

    /** shirts with 30 <= n < 200 that are not tagged red. */
    static final String SHIRTS = "must { field { key: 'cls' match { keyword: 'shirt' } } }"
            + " must { field { key: 'n' range { gte: 30 lt: 200 } } }"
            + " must_not { field { key: 'tags' match { keyword: 'red' } } }";

    static boolean shirts(int i) {
        return i % 3 == 0 && i >= 30 && i < 200 && i % 4 != 0;
    }

    /** hats or shoes whose meta.sold is true, or points without tags. */
    static final String HATS_SOLD_OR_UNTAGGED = "should { filter { must { field { key: 'cls' match { keywords {"
            + " strings: ['hat', 'shoe'] } } } } must { field { key: 'meta.sold' match { boolean: true } } } } }"
            + " should { is_empty { key: 'tags' } }";

    static boolean hatsSoldOrUntagged(int i) {
        return (i % 3 != 0 && i % 5 != 0 && i % 2 == 0) || i % 4 >= 2;
    }

    private List<Long> matching(IntPredicate p) {
        return IntStream.range(0, N).filter(p).mapToObj(i -> (long) i).toList();
    }

    private List<Long> nearest(float[] q, IntPredicate p, int k) {
        return IntStream.range(0, N).filter(p).boxed()
                .sorted(Comparator.comparingDouble(i -> l2(q, vectors[i]))).limit(k).map(i -> (long) i).toList();
    }

    static double l2(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return d;
    }

    // ------------------------------------------------------------------ searches

    private SearchRequest.Builder search(float[] q, int k) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("items").setK(k).setTargetConfidence(1)
                .setParams(SearchParams.newBuilder().setRerankFactor(100)).setWithPayload(true);
        for (float x : q) {
            b.addVector(x);
        }
        return b;
    }

    private static List<Long> ids(SearchResponse r) {
        return r.getResultsList().stream().map(ScoredPoint::getId).toList();
    }

    @Test
    void filteredSearchesReturnTheNearestMatchingPoints() throws Exception {
        for (int q = 0; q < 5; q++) {
            float[] query = vectors[q * 37 + 1];
            SearchResponse r = s.stub().search(search(query, 10).setFilter(filter(SHIRTS)).build());
            assertEquals(nearest(query, ServerFilterTest::shirts, 10), ids(r));
            for (ScoredPoint p : r.getResultsList()) {
                Struct pl = p.getPayload();
                assertEquals("shirt", pl.getFieldsOrThrow("cls").getStringValue(), p.toString());
                double n = pl.getFieldsOrThrow("n").getNumberValue();
                assertTrue(n >= 30 && n < 200, p.toString());
                assertFalse(pl.containsFields("tags") && pl.getFieldsOrThrow("tags").getListValue().getValuesList()
                        .contains(str("red")), p.toString());
            }
            r = s.stub().search(search(query, 50).setFilter(filter(HATS_SOLD_OR_UNTAGGED)).build());
            assertEquals(nearest(query, ServerFilterTest::hatsSoldOrUntagged, 50), ids(r));
        }
        // fewer matching points than k: all of them
        SearchResponse few = s.stub().search(search(vectors[0], 20).setFilter(filter(
                "must { has_id { ids: [3, 5, 400] } }")).build());
        assertEquals(List.of(3L, 5L), ids(few).stream().sorted().toList());
        // an empty filter is every point
        assertEquals(nearest(vectors[9], i -> true, 10),
                ids(s.stub().search(search(vectors[9], 10).setFilter(Filter.getDefaultInstance()).build())));

        SearchBatchRequest.Builder batch = SearchBatchRequest.newBuilder().setCollection("items").setK(5)
                .setTargetConfidence(1).setParams(SearchParams.newBuilder().setRerankFactor(100))
                .setFilter(filter(SHIRTS)).setOffset(2);
        for (int q : new int[] {4, 90, 200}) {
            Vector.Builder v = Vector.newBuilder();
            for (float x : vectors[q]) {
                v.addValues(x);
            }
            batch.addQueries(v);
        }
        List<SearchResponse> answers = s.stub().searchBatch(batch.build()).getResponsesList();
        int[] queries = {4, 90, 200};
        for (int i = 0; i < queries.length; i++) {
            assertEquals(nearest(vectors[queries[i]], ServerFilterTest::shirts, 7).subList(2, 7), ids(answers.get(i)));
        }
    }

    @Test
    void scoreThresholdAndOffsetCutTheResults() throws Exception {
        float[] query = vectors[17];
        SearchResponse all = s.stub().search(search(query, 20).build());
        float fifth = all.getResults(4).getDistance();
        SearchResponse near = s.stub().search(search(query, 20).setScoreThreshold(fifth).build());
        assertEquals(ids(all).subList(0, 5), ids(near), "hits farther than the threshold are left out");
        assertTrue(near.getResultsList().stream().allMatch(p -> p.getDistance() <= fifth));
        assertEquals(0, s.stub().search(search(query, 20).setScoreThreshold(-1).build()).getResultsCount());

        SearchResponse paged = s.stub().search(search(query, 5).setOffset(5).build());
        assertEquals(ids(all).subList(5, 10), ids(paged));
        SearchResponse both = s.stub().search(search(query, 10).setOffset(3).setScoreThreshold(fifth).build());
        assertEquals(ids(all).subList(3, 5), ids(both), "the offset counts hits within the threshold");

        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(query, 50).setOffset(11)
                .build()), "offset: k + offset = 61 exceeds the collection's limit of " + MAX_K);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(query, 5)
                .setScoreThreshold(Float.NaN).build()), "score_threshold: is NaN");
    }

    // ------------------------------------------------------------------ counts, scrolls, deletes

    private long count(String text) throws Exception {
        return s.stub().count(CountRequest.newBuilder().setCollection("items").setFilter(filter(text)).build())
                .getCount();
    }

    /** Every point of a scroll with {@code limit} per page, checking the pages on the way. */
    private List<Point> scrollAll(ScrollRequest.Builder req, int limit) {
        List<Point> out = new ArrayList<>();
        req.setLimit(limit);
        while (true) {
            ScrollResponse page = s.stub().scroll(req.build());
            out.addAll(page.getPointsList());
            if (!page.hasNextOffset()) {
                assertTrue(page.getPointsCount() <= limit);
                return out;
            }
            assertEquals(limit, page.getPointsCount(), "a page before the last is full");
            req.setOffset(page.getNextOffset());
        }
    }

    @Test
    void countsAndScrollsAgreeWithTheOracle() throws Exception {
        assertEquals(N, s.stub().count(CountRequest.newBuilder().setCollection("items").build()).getCount());
        assertEquals(matching(ServerFilterTest::shirts).size(), count(SHIRTS));
        assertEquals(matching(ServerFilterTest::hatsSoldOrUntagged).size(), count(HATS_SOLD_OR_UNTAGGED));
        assertEquals(matching(i -> i % 5 == 0).size(), count("must { is_null { key: 'meta.sold' } }"));
        assertEquals(matching(i -> i % 4 >= 2).size(), count("must { is_empty { key: 'tags' } }"));
        assertEquals(matching(i -> i % 4 == 1 || i % 3 == 2).size(), count(
                "should { field { key: 'tags' match { keyword: 'green' } } } should { field { key: 'cls' match {"
                        + " keyword: 'hat' } } }"));
        assertEquals(matching(i -> i >= 10 && i <= 20 && i != 15).size(), count(
                "must { field { key: 'price' range { gt: 10 lte: 20.25 } } } must_not { field { key: 'n' match {"
                        + " integers { integers: [15] } } } }"));

        ScrollRequest.Builder req = ScrollRequest.newBuilder().setCollection("items").setFilter(filter(SHIRTS));
        List<Point> points = scrollAll(req, 7);
        assertEquals(matching(ServerFilterTest::shirts), points.stream().map(Point::getId).toList(),
                "every matching point once, in id order");
        assertTrue(points.stream().noneMatch(p -> p.hasPayload() || p.getVectorCount() > 0), "none unless asked");

        List<Point> full = scrollAll(ScrollRequest.newBuilder().setCollection("items").setWithPayload(true)
                .setWithVectors(true), 40);
        assertEquals(N, full.size());
        for (Point p : full) {
            int i = (int) p.getId();
            assertEquals(payload(i), p.getPayload());
            assertEquals(vectors[i][2], p.getVector(2));
        }
        ScrollResponse first = s.stub().scroll(ScrollRequest.newBuilder().setCollection("items").build());
        assertEquals(100, first.getPointsCount(), "limit 0: 100 points");
        assertEquals(PointId.newBuilder().setId(100).build(), first.getNextOffset());
        ServerErrorsTest.expect(Status.Code.RESOURCE_EXHAUSTED, () -> s.stub().scroll(ScrollRequest.newBuilder()
                .setCollection("items").setLimit(MAX_BATCH + 1).build()), "limit: 151 exceeds the collection's"
                + " max_batch of " + MAX_BATCH);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().scroll(ScrollRequest.newBuilder()
                .setCollection("items").setOffset(PointId.newBuilder().setKey("a")).build()),
                "offset.key: collection 'items' names points by ids");
    }

    @Test
    void deleteByFilterDeletesExactlyTheMatchingPoints() throws Exception {
        String hats = "must { field { key: 'cls' match { keyword: 'hat' } } }";
        int expected = matching(i -> i % 3 == 2).size();
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().delete(DeleteRequest.newBuilder()
                .setCollection("items").addIds(1).setFilter(filter(hats)).build()),
                "filter: give ids, keys or a filter, not both");
        assertEquals(N, count(""), "a refused delete deletes nothing");

        assertEquals(expected, s.stub().delete(DeleteRequest.newBuilder().setCollection("items")
                .setFilter(filter(hats)).build()).getDeleted());
        assertEquals(0, count(hats));
        assertEquals(N - expected, count(""));
        assertEquals(matching(i -> i % 3 != 2), scrollAll(ScrollRequest.newBuilder().setCollection("items"), 100)
                .stream().map(Point::getId).toList());
        assertEquals(0, s.stub().delete(DeleteRequest.newBuilder().setCollection("items").setFilter(filter(hats))
                .build()).getDeleted());
        assertEquals(matching(ServerFilterTest::shirts).size(), count(SHIRTS), "the other points keep their payloads");

        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> s.stub().delete(
                DeleteRequest.newBuilder().setCollection("items").setFilter(Filter.getDefaultInstance()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        assertTrue(empty.getStatus().getDescription().contains("matches every point"), empty.getStatus().getDescription());
        assertEquals(N - expected, count(""), "an empty filter deletes nothing");
    }

    // ------------------------------------------------------------------ indexes and keys

    private List<FieldIndex> indexes() {
        return s.stub().describeCollection(DescribeCollectionRequest.newBuilder().setCollection("items").build())
                .getFieldIndexesList();
    }

    private static FieldIndex index(String field, FieldType type) {
        return FieldIndex.newBuilder().setFieldName(field).setFieldType(type).build();
    }

    @Test
    void fieldIndexesAreListedAndKeptAcrossARestart() throws Exception {
        assertEquals(List.of(index("cls", FieldType.FIELD_TYPE_KEYWORD), index("n", FieldType.FIELD_TYPE_INTEGER)),
                indexes());
        createIndex("meta.sold", FieldType.FIELD_TYPE_BOOL);
        createIndex("price", FieldType.FIELD_TYPE_FLOAT);
        s.stub().deleteFieldIndex(DeleteFieldIndexRequest.newBuilder().setCollection("items").setFieldName("n").build());
        createIndex("cls", FieldType.FIELD_TYPE_INTEGER); // replaces the keyword index
        List<FieldIndex> expected = List.of(index("cls", FieldType.FIELD_TYPE_INTEGER),
                index("meta.sold", FieldType.FIELD_TYPE_BOOL), index("price", FieldType.FIELD_TYPE_FLOAT));
        assertEquals(expected.stream().sorted(Comparator.comparing(FieldIndex::getFieldName)).toList(),
                indexes().stream().sorted(Comparator.comparing(FieldIndex::getFieldName)).toList());
        assertEquals(matching(ServerFilterTest::hatsSoldOrUntagged).size(), count(HATS_SOLD_OR_UNTAGGED),
                "the same answers from the indexes");

        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> createIndex("n", FieldType.FIELD_TYPE_UNSPECIFIED),
                "field_type: must be FIELD_TYPE_KEYWORD");
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> createIndex("", FieldType.FIELD_TYPE_INTEGER),
                "field_name: empty");
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> createIndex("a..b", FieldType.FIELD_TYPE_INTEGER),
                "field_name: 'a..b' is not a field name");
        ServerErrorsTest.expect(Status.Code.NOT_FOUND, () -> s.stub().createFieldIndex(CreateFieldIndexRequest
                .newBuilder().setCollection("nope").setFieldName("a").setFieldType(FieldType.FIELD_TYPE_BOOL).build()),
                "no collection named 'nope'");

        s.close();
        s = TestServer.start(tmp.resolve("data"));
        assertEquals(expected.stream().sorted(Comparator.comparing(FieldIndex::getFieldName)).toList(),
                indexes().stream().sorted(Comparator.comparing(FieldIndex::getFieldName)).toList());
        assertEquals(matching(ServerFilterTest::shirts).size(), count(SHIRTS));
    }

    @Test
    void stringKeyedCollectionsFilterAndScrollByKey() throws Exception {
        s.stub().createCollection(CreateCollectionRequest.newBuilder().setName("docs").setDim(3)
                .setMetric(Metric.METRIC_L2).setKeyType(io.drift.proto.v1.KeyType.KEY_TYPE_STRING).build());
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
        for (int i = 0; i < 30; i++) {
            b.addPoints(TestServer.point(0, vectors[i]).toBuilder().clearId().setKey(String.format("doc-%02d", i))
                    .setPayload(payload(i)));
        }
        s.stub().upsert(b.build());
        Filter keys = filter("must { has_id { keys: ['doc-03', 'doc-07', 'doc-99'] } }");
        assertEquals(2, s.stub().count(CountRequest.newBuilder().setCollection("docs").setFilter(keys).build())
                .getCount());
        ScrollResponse page = s.stub().scroll(ScrollRequest.newBuilder().setCollection("docs")
                .setFilter(filter("must { field { key: 'cls' match { keyword: 'shoe' } } }")).setLimit(3)
                .setWithPayload(true).build());
        assertEquals(List.of("doc-01", "doc-04", "doc-07"), page.getPointsList().stream().map(Point::getKey).toList());
        assertEquals(str("shoe"), page.getPoints(0).getPayload().getFieldsOrThrow("cls"));
        assertEquals(PointId.newBuilder().setKey("doc-10").build(), page.getNextOffset());
        page = s.stub().scroll(ScrollRequest.newBuilder().setCollection("docs").setLimit(100)
                .setOffset(PointId.newBuilder().setKey("doc-27")).build());
        assertEquals(List.of("doc-27", "doc-28", "doc-29"), page.getPointsList().stream().map(Point::getKey).toList());
        assertFalse(page.hasNextOffset());
        SearchResponse r = s.stub().search(SearchRequest.newBuilder().setCollection("docs").addAllVector(
                List.of(vectors[7][0], vectors[7][1], vectors[7][2])).setK(5).setFilter(keys).build());
        assertEquals(List.of("doc-07", "doc-03"), r.getResultsList().stream().map(ScoredPoint::getKey).toList());

        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().count(CountRequest.newBuilder()
                .setCollection("docs").setFilter(filter("must_not { has_id { ids: [1] } }")).build()),
                "filter.must_not[0].has_id.ids: collection 'docs' names points by string keys");
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().scroll(ScrollRequest.newBuilder()
                .setCollection("docs").setOffset(PointId.newBuilder().setId(4)).build()),
                "offset.id: collection 'docs' names points by string keys");
    }

    // ------------------------------------------------------------------ bad filters

    /** A bad filter through Count: INVALID_ARGUMENT with {@code message} (path first). */
    private void badFilter(String text, String message) throws Exception {
        Filter f = filter(text);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().count(CountRequest.newBuilder()
                .setCollection("items").setFilter(f).build()), message);
    }

    @Test
    void badFiltersNameTheirPath() throws Exception {
        badFilter("must {}", "filter.must[0]: a condition with nothing set");
        badFilter("should { field { key: 'a' } }", "filter.should[0].field: neither match nor range is set");
        badFilter("must { is_null { key: 'a' } } must { field { key: 'a' match { keyword: 'x' } range { gt: 1 } } }",
                "filter.must[1].field: give match or range, not both");
        badFilter("must { field { match { keyword: 'x' } } }", "filter.must[0].field.key: empty");
        badFilter("must { is_null { key: 'a' } } must { is_null { key: 'a' } } must { field { key: 'n' range {} } }",
                "filter.must[2].field.range: has no bound");
        badFilter("must { field { key: 'n' range { gte: nan } } }", "filter.must[0].field.range: gte is NaN");
        badFilter("should { field { key: 'n' match {} } }", "filter.should[0].field.match: no value set");
        badFilter("must { field { key: 'n' match { keywords {} } } }", "filter.must[0].field.match.keywords: empty");
        badFilter("must { field { key: 'n' match { integers {} } } }", "filter.must[0].field.match.integers: empty");
        badFilter("must_not { is_null { key: 'a' } } must_not { filter { must { has_id { ids: 1 keys: 'a' } } } }",
                "filter.must_not[1].filter.must[0].has_id: give ids or keys, not both");
        badFilter("must { has_id { keys: 'a' } }", "filter.must[0].has_id.keys: collection 'items' names points by ids");
        badFilter("must { is_null {} }", "filter.must[0].is_null.key: empty");
        badFilter("must { is_empty { key: 'a..b' } }", "filter.must[0].is_empty.key: 'a..b' is not a field name");

        Filter bad = filter("must { field { key: 'n' range {} } }");
        String message = "filter.must[0].field.range: has no bound";
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().search(search(vectors[0], 5).setFilter(bad)
                .build()), message);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().searchBatch(SearchBatchRequest.newBuilder()
                .setCollection("items").setK(5).addQueries(Vector.newBuilder().addValues(1).addValues(2).addValues(3))
                .setFilter(bad).build()), message);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().scroll(ScrollRequest.newBuilder()
                .setCollection("items").setFilter(bad).build()), message);
        ServerErrorsTest.expect(Status.Code.INVALID_ARGUMENT, () -> s.stub().delete(DeleteRequest.newBuilder()
                .setCollection("items").setFilter(bad).build()), message);
        assertEquals(N, count(""), "nothing deleted");
    }
}
