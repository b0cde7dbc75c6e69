package io.drift.bench.server;

import io.drift.CollectionStats;
import io.drift.DriftEngine;
import io.drift.Point;
import io.drift.SearchOptions;
import io.drift.VectorCollection;
import io.drift.bench.DatasetOptions;
import io.drift.bench.LatencyStats;
import io.drift.bench.ReportWriter;
import io.drift.bench.ScratchDirectory;
import io.drift.bench.Settle;
import io.drift.bench.server.BenchClients.Client;
import io.drift.bench.server.BenchClients.Searcher;
import io.drift.client.DriftClient;
import io.drift.dataset.Dataset;
import io.drift.dataset.Neighbors;
import io.drift.dataset.Vectors;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchStreamRequest;
import io.drift.proto.v1.UpsertRequest;
import io.drift.server.DriftServer;
import io.drift.server.Protos;
import io.drift.server.ServerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drift bench server}: the gRPC server against the embedded engine it serves, on loopback,
 * in one JVM. The dataset is written and flushed once through the embedded API; then, round
 * after round, {@code --clients} threads search the collection directly for {@code --seconds}, and
 * {@code --clients} gRPC clients (over {@code --channels} channels, by default a channel each)
 * send the same searches to the server for as long: one {@code Search} call per search; then over
 * one {@code SearchStream} per client, waiting for each answer before the next search; then over
 * one {@code SearchStream} per client with {@code --pipeline} searches in flight. All use the
 * same options on the same index, so they run at the same recall. Last, a mixed phase: the clients search while {@code --writers} more clients re-write the dataset
 * (same ids and vectors, so the ground truth holds) through {@code Upsert}.
 *
 * <p>QPS is searches completed by all clients over the phase's wall time; p50 and p99 are per
 * search, as the client sees it; CPU per search is the whole process's CPU time over the phase
 * (clients and server alike) divided by the searches. Requests are built once per query before the
 * timed phases.
 */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Concurrent gRPC clients vs the embedded engine on loopback: search QPS, p50/p99, the ratio;"
                + " then searches while other clients write.")
