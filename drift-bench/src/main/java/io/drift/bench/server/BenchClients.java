package io.drift.bench.server;

import io.drift.bench.LatencyStats;
import io.drift.client.DriftClient;
import io.drift.dataset.Neighbors;
import io.drift.proto.v1.ScoredPoint;
import io.drift.proto.v1.SearchRequest;
import io.drift.proto.v1.SearchResponse;
import io.drift.proto.v1.SearchStreamRequest;
import io.drift.proto.v1.SearchStreamResponse;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load generators of the server benchmark: closed-loop clients that search the collection
 * directly, through unary gRPC calls or through a search stream, and the timed phase that runs a
 * set of them and sums up what they did.
 */
public final class BenchClients {

    private BenchClients() {}

    /** Runs query number {@code query} and returns the result ids, blocking. */
    public interface Searcher {
        long[] search(int query);
    }

    /**
     * One closed-loop client: starts searching from query {@code first} and goes on, a fixed
     * number of searches in flight (one, but for the pipelined stream), recording each in
     * {@code record}, until {@code stop} is set; then counts down {@code finished}.
     */
    public interface Client {
        void start(int first, Record record, AtomicBoolean stop, CountDownLatch finished);
    }

    /** What one client did in a phase; written by one thread at a time. */
    public static final class Record {
        final Neighbors truth;
        final int k;
        final int queryCount;
        long[] latencies = new long[1 << 16];
        int count;
        double recall;
        volatile Throwable failure;

        Record(Neighbors truth, int k, int queryCount) {
            this.truth = truth;
            this.k = k;
            this.queryCount = queryCount;
        }

        /** Records why the client stopped, and stops the phase. */
        void fail(Throwable t, AtomicBoolean stop) {
            failure = t;
            stop.set(true);
        }

        /** Records a search of {@code query} and returns the next query. */
        int add(long nanos, int query, long[] ids) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, 2 * count);
            }
            latencies[count++] = nanos;
            recall += truth.recall(query, ids, Math.min(ids.length, k));
            return query + 1 == queryCount ? 0 : query + 1;
        }
    }

    /** A thread searching the collection directly. */
    static Client embedded(Searcher searcher) {
        return (first, record, stop, finished) -> Thread.ofPlatform().name("bench-embedded").start(() -> {
            try {
                int q = first;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    long[] ids = searcher.search(q);
                    q = record.add(System.nanoTime() - t0, q, ids);
                }
            } catch (Throwable t) {
                record.fail(t, stop);
            } finally {
                finished.countDown();
            }
        });
    }

    /** An asynchronous gRPC client: each answer's callback records it and sends the next search. */
    public static Client remote(DriftClient client, SearchRequest[] requests) {
        return (first, record, stop, finished) -> new StreamObserver<SearchResponse>() {
            int query = first;
            long sent;
            SearchResponse answer;

            void send() {
                sent = System.nanoTime();
                client.async().search(requests[query], this);
            }

            @Override
            public void onNext(SearchResponse r) {
                answer = r;
            }

            @Override
            public void onError(Throwable t) {
                record.fail(t, stop);
                finished.countDown();
            }

            @Override
            public void onCompleted() {
                query = record.add(System.nanoTime() - sent, query, ids(answer));
                if (stop.get()) {
                    finished.countDown();
                } else {
                    send();
                }
            }
        }.send();
    }

    /**
     * A client with one SearchStream that keeps {@code depth} searches in flight: each answer's
     * callback records it and sends the next search. Answers come in order, so the oldest send
     * time is the answer's. A call's outbound side takes one caller at a time, and the first
     * answer can arrive while the first searches are still being sent: sending and answers
     * synchronize on the observer.
     */
    static Client streaming(DriftClient client, SearchStreamRequest[] requests, int depth) {
        return (first, record, stop, finished) -> new StreamObserver<SearchStreamResponse>() {
            final StreamObserver<SearchStreamRequest> out = client.async().searchStream(this);
            final long[] sent = new long[depth]; // ring of the send times of the searches in flight
            final int[] queries = new int[depth];
            int next = first; // the next query to send
            int oldest; // ring index of the oldest search in flight
            int inFlight;

            synchronized void start() {
                while (inFlight < depth) {
                    send();
                }
            }

            void send() {
                int slot = (oldest + inFlight++) % depth;
                sent[slot] = System.nanoTime();
                queries[slot] = next;
                out.onNext(requests[next]);
                next = next + 1 == requests.length ? 0 : next + 1;
            }

            @Override
            public synchronized void onNext(SearchStreamResponse r) {
                if (r.hasError()) {
                    record.fail(new IllegalStateException("search failed: " + r.getError()), stop);
                }
                record.add(System.nanoTime() - sent[oldest], queries[oldest], ids(r.getResponse()));
                oldest = (oldest + 1) % depth;
                inFlight--;
                if (!stop.get()) {
                    send();
                } else if (inFlight == 0) {
                    out.onCompleted();
                }
            }

            @Override
            public void onError(Throwable t) {
                record.fail(t, stop);
                finished.countDown();
            }

            @Override
            public void onCompleted() {
                finished.countDown();
            }
        }.start();
    }

    /**
     * Runs the clients for {@code seconds}, each cycling through the queries from its own offset,
     * and reports QPS (all searches over the wall time), latency percentiles and the mean recall@k
     * of the searches they ran (under writes, the recall the clients saw).
     */
    public static Map<String, Object> phase(List<Client> clients, double seconds, int queryCount,
                                             Neighbors truth, int k) throws Exception {
        int n = clients.size();
        Record[] records = new Record[n];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(n);
        long cpuBefore = processCpuNanos();
        long begun = System.nanoTime();
        for (int i = 0; i < n; i++) {
            records[i] = new Record(truth, k, queryCount);
            clients.get(i).start((int) ((long) i * queryCount / n), records[i], stop, finished);
        }
        long end = begun + (long) (seconds * 1e9);
        while (!stop.get() && System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
        }
        stop.set(true);
        finished.await();
        double wall = (System.nanoTime() - begun) / 1e9;
        long cpu = processCpuNanos() - cpuBefore;
        long total = 0;
        double recall = 0;
        for (Record r : records) {
            if (r.failure != null) {
                throw new IllegalStateException("a client failed: " + r.failure, r.failure);
            }
            total += r.count;
            recall += r.recall;
        }
        LatencyStats stats = LatencyStats.of(Arrays.stream(records)
                .flatMapToLong(r -> Arrays.stream(r.latencies, 0, r.count)).toArray());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("searches", total);
        m.put("qps", total / wall);
        m.put("p50_ms", stats.p50Millis());
        m.put("p99_ms", stats.p99Millis());
        m.put("recall", recall / total);
        m.put("cpu_us_per_search", cpu / 1e3 / total);
        return m;
    }

    /** CPU time of the whole process (every thread: clients, server, engine, JIT, GC), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static long[] ids(SearchResponse r) {
        long[] ids = new long[r.getResultsCount()];
        int i = 0;
        for (ScoredPoint p : r.getResultsList()) {
            ids[i++] = p.getId();
        }
        return ids;
    }
}
