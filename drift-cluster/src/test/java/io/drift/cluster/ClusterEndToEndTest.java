package io.drift.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.drift.client.DriftClient;
import io.drift.cluster.local.LocalCluster;
import io.drift.cluster.local.NodeProcess;
import io.drift.proto.v1.CountRequest;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DeleteRequest;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.DescribeCollectionResponse;
import io.drift.proto.v1.DriftGrpc;
import io.drift.proto.v1.FieldCondition;
import io.drift.proto.v1.Filter;
import io.drift.proto.v1.GetRequest;
import io.drift.proto.v1.GetResponse;
import io.drift.proto.v1.ListCollectionsRequest;
import io.drift.proto.v1.Match;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.Point;
import io.drift.proto.v1.ScrollRequest;
import io.drift.proto.v1.ScrollResponse;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.UpsertRequest;
import io.drift.server.DriftServer;
import io.drift.server.ServerSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import io.drift.cluster.meta.ClusterView;
import io.drift.cluster.meta.EtcdStore;
import io.drift.cluster.meta.Keys;
import io.drift.cluster.meta.ShardMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real etcd and three node processes on loopback: the cluster answers as one node with the same
 * data does; a killed node's shards are UNAVAILABLE, named, until it restarts; etcd restarting
 * under load loses nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndTest {

    static final int DIM = 16;
    static final int ROWS = 3000;
    static final int SHARDS = 12;
    static final int K = 10;

    LocalCluster cluster;
    DriftServer single;
    DriftClient singleClient;
    final List<DriftClient> clients = new ArrayList<>();
    float[][] rows;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        List<String> jvm = new ArrayList<>(NodeProcess.DEFAULT_JVM_OPTIONS);
        jvm.add("-Ddrift.cluster.failpoint.movePauseMillis=500"); // room to kill a node in the middle of a move
        cluster = LocalCluster.start(tmp.resolve("cluster"), 3, jvm);
        for (NodeProcess n : cluster.nodes()) {
            clients.add(DriftClient.connect(n.address()));
        }
        single = DriftServer.start(ServerSettings.defaults().withDataDir(tmp.resolve("single")).withPort(0));
        singleClient = DriftClient.connect("127.0.0.1:" + single.port());
        rows = random(ROWS, 1);
    }

    @AfterAll
    void stop() throws Exception {
        clients.forEach(DriftClient::close);
        if (singleClient != null) {
            singleClient.close();
        }
        if (single != null) {
            single.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    DriftGrpc.DriftBlockingStub node(int i) {
        return clients.get(i).blocking().withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static float[][] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][DIM];
        for (float[] v : out) {
            for (int d = 0; d < DIM; d++) {
                v[d] = (float) r.nextGaussian();
            }
        }
        return out;
    }

    static Point point(long id, float[] v) {
        Point.Builder p = Point.newBuilder().setId(id).setPayload(Struct.newBuilder()
                .putFields("parity", Value.newBuilder().setStringValue(id % 2 == 0 ? "even" : "odd").build()));
        for (float x : v) {
            p.addVector(x);
        }
        return p.build();
    }

    static void ingest(DriftGrpc.DriftBlockingStub stub, float[][] rows, int from, int to) {
        for (int start = from; start < to; start += 500) {
            UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
            for (int i = start; i < Math.min(to, start + 500); i++) {
                b.addPoints(point(i, rows[i]));
            }
            stub.upsert(b.build());
        }
    }

    static SearchRequest exhaustive(float[] q) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("docs").setK(K).setTargetConfidence(1f);
        for (float x : q) {
            b.addVector(x);
        }
        return b.build();
    }

    static List<Long> ids(SearchResponse r) {
        return r.getResultsList().stream().map(p -> p.getId()).toList();
    }

    @Test
    @Order(1)
    void answersAsOneNodeWithTheSameData() {
        CreateCollectionRequest create = CreateCollectionRequest.newBuilder().setName("docs").setDim(DIM)
                .setMetric(Metric.METRIC_L2).setShards(SHARDS).build();
        node(0).createCollection(create);
        singleClient.blocking().createCollection(create.toBuilder().setShards(0).build());
        StatusRuntimeException again = assertThrows(StatusRuntimeException.class, () -> node(1).createCollection(create));
        assertEquals(Status.Code.ALREADY_EXISTS, again.getStatus().getCode());
        assertEquals(List.of("docs"), node(2).listCollections(ListCollectionsRequest.getDefaultInstance())
                .getCollectionsList());

        ingest(node(1), rows, 0, ROWS);
        ingest(singleClient.blocking(), rows, 0, ROWS);
        DescribeCollectionResponse d = node(2).describeCollection(
                DescribeCollectionRequest.newBuilder().setCollection("docs").build());
        assertEquals(ROWS, d.getStatistics().getLiveRows());
        assertEquals(SHARDS, d.getShards());

        for (float[] q : random(40, 2)) {
            SearchResponse c = node(2).search(exhaustive(q));
            SearchResponse s = singleClient.blocking().search(exhaustive(q));
            assertEquals(ids(s), ids(c));
            for (int i = 0; i < K; i++) {
                assertEquals(s.getResults(i).getDistance(), c.getResults(i).getDistance(), 1e-4f);
            }
        }

        Filter even = Filter.newBuilder().addMust(io.drift.proto.v1.Condition.newBuilder().setField(
                FieldCondition.newBuilder().setKey("parity").setMatch(Match.newBuilder().setKeyword("even")))).build();
        assertEquals(ROWS / 2, node(0).count(CountRequest.newBuilder().setCollection("docs").setFilter(even).build())
                .getCount());
        GetResponse got = node(0).get(GetRequest.newBuilder().setCollection("docs").addIds(17).addIds(4).addIds(99999)
                .addIds(2).setWithPayload(true).build());
        assertEquals(List.of(17L, 4L, 2L), got.getPointsList().stream().map(Point::getId).toList());
        assertEquals("odd", got.getPoints(0).getPayload().getFieldsOrThrow("parity").getStringValue());

        List<Long> scrolled = new ArrayList<>();
        ScrollRequest.Builder page = ScrollRequest.newBuilder().setCollection("docs").setLimit(256);
        while (true) {
            ScrollResponse r = node(1).scroll(page.build());
            r.getPointsList().forEach(p -> scrolled.add(p.getId()));
            if (!r.hasNextOffset()) {
                break;
            }
            page.setOffset(r.getNextOffset());
        }
        assertEquals(java.util.stream.LongStream.range(0, ROWS).boxed().toList(), scrolled);

        assertEquals(2, node(0).delete(DeleteRequest.newBuilder().setCollection("docs").addIds(5).addIds(6)
                .addIds(123456).build()).getDeleted());
        assertEquals(ROWS - 2, node(2).count(CountRequest.newBuilder().setCollection("docs").build()).getCount());
        ingest(node(0), rows, 5, 7); // back as they were, for the tests below
    }

    @Test
    @Order(2)
    void aKilledNodesShardsAreUnavailableByNameUntilItRestarts() throws Exception {
        float[] q = random(1, 3)[0];
        SearchResponse before = node(0).search(exhaustive(q));
        NodeProcess n2 = cluster.node(1);
        n2.kill();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> node(0).search(exhaustive(q)));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("docs/") && e.getStatus().getDescription().contains("n2"),
                e.getStatus().getDescription());

        SearchResponse partial = node(2).search(exhaustive(q).toBuilder().setAllowPartial(true).build());
        assertTrue(partial.getPartial());
        assertFalse(partial.getUnavailableShardsList().isEmpty());
        assertTrue(partial.getUnavailableShardsCount() < SHARDS);

        n2.start();
        SearchResponse after = node(0).search(exhaustive(q));
        assertEquals(ids(before), ids(after));
        assertEquals(ROWS, node(2).count(CountRequest.newBuilder().setCollection("docs").build()).getCount());
    }

    @Test
    @Order(3)
    void etcdRestartingUnderLoadLosesNothing() throws Exception {
        float[][] more = random(2000, 4);
        java.util.concurrent.atomic.AtomicInteger acked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < more.length; i += 20) {
                    UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
                    for (int j = i; j < i + 20; j++) {
                        b.addPoints(point(ROWS + j, more[j]));
                    }
                    node(i / 20 % 3).upsert(b.build());
                    acked.set(i + 20);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Thread.sleep(300);
        cluster.etcd().stop();
        Thread.sleep(2000);
        SearchResponse during = node(1).search(exhaustive(more[0])); // routed by the last map seen
        assertEquals(K, during.getResultsCount());
        cluster.etcd().restart();
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError("a write failed while etcd restarted", failure.get());
        }
        assertEquals(more.length, acked.get());
        GetResponse got = node(2).get(GetRequest.newBuilder().setCollection("docs")
                .addAllIds(java.util.stream.LongStream.range(ROWS, ROWS + more.length).boxed().toList()).build());
        assertEquals(more.length, got.getPointsCount());
        // the nodes are live in etcd again: a new collection can be placed on all three
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                node(0).createCollection(CreateCollectionRequest.newBuilder().setName("after").setDim(4)
                        .setMetric(Metric.METRIC_L2).build());
                break;
            } catch (StatusRuntimeException retry) {
                if (System.nanoTime() > deadline) {
                    throw retry;
                }
                Thread.sleep(200);
            }
        }
        assertEquals(6, node(1).describeCollection(DescribeCollectionRequest.newBuilder().setCollection("after")
                .build()).getShards());
    }

    /** The cluster's metadata as etcd holds it now. */
    ClusterView view() throws Exception {
        try (EtcdStore store = new EtcdStore(cluster.etcd().endpoint())) {
            return ClusterView.of(store.range(Keys.ROOT));
        }
    }

    /** The shard map of {@code collection} as etcd holds it now. */
    ShardMap map(String collection) throws Exception {
        return view().shardMaps().get(collection);
    }

    @Test
    @Order(4)
    void aJoiningNodeTakesAboutAQuarterOfTheShardsWhileWritesAndSearchesGoOn() throws Exception {
        List<String> before = map("docs").owners();
        long live = node(0).count(CountRequest.newBuilder().setCollection("docs").build()).getCount();
        float[][] more = random(3000, 5);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger searches = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long firstId = 100_000;
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < more.length && !stop.get(); i += 10) {
                    UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
                    for (int j = i; j < i + 10; j++) {
                        b.addPoints(point(firstId + j, more[j]));
                    }
                    node(i / 10 % 3).upsert(b.build());
                    acked.set(i + 10);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        Thread searcher = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    SearchResponse r = node(i % 3).search(exhaustive(more[i % more.length]));
                    assertEquals(K, r.getResultsCount());
                    searches.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        long joinStart = System.nanoTime();
        NodeProcess n4 = cluster.addNode();
        clients.add(DriftClient.connect(n4.address()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        ShardMap after;
        while (true) {
            after = map("docs");
            boolean settled = after.targets().stream().allMatch(java.util.Objects::isNull)
                    && after.owners().equals(io.drift.cluster.ring.Placement.owners("docs", SHARDS,
                    List.of("n1", "n2", "n3", "n4")));
            if (settled || System.nanoTime() > deadline || failure.get() != null) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.printf("join: settled %d ms after n4 started%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joinStart));
        Thread.sleep(500);
        stop.set(true);
        writer.join();
        searcher.join();
        if (failure.get() != null) {
            throw new AssertionError("a call failed while shards moved", failure.get());
        }
        int moved = 0;
        for (int s = 0; s < SHARDS; s++) {
            if (!before.get(s).equals(after.owner(s))) {
                moved++;
                assertEquals("n4", after.owner(s), "shard " + s + " moved elsewhere than to the new node");
            }
        }
        System.out.printf("join: %d of %d shards moved to n4 (%s -> %s) under %d writes and %d searches%n", moved,
                SHARDS, before, after.owners(), acked.get(), searches.get());
        assertTrue(moved >= 1 && moved <= SHARDS / 2, "moved " + moved + " of " + SHARDS + " shards: " + before
                + " -> " + after.owners());
        assertTrue(searches.get() > 0);
        GetResponse got = node(3).get(GetRequest.newBuilder().setCollection("docs")
                .addAllIds(java.util.stream.LongStream.range(firstId, firstId + acked.get()).boxed().toList()).build());
        assertEquals(acked.get(), got.getPointsCount(), "acknowledged writes lost");
        assertEquals(live + acked.get(), node(3).count(CountRequest.newBuilder().setCollection("docs").build())
                .getCount());
        float[] q = random(1, 6)[0];
        assertEquals(ids(node(1).search(exhaustive(q))), ids(node(3).search(exhaustive(q))));
    }

    @Test
    @Order(5)
    void aLeavingNodeHandsItsShardsBackAndLeaves() throws Exception {
        long live = node(0).count(CountRequest.newBuilder().setCollection("docs").build()).getCount();
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = io.drift.cli.DriftCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertEquals(0, cli.execute("cluster", "leave", "n4", "--etcd", cluster.etcd().endpoint()), out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ClusterView view;
        while (true) {
            try (EtcdStore store = new EtcdStore(cluster.etcd().endpoint())) {
                view = ClusterView.of(store.range(Keys.ROOT));
            }
            if (!view.members().containsKey("n4") || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);
        }
        assertFalse(view.members().containsKey("n4"), "n4 is still a member: " + view.members());
        for (ShardMap m : view.shardMaps().values()) {
            assertFalse(m.owners().contains("n4"), m.toString());
        }
        assertEquals(live, node(0).count(CountRequest.newBuilder().setCollection("docs").build()).getCount());
        cluster.node(3).stop();
        assertEquals(live, node(2).count(CountRequest.newBuilder().setCollection("docs").build()).getCount());
    }

    /** The drift command line against one node: its exit code and what it printed. */
    static String[] cli(String... args) {
        picocli.CommandLine cl = io.drift.cli.DriftCli.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    @Order(6)
    void theCommandLineWorksUnchangedAgainstAnyNode(@TempDir Path dir) throws Exception {
        float[][] vectors = random(1000, 7);
        float[] flat = new float[vectors.length * DIM];
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, flat, i * DIM, DIM);
        }
        Path file = dir.resolve("points.fvecs");
        io.drift.dataset.VectorFiles.writeFvecs(file, new io.drift.dataset.Vectors(DIM, flat));
        String[] r = cli("create", "cli", "--dim", "" + DIM, "--metric", "l2", "--server", cluster.node(0).address());
        assertEquals("0", r[0], r[1] + r[2]);
        r = cli("ingest", "cli", file.toString(), "--batch", "100", "--server", cluster.node(1).address()); // UpsertStream
        assertEquals("0", r[0], r[1] + r[2]);
        r = cli("count", "cli", "--server", cluster.node(2).address());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("1000") || r[1].contains("1,000"), r[1]);
        r = cli("search", "cli", "--like", "0", "-k", "3", "--json", "--server", cluster.node(2).address());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("\"id\""), r[1]);
        r = cli("describe", "cli", "--server", cluster.node(0).address());
        assertEquals("0", r[0], r[1] + r[2]);
        // a search stream through a router: each answer carries its request's tag, a bad one its status
        java.util.concurrent.LinkedBlockingQueue<io.drift.proto.v1.SearchStreamResponse> answers =
                new java.util.concurrent.LinkedBlockingQueue<>();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        io.grpc.stub.StreamObserver<io.drift.proto.v1.SearchStreamRequest> stream = clients.get(1).async()
                .searchStream(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(io.drift.proto.v1.SearchStreamResponse a) {
                        answers.add(a);
                    }

                    @Override
                    public void onError(Throwable t) {
                        closed.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        closed.countDown();
                    }
                });
        for (int t = 0; t < 3; t++) {
            SearchRequest q = exhaustive(vectors[t]).toBuilder().setCollection(t == 2 ? "nothing" : "cli").build();
            stream.onNext(io.drift.proto.v1.SearchStreamRequest.newBuilder().setTag(10 + t).setSearch(q).build());
        }
        stream.onCompleted();
        assertTrue(closed.await(60, TimeUnit.SECONDS));
        List<io.drift.proto.v1.SearchStreamResponse> got = new ArrayList<>(answers);
        assertEquals(List.of(10L, 11L, 12L), got.stream().map(a -> a.getTag()).toList());
        assertEquals(List.of(0L), ids(got.get(0).getResponse()).subList(0, 1)); // point 0 is nearest to itself
        assertEquals(Status.Code.NOT_FOUND.value(), got.get(2).getError().getCode());

        r = cli("search", "nothing", "--like", "0", "--server", cluster.node(0).address());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("NOT_FOUND"), r[2]);
    }

    /** Whether some node's log has a line containing {@code text}. */
    boolean logsSay(String text) throws java.io.IOException {
        for (NodeProcess n : cluster.nodes()) {
            if (java.nio.file.Files.readString(n.log()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Waits until a shard of docs is moving to {@code node}; its current owner. */
    String awaitMoveTo(String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            ShardMap m = map("docs");
            for (int s = 0; s < m.shards(); s++) {
                if (node.equals(m.target(s))) {
                    return m.owner(s);
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no shard started moving to " + node);
    }

    /** Waits until docs is placed as the ring says for {@code nodes}, nothing moving. */
    void awaitPlaced(List<String> nodes) throws Exception {
        List<String> want = io.drift.cluster.ring.Placement.owners("docs", SHARDS, nodes);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        ShardMap m = map("docs");
        while (System.nanoTime() < deadline) {
            m = map("docs");
            if (m.owners().equals(want) && m.targets().stream().allMatch(java.util.Objects::isNull)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("docs is " + m + ", the ring wants " + want);
    }

    @Test
    @Order(7)
    void aMoveCutShortByTheDeathOfEitherEndLosesNothing() throws Exception {
        long live = node(0).count(CountRequest.newBuilder().setCollection("docs").build()).getCount();
        float[][] more = random(400, 8);
        long firstId = 200_000;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acked = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < more.length && !stop.get(); i += 4) {
                    UpsertRequest.Builder b = UpsertRequest.newBuilder().setCollection("docs");
                    for (int j = i; j < i + 4; j++) {
                        b.addPoints(point(firstId + j, more[j]));
                    }
                    node(i / 4 % 3).upsert(b.build());
                    acked.set(i + 4);
                    Thread.sleep(20);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        NodeProcess n4 = cluster.node(3);
        // the target dies in the middle of a move: the source gives it up and keeps serving
        n4.start();
        awaitMoveTo("n4");
        n4.kill();
        // once n4's lease has expired no one tries to move to it any more, and no move is left marked
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ClusterView view = view();
        while (System.nanoTime() < deadline && (view.live().containsKey("n4")
                || view.shardMaps().get("docs").targets().stream().anyMatch(java.util.Objects::nonNull))) {
            Thread.sleep(100);
            view = view();
        }
        assertFalse(view.live().containsKey("n4"));
        assertTrue(view.shardMaps().get("docs").targets().stream().allMatch(java.util.Objects::isNull),
                view.shardMaps().get("docs").toString());
        assertTrue(logsSay("to n4 failed, giving it up"), "no source gave its move up");
        stop.set(true);
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError("a write failed while a move's target died", failure.get());
        }
        // the source dies in the middle of a move: its shards wait for it; back, it forgets the move
        n4.start();
        String source = awaitMoveTo("n4");
        NodeProcess src = cluster.nodes().stream().filter(n -> n.id().equals(source)).findFirst().orElseThrow();
        src.kill();
        src.start();
        awaitPlaced(List.of("n1", "n2", "n3", "n4"));
        GetResponse got = node(0).get(GetRequest.newBuilder().setCollection("docs")
                .addAllIds(java.util.stream.LongStream.range(firstId, firstId + acked.get()).boxed().toList()).build());
        assertEquals(acked.get(), got.getPointsCount(), "acknowledged writes lost");
        assertEquals(live + acked.get(), node(2).count(CountRequest.newBuilder().setCollection("docs").build())
                .getCount());
    }
}
