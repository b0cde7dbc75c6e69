package io.drift.bench.cluster;

import io.drift.bench.DatasetOptions;
import io.drift.bench.LatencyStats;
import io.drift.bench.ReportWriter;
import io.drift.bench.ScratchDirectory;
import io.drift.bench.server.BenchClients;
import io.drift.bench.server.BenchClients.Client;
import io.drift.client.DriftClient;
import io.drift.cluster.local.LocalCluster;
import io.drift.cluster.local.NodeProcess;
import io.drift.cluster.local.Ports;
import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import io.drift.proto.v1.CreateCollectionRequest;
import io.drift.proto.v1.DescribeCollectionRequest;
import io.drift.proto.v1.FlushRequest;
import io.drift.proto.v1.Metric;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.UpsertRequest;
import io.drift.server.Protos;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench cluster}: a cluster of {@code --nodes} node processes and a real etcd against
 * one server process with the same data, on this machine. Both get the dataset through gRPC
 * (ingest rate measured), flushed and settled; then, round after round, {@code --clients} clients
 * search each for {@code --seconds} (the order alternating), and one client alone (the latency
 * a call adds). Searches use the same request on both sides; the recall each reached is reported
 * beside its QPS. CPU per search is the server processes' CPU time (read from /proc) over a phase
 * divided by its searches. Last, one more node joins and the shards the ring gives it move to it:
 * the time and bytes of each move, from the nodes' logs.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A sharded cluster (node processes + etcd) vs one server with the same data: ingest rate,"
                + " search QPS, p50/p99 and CPU per search at the recall each reaches; then a node joins and"
                + " shards move: time and bytes per move.")