public final class ServerBenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "4",
            description = "Concurrent searchers, embedded threads and gRPC clients alike (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--channels", paramLabel = "C",
            description = "gRPC channels (connections) the search clients share, client i on channel i mod C"
                    + " (default: one per client).")
    private Integer channelCount;

    @Option(names = "--pipeline", paramLabel = "D", defaultValue = "2",
            description = "Searches each client keeps in flight on its SearchStream in one more phase per round,"
                    + " after the phase where it waits for each answer as the other clients do; 1 skips it"
                    + " (default: ${DEFAULT-VALUE}).")
    private int pipeline;

    /** How the gRPC clients give their query vectors. */
    enum Encoding { bytes, floats }

    @Option(names = "--encoding", paramLabel = "E", defaultValue = "bytes",
            description = "Query vectors as little-endian float32 bytes (vector_bytes) or as repeated floats"
                    + " (vector): ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    private Encoding encoding;

    @Option(names = "--writers", paramLabel = "W", defaultValue = "1",
            description = "gRPC clients writing during the mixed phase; 0 skips it (default: ${DEFAULT-VALUE}).")
    private int writers;

    @Option(names = "--write-rate", paramLabel = "V", defaultValue = "2000",
            description = "Vectors per second all writers together aim for (default: ${DEFAULT-VALUE}).")
    private double writeRate;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
            description = "Length of each timed phase (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "30",
            description = "Untimed searches on each path before the rounds: the gRPC path takes seconds of JIT"
                    + " compilation to reach its steady state on 2 cores (default: ${DEFAULT-VALUE}).")
    private double warmupSeconds;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Embedded/server phase pairs; the report gives their medians (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--recall-target", paramLabel = "R",
            description = "Search with this recall target instead of the collection's default confidence.")
    private Double recallTarget;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "Vectors per write batch (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--out", paramLabel = "FILE.json",
            description = "Where to write the JSON report (default: bench-out/server-<dataset>.json).")
    private Path out;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the collection is built; a fresh subdirectory is made and deleted afterwards.")
    private Path workDir;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter log = spec.commandLine().getOut();
        Dataset dataset = data.load();
        Neighbors truth = data.groundTruth(dataset);
        Vectors base = dataset.base();
        Vectors queries = dataset.queries();
        int k = data.k();
        SearchOptions options = recallTarget == null ? SearchOptions.defaults()
                : SearchOptions.defaults().withRecallTarget(recallTarget);
        log.printf(Locale.ROOT, "dataset %s: %,d x %d, %s; %d clients, %.0f s phases, %d rounds, %d cores%n",
                dataset.name(), base.size(), dataset.dim(), dataset.metric(), clients, seconds, rounds,
                Runtime.getRuntime().availableProcessors());
        log.flush();

        Map<String, Object> report = describe(dataset, k);
        try (ScratchDirectory scratch = ScratchDirectory.create(workDir);
             DriftEngine engine = DriftEngine.open(scratch.newDirectory("drift"))) {
            VectorCollection c = engine.createCollection("bench", dataset.dim(), dataset.metric(),
                    io.drift.CollectionConfig.defaults());
            load(c, base, report, log);

            try (DriftServer server = DriftServer.start(engine, ServerSettings.defaults().withPort(0))) {
                String target = "127.0.0.1:" + server.port();
                List<DriftClient> channels = new ArrayList<>();
                for (int i = 0; i < clients + writers; i++) {
                    channels.add(DriftClient.connect(target));
                }
                try {
                    SearchRequest[] requests = requests(queries, k, recallTarget, encoding);
                    Searcher direct = q -> c.search(queries.row(q), k, options).ids();
                    List<Client> embedded = java.util.Collections.nCopies(clients, BenchClients.embedded(direct));
                    Map<String, List<Client>> sides = sides(channels, requests);
                    List<Client> remote = sides.get("server");
                    // one pass over the queries on each side: the same index and options give the same recall
                    Map<String, Object> recall = new LinkedHashMap<>();
                    recall.put("embedded", recall(direct, queries.size(), truth, k));
                    recall.put("server", recall(q -> BenchClients.ids(channels.get(0).blocking().search(requests[q])),
                            queries.size(), truth, k));
                    report.put("recall", recall);
                    log.printf(Locale.ROOT, "recall@%d over the %d queries: %s%n", k, queries.size(), recall);
                    if (warmupSeconds > 0) { // every path compiled before anything is timed
                        BenchClients.phase(embedded, warmupSeconds, queries.size(), truth, k);
                        for (List<Client> side : sides.values()) {
                            BenchClients.phase(side, warmupSeconds, queries.size(), truth, k);
                        }
                    }

                    List<Map<String, Object>> results = rounds(embedded, sides, queries.size(), truth, k, log);
                    report.put("rounds", results);
                    Map<String, Object> medians = medians(results, sides.keySet());
                    report.put("medians", medians);
                    log.printf(Locale.ROOT, "medians: %s%n", medians);
                    log.flush();

                    if (writers > 0) {
                        Map<String, Object> mixed = mixed(remote, channels.subList(clients, clients + writers), base,
                                queries.size(), truth, k);
                        report.put("mixed", mixed);
                        log.printf(Locale.ROOT, "searches while writing: %s%n", mixed);
                        log.flush();
                    }
                } finally {
                    channels.forEach(DriftClient::close);
                }
            }
        }
        Path file = out != null ? out : Path.of("bench-out", "server-" + data.dataset() + ".json");
        ReportWriter.write(report, file);
        log.printf("wrote %s%n", file);
        log.flush();
        return 0;
    }

    /**
     * The gRPC sides, each compared with the embedded side of its round: unary calls, one stream
     * per client, and (with {@code --pipeline}) streams with several searches in flight.
     */
    private Map<String, List<Client>> sides(List<DriftClient> channels, SearchRequest[] requests) {
        SearchStreamRequest[] streamed = new SearchStreamRequest[requests.length];
        for (int q = 0; q < requests.length; q++) {
            streamed[q] = SearchStreamRequest.newBuilder().setTag(q).setSearch(requests[q]).build();
        }
        Map<String, List<Client>> sides = new LinkedHashMap<>();
        sides.put("server", new ArrayList<>());
        sides.put("server_stream", new ArrayList<>());
        if (pipeline > 1) {
            sides.put("server_pipelined", new ArrayList<>());
        }
        for (int i = 0; i < clients; i++) {
            DriftClient channel = channels.get(channelCount == null ? i : i % channelCount);
            sides.get("server").add(BenchClients.remote(channel, requests));
            sides.get("server_stream").add(BenchClients.streaming(channel, streamed, 1));
            if (pipeline > 1) {
                sides.get("server_pipelined").add(BenchClients.streaming(channel, streamed, pipeline));
            }
        }
        return sides;
    }

    /** What the report says of the run: the dataset, the clients, the phases. */
    private Map<String, Object> describe(Dataset dataset, int k) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("workload", "server");
        report.put("dataset", Map.of("name", dataset.name(), "n", dataset.base().size(), "dim", dataset.dim(),
                "metric", dataset.metric().name(), "queries", dataset.queries().size(), "k", k));
        report.put("clients", clients);
        report.put("channels", channelCount == null ? clients : channelCount);
        report.put("pipeline", pipeline);
        report.put("encoding", encoding.name());
        report.put("seconds", seconds);
        report.put("warmup_seconds", warmupSeconds);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("search", recallTarget == null ? "default confidence" : "recall target " + recallTarget);
        return report;
    }

    private void checkOptions() {
        data.validate();
        if (channelCount != null && (channelCount < 1 || channelCount > clients)) {
            throw data.usage("--channels must be in 1.." + clients + ", got " + channelCount);
        }
        if (clients < 1 || rounds < 1 || pipeline < 1 || writers < 0 || !(seconds > 0) || batch < 1 || !(warmupSeconds >= 0)) {
            throw data.usage("--clients, --rounds, --pipeline, --seconds and --batch must be positive, --writers and"
                    + " --warmup-seconds not negative");
        }
    }

    /** Writes the base into {@code c} in batches, flushes, and waits for the janitor to settle. */
    private void load(VectorCollection c, Vectors base, Map<String, Object> report, PrintWriter log)
            throws Exception {
        long start = System.nanoTime();
        for (int from = 0; from < base.size(); from += batch) {
            int to = Math.min(base.size(), from + batch);
            List<Point> points = new ArrayList<>(to - from);
            for (int row = from; row < to; row++) {
                points.add(new Point(row, base.row(row)));
            }
            c.upsert(points);
        }
        c.flush();
        // the janitor merges the flush partitions for seconds after the load: it would take a core
        // from whichever phases it overlapped
        Settle.untilQuiet(c);
        CollectionStats stats = c.stats();
        log.printf(Locale.ROOT, "loaded in %.1f s: %d segments, %d buckets%n", (System.nanoTime() - start) / 1e9,
                stats.segments(), stats.buckets());
        log.flush();
        report.put("segments", stats.segments());
        report.put("buckets", stats.buckets());
    }

    /** The timed rounds: each side's phase, the embedded one first in every other round. */
    private List<Map<String, Object>> rounds(List<Client> embedded, Map<String, List<Client>> sides, int queryCount,
                                             Neighbors truth, int k, PrintWriter log) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean embeddedFirst = round % 2 == 0; // slow drifts of the machine's load cancel out
            Map<String, Object> r = new LinkedHashMap<>();
            if (embeddedFirst) {
                r.put("embedded", BenchClients.phase(embedded, seconds, queryCount, truth, k));
            }
            for (Map.Entry<String, List<Client>> side : sides.entrySet()) {
                r.put(side.getKey(), BenchClients.phase(side.getValue(), seconds, queryCount, truth, k));
            }
            if (!embeddedFirst) {
                r.put("embedded", BenchClients.phase(embedded, seconds, queryCount, truth, k));
            }
            StringBuilder line = new StringBuilder("round " + (round + 1) + ": embedded " + r.get("embedded"));
            for (String side : sides.keySet()) {
                double ratio = qps(r, side) / qps(r, "embedded");
                r.put(ratioKey(side), ratio);
                line.append(String.format(Locale.ROOT, "%n  %s %s, ratio %.3f", side, r.get(side), ratio));
            }
            results.add(r);
            log.println(line);
            log.flush();
        }
        return results;
    }

    /** Per key, the median over the rounds of every side, and of each side's ratio to the embedded one. */
    private static Map<String, Object> medians(List<Map<String, Object>> results, java.util.Set<String> sides) {
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : List.of("qps", "p50_ms", "p99_ms", "cpu_us_per_search")) {
            medians.put("embedded_" + key, median(results, "embedded", key));
            for (String side : sides) {
                medians.put(side + "_" + key, median(results, side, key));
            }
        }
        for (String side : sides) {
            String key = ratioKey(side);
            medians.put(key, LatencyStats.median(results.stream().mapToDouble(r -> (double) r.get(key)).toArray()));
        }
        return medians;
    }

    /** Searches and writes at once: {@code writers} clients re-write the base at {@code --write-rate}. */
    private Map<String, Object> mixed(List<Client> searchers, List<DriftClient> writerClients, Vectors base,
                                      int queryCount, Neighbors truth, int k) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong written = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long begun = System.nanoTime();
        for (int w = 0; w < writerClients.size(); w++) {
            DriftClient client = writerClients.get(w);
            int first = w;
            threads.add(Thread.ofPlatform().name("bench-writer-" + w).start(() -> {
                // writer w takes batches w, w + writers, ...
                for (int b = first; !stop.get(); b += writerClients.size()) {
                    int from = (int) ((long) b * batch % base.size());
                    int to = Math.min(base.size(), from + batch);
                    UpsertRequest.Builder req = UpsertRequest.newBuilder().setCollection("bench");
                    for (int row = from; row < to; row++) {
                        req.addPoints(Protos.pointAsBytes(row, base.data(), base.offset(row), base.dim()));
                    }
                    client.blocking().upsert(req.build());
                    long total = written.addAndGet(to - from);
                    long due = begun + (long) (total / writeRate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                }
            }));
        }
        Map<String, Object> m;
        try {
            m = BenchClients.phase(searchers, seconds, queryCount, truth, k);
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        m.put("writes_per_second", written.get() / ((System.nanoTime() - begun) / 1e9));
        return m;
    }

    private static double recall(Searcher searcher, int queryCount, Neighbors truth, int k) {
        double sum = 0;
        for (int q = 0; q < queryCount; q++) {
            long[] ids = searcher.search(q);
            sum += truth.recall(q, ids, Math.min(ids.length, k));
        }
        return sum / queryCount;
    }

    /** One request per query, with the options the embedded searches use. */
    private static SearchRequest[] requests(Vectors queries, int k, Double recallTarget, Encoding encoding) {
        SearchRequest[] out = new SearchRequest[queries.size()];
        for (int q = 0; q < out.length; q++) {
            SearchRequest.Builder b = SearchRequest.newBuilder().setCollection("bench").setK(k);
            if (recallTarget != null) {
                b.setRecallTarget(recallTarget.floatValue());
            }
            if (encoding == Encoding.floats) {
                int off = queries.offset(q);
                for (int i = 0; i < queries.dim(); i++) {
                    b.addVector(queries.data()[off + i]);
                }
            } else {
                b.setVectorBytes(Protos.vectorBytes(queries.data(), queries.offset(q), queries.dim()));
            }
            out[q] = b.build();
        }
        return out;
    }

    private static double qps(Map<String, Object> round, String side) {
        return (double) ((Map<?, ?>) round.get(side)).get("qps");
    }

    /** The key of a gRPC side's QPS ratio to the embedded side: qps_ratio, stream_qps_ratio, ... */
    private static String ratioKey(String side) {
        return side.equals("server") ? "qps_ratio" : side.substring("server_".length()) + "_qps_ratio";
    }

    private static double median(List<Map<String, Object>> rounds, String side, String key) {
        return LatencyStats.median(rounds.stream().mapToDouble(r -> (double) ((Map<?, ?>) r.get(side)).get(key)).toArray());
    }

}