public final class ClusterBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Cluster nodes (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--shards", paramLabel = "S", defaultValue = "0",
            description = "Shards of the collection; 0: the cluster's default, 4 per node (default: ${DEFAULT-VALUE}).")
    private int shards;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "4",
            description = "Concurrent searching clients (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Length of each phase (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "Rounds; medians reported (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "15",
            description = "Untimed searches on each side first (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--recall-target", paramLabel = "R",
            description = "Search with this recall target instead of the collections' default confidence.")
    private Double recallTarget;

    @Option(names = "--confidence", paramLabel = "C",
            description = "Search with this target confidence instead (1: every bucket, the same exact answers on"
                    + " both sides).")
    private Double confidence;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000", description = "Points per Upsert (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--node-heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "Each server process's heap (default: ${DEFAULT-VALUE}).")
    private String nodeHeap;

    @Option(names = "--node-jvm-option", paramLabel = "OPTION",
            description = "One more option for every server JVM (repeatable), e.g. a flight recording.")
    private List<String> nodeJvmOptions = new ArrayList<>();

    @Option(names = "--no-join", description = "Skip the last phase, where a node joins and shards move.")
    private boolean noJoin;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Report (default: bench-out/cluster-<dataset>.json).")
    private Path out;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the servers keep their data (a fresh subdirectory).")
    private Path workDir;

    @Override
    public Integer call() throws Exception {
        data.validate();
        if (nodes < 1 || clients < 1 || rounds < 1 || !(seconds > 0) || batch < 1) {
            throw data.usage("--nodes, --clients, --rounds, --seconds and --batch must be positive");
        }
        if (recallTarget != null && confidence != null) {
            throw data.usage("give --recall-target or --confidence, not both");
        }
        PrintWriter log = spec.commandLine().getOut();
        Dataset dataset = data.load();
        Neighbors truth = data.groundTruth(dataset);
        Vectors base = dataset.base();
        Vectors queries = dataset.queries();
        int k = data.k();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", "cluster");
        report.put("dataset", Map.of("name", dataset.name(), "n", base.size(), "dim", dataset.dim(),
                "metric", dataset.metric().name(), "queries", queries.size(), "k", k));
        report.put("nodes", nodes);
        report.put("clients", clients);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("search", recallTarget != null ? "recall target " + recallTarget
                : confidence != null ? "target confidence " + confidence : "default confidence");
        List<String> jvm = new ArrayList<>(List.of("-Xms" + nodeHeap, "-Xmx" + nodeHeap));
        jvm.addAll(nodeJvmOptions);
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir)) {
            NodeProcess single = new NodeProcess("single", scratch.newDirectory("single"), Ports.free(), null, jvm);
            try (LocalCluster cluster = LocalCluster.start(scratch.newDirectory("cluster"), nodes, jvm);
                 NodeProcess ignored = single.start();
                 DriftClient oneClient = DriftClient.connect(single.address());
                 DriftClient routerClient = DriftClient.connect(cluster.node(0).address())) {
                Side one = new Side("single", List.of(single), oneClient, clients);
                Side many = new Side("cluster", cluster.nodes(), routerClient, clients);
                for (Side side : List.of(one, many)) {
                    report.put(side.name + "_ingest", ingest(side, dataset, log));
                }
                report.put("shards", many.describeShards());
                SearchRequest[] requests = requests(queries, k);
                for (Side side : List.of(one, many)) {
                    side.connect(requests);
                    Map<String, Object> pass = recall(side.clients.get(0), requests, truth, k);
                    report.put(side.name + "_recall", pass.get("recall"));
                    report.put(side.name + "_scanned", pass);
                    if (warmupSeconds > 0) {
                        BenchClients.phase(side.searchers, warmupSeconds, queries.size(), truth, k);
                    }
                }
                log.printf(Locale.ROOT, "recall@%d and work per search: single %s, cluster %s%n", k,
                        report.get("single_scanned"), report.get("cluster_scanned"));
                List<Map<String, Object>> results = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    List<Side> order = round % 2 == 0 ? List.of(one, many) : List.of(many, one);
                    for (Side side : order) {
                        r.put(side.name, side.phase(side.searchers, seconds, queries.size(), truth, k));
                        r.put(side.name + "_1client", side.phase(side.searchers.subList(0, 1), seconds,
                                queries.size(), truth, k));
                    }
                    results.add(r);
                    log.printf(Locale.ROOT, "round %d: %s%n", round + 1, r);
                    log.flush();
                }
                report.put("rounds", results);
                Map<String, Object> medians = medians(results);
                report.put("medians", medians);
                log.printf(Locale.ROOT, "medians: %s%n", medians);
                log.flush();
                one.close();
                many.close();
                if (!noJoin) {
                    report.put("join", join(cluster, log));
                }
            }
        }
        Path file = out != null ? out : Path.of("bench-out", "cluster-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        log.printf("wrote %s%n", file);
        log.flush();
        return 0;
    }

    /** One side: its server processes and the clients that search it. */
    private static final class Side implements AutoCloseable {
        final String name;
        final List<NodeProcess> processes;
        final DriftClient admin;
        final int clientCount;
        final List<DriftClient> clients = new ArrayList<>();
        final List<Client> searchers = new ArrayList<>();

        Side(String name, List<NodeProcess> processes, DriftClient admin, int clientCount) {
            this.name = name;
            this.processes = processes;
            this.admin = admin;
            this.clientCount = clientCount;
        }

        void connect(SearchRequest[] requests) throws Exception {
            for (int i = 0; i < clientCount; i++) { // clients spread over the nodes, as a load balancer would
                DriftClient c = DriftClient.connect(processes.get(i % processes.size()).address());
                clients.add(c);
                searchers.add(BenchClients.remote(c, requests));
            }
        }

        int describeShards() {
            return admin.blocking().describeCollection(DescribeCollectionRequest.newBuilder().setCollection("bench")
                    .build()).getShards();
        }

        /** A timed phase, with the server processes' CPU per search. */
        Map<String, Object> phase(List<Client> who, double seconds, int queryCount, Neighbors truth, int k)
                throws Exception {
            List<Long> pids = processes.stream().map(NodeProcess::pid).toList();
            long before = Processes.cpuNanos(pids);
            Map<String, Object> m = BenchClients.phase(who, seconds, queryCount, truth, k);
            long cpu = Processes.cpuNanos(pids) - before;
            m.put("client_cpu_us_per_search", m.remove("cpu_us_per_search"));
            m.put("server_cpu_us_per_search", cpu / 1e3 / ((Number) m.get("searches")).doubleValue());
            return m;
        }

        @Override
        public void close() {
            clients.forEach(DriftClient::close);
        }
    }

    /** Creates the collection on a side, writes the base through Upsert, flushes, waits for the janitors. */
    private Map<String, Object> ingest(Side side, Dataset dataset, PrintWriter log) throws Exception {
        Vectors base = dataset.base();
        CreateCollectionRequest.Builder create = CreateCollectionRequest.newBuilder().setName("bench")
                .setDim(dataset.dim()).setMetric(metric(dataset.metric()));
        if (side.name.equals("cluster")) {
            create.setShards(shards);
        }
        side.admin.blocking().createCollection(create.build());
        long start = System.nanoTime();
        for (int from = 0; from < base.size(); from += batch) {
            UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("bench");
            for (int row = from; row < Math.min(base.size(), from + batch); row++) {
                req.addPoints(Protos.pointAsBytes(row, base.data(), base.offset(row), base.dim()));
            }
            side.admin.blocking().upsert(req.build());
        }
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        side.admin.blocking().flush(FlushRequest.newBuilder().setCollection("bench").build());
        double flushedSeconds = (System.nanoTime() - start) / 1e9;
        settle(side);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("points_per_second", base.size() / writeSeconds);
        m.put("points_per_second_with_flush", base.size() / flushedSeconds);
        log.printf(Locale.ROOT, "%s: ingested %,d points at %,.0f/s (%,.0f/s with the flush)%n", side.name, base.size(),
                m.get("points_per_second"), m.get("points_per_second_with_flush"));
        log.flush();
        return m;
    }

    /** Waits until no shard reports background maintenance three checks in a row (at most 3 minutes). */
    private static void settle(Side side) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() < deadline) {
            boolean running = side.admin.blocking().describeCollection(DescribeCollectionRequest.newBuilder()
                    .setCollection("bench").build()).getStatistics().getMaintenanceRunning();
            quiet = running ? 0 : quiet + 1;
            Thread.sleep(500);
        }
    }

    private static Metric metric(io.drift.Metric m) {
        return switch (m) {
            case L2 -> Metric.METRIC_L2;
            case COSINE -> Metric.METRIC_COSINE;
            case DOT -> Metric.METRIC_DOT;
        };
    }

    private SearchRequest[] requests(Vectors queries, int k) {
        SearchRequest[] out = new SearchRequest[queries.size()];
        for (int q = 0; q < out.length; q++) {
            SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("bench").setK(k)
                    .setVectorBytes(Protos.vectorBytes(queries.data(), queries.offset(q), queries.dim()));
            if (recallTarget != null) {
                b.setRecallTarget(recallTarget.floatValue());
            }
            if (confidence != null) {
                b.setTargetConfidence(confidence.floatValue());
            }
            out[q] = b.build();
        }
        return out;
    }

    /** One pass over the queries: recall@k, and the rows and buckets scanned per search. */
    private static Map<String, Object> recall(DriftClient c, SearchRequest[] requests, Neighbors truth, int k) {
        double sum = 0;
        long rows = 0;
        long buckets = 0;
        long reranked = 0;
        for (int q = 0; q < requests.length; q++) {
            io.drift.proto.v1.SearchResponse r = c.blocking().search(requests[q]);
            long[] ids = BenchClients.ids(r);
            sum += truth.recall(q, ids, Math.min(ids.length, k));
            rows += r.getRowsScanned();
            buckets += Integer.toUnsignedLong(r.getBucketsScanned());
            reranked += Integer.toUnsignedLong(r.getRowsReranked());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recall", sum / requests.length);
        m.put("rows_scanned", (double) rows / requests.length);
        m.put("buckets_scanned", (double) buckets / requests.length);
        m.put("rows_reranked", (double) reranked / requests.length);
        return m;
    }

    /** Medians over the rounds of every phase's figures, and the cluster's ratios to the single server. */
    private static Map<String, Object> medians(List<Map<String, Object>> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String phase : List.of("single", "cluster", "single_1client", "cluster_1client")) {
            for (String key : List.of("qps", "p50_ms", "p99_ms", "server_cpu_us_per_search", "client_cpu_us_per_search")) {
                m.put(phase + "_" + key, LatencyStats.median(results.stream()
                        .mapToDouble(r -> ((Number) ((Map<?, ?>) r.get(phase)).get(key)).doubleValue()).toArray()));
            }
        }
        m.put("qps_ratio", (double) m.get("cluster_qps") / (double) m.get("single_qps"));
        m.put("server_cpu_ratio", (double) m.get("cluster_server_cpu_us_per_search")
                / (double) m.get("single_server_cpu_us_per_search"));
        m.put("added_p50_ms_1client", (double) m.get("cluster_1client_p50_ms") - (double) m.get("single_1client_p50_ms"));
        return m;
    }


    /** One more node joins; waits for its shards to arrive; the moves from the nodes' logs. */
    private static Map<String, Object> join(LocalCluster cluster, PrintWriter log) throws Exception {
        long start = System.nanoTime();
        NodeProcess added = cluster.addNode();
        List<Path> logs = cluster.nodes().stream().map(NodeProcess::log).toList();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int seen = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) { // settled: no new move for 5 s
            int now = Processes.moves(logs).size();
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(5)) {
                break;
            }
            Thread.sleep(250);
        }
        List<Map<String, Object>> moves = Processes.moves(logs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", added.id());
        m.put("moves", moves);
        m.put("seconds_until_settled", (stableSince - start) / 1e9);
        log.printf(Locale.ROOT, "join of %s: %d shards moved%n", added.id(), moves.size());
        for (Map<String, Object> mv : moves) {
            log.printf(Locale.ROOT, "  %s%n", mv);
        }
        log.flush();
        return m;
    }
}
