package io.drift.memtable;

import io.drift.vector.Distance;
import io.drift.vector.TopK;
import io.drift.vector.VectorKernels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.roaringbitmap.RoaringBitmap;

/**
 * L0: the in-memory table that takes a collection's recent writes (DESIGN §5).
 *
 * <p>A write appends the row to a {@link VectorStore} and points the id at it; that is all the
 * write path waits for. A background task links appended rows into a {@link RowGraph}
 * graph, in row order, so rows {@code [0, linked)} are in the graph and a search scans the rest
 * with the SIMD kernels. A row is deleted by setting its bit (L0 tombstones); an upsert of an id
 * the table already holds deletes the old row and appends a new one.
 *
 * <p>Mutations ({@link #append}, {@link #kill}, {@link #freeze}) come from one thread at a time:
 * the collection serialises its writes. Searches and lookups take no lock and may run at any time;
 * a row appended or killed while a search runs may or may not be seen by it.
 */
public final class MemTable {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /**
     * The graph's walk ranks by 8-bit codes; this many of its best (at least; {@code 2k} when
     * larger) are re-scored from their floats and offered.
     */
    private static final int MIN_RESCORE = 16;
    /** A filtered search accepting at most this many rows scores them one by one. */
    public static final int EXACT_FILTERED_ROWS = 2000;
    /** How far a filtered search widens the graph's beam, at most. */
    static final int MAX_FILTER_WIDENING = 16;
    /** Rows linked per background task before it yields the thread to other work. */
    private static final int LINK_CHUNK = 256;

    private final int dim;
    private final Distance metric;
    private final VectorStore vectors;
    private final RowGraph graph;
    private final ConcurrentHashMap<Long, Integer> rowById = new ConcurrentHashMap<>();
    private final Executor linker;
    private final AtomicBoolean linking = new AtomicBoolean();
    private final ThreadLocal<Scratch> scratch;
    private volatile long[] ids = new long[1024];
    /** Each row's document (key and payload, opaque here), or null; the array is null until a row has one. */
    private volatile byte[][] docs;
    private volatile long docBytes;
    private volatile long[] dead = new long[16];
    private volatile int deadRows;
    private volatile int linked;
    private volatile boolean frozen;
    private volatile boolean linkingPaused;

    /**
     * @param metric         how rows compare; COSINE rows must arrive normalised
     * @param m              graph links per node on the upper layers
     * @param efConstruction graph beam width while linking
     * @param linker         runs the background linking tasks; null links nothing (every search
     *                       scans every row)
     */
    public MemTable(int dim, Distance metric, int m, int efConstruction, long seed, Executor linker) {
        this.dim = dim;
        this.metric = Objects.requireNonNull(metric, "metric");
        this.vectors = new VectorStore(dim);
        this.graph = new RowGraph(vectors, metric, m, efConstruction, seed);
        this.linker = linker;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(graph.searcher(), vectors.rowsPerPage()));
    }

    public int dim() {
        return dim;
    }

    /** Rows appended, deleted ones included. */
    public int size() {
        return vectors.size();
    }

    /** Rows not deleted. */
    public int liveRows() {
        return vectors.size() - deadRows;
    }

    /** Bytes of vectors appended: what the size limit counts. */
    public long vectorBytes() {
        return 4L * dim * vectors.size();
    }

    /** Bytes of the rows' documents appended. */
    public long documentBytes() {
        return docBytes;
    }

    /** Bytes of vectors not linked into the graph yet: what every search scans row by row. */
    public long unlinkedBytes() {
        return 4L * dim * (vectors.size() - linked);
    }

    /** Rows linked into the graph so far. */
    public int linkedRows() {
        return linked;
    }

    public boolean isFrozen() {
        return frozen;
    }

    /**
     * Appends a row for {@code id} (the caller has already deleted any older copy, here or
     * elsewhere) and returns its number. Writer thread only.
     */
    public int append(long id, float[] v, int off) {
        return append(id, v, off, null);
    }

    /** Appends a row as {@link #append(long, float[], int)} does, carrying the document {@code doc} (or none). */
    public int append(long id, float[] v, int off, byte[] doc) {
        if (frozen) {
            throw new IllegalStateException("the memtable is frozen");
        }
        int row = vectors.size();
        long[] is = ids;
        if (row == is.length) {
            is = Arrays.copyOf(is, is.length * 2);
        }
        is[row] = id;
        ids = is;
        byte[][] dc = docs;
        if (doc != null || (dc != null && row == dc.length)) {
            dc = dc == null ? new byte[is.length][] : dc.length < is.length ? Arrays.copyOf(dc, is.length) : dc;
            dc[row] = doc;
            docs = dc;
            if (doc != null) {
                docBytes += doc.length;
            }
        }
        long[] ds = dead;
        if ((row >>> 6) == ds.length) {
            dead = Arrays.copyOf(ds, ds.length * 2);
        }
        vectors.append(v, off); // publishes the row, its id and its bit
        rowById.put(id, row);
        return row;
    }

    /** The newest row of {@code id} in this table, live or deleted, or -1. */
    public int rowOf(long id) {
        Integer r = rowById.get(id);
        return r == null ? -1 : r;
    }

    /** Deletes row {@code row}; returns false when it already was deleted. Writer thread only. */
    public boolean kill(int row) {
        long mask = 1L << row;
        long before = (long) LONGS.getAndBitwiseOr(dead, row >>> 6, mask);
        if ((before & mask) != 0) {
            return false;
        }
        deadRows++;
        return true;
    }

    public boolean isDead(int row) {
        return (((long) LONGS.getOpaque(dead, row >>> 6)) & (1L << row)) != 0;
    }

    public long id(int row) {
        return ids[row];
    }

    /** Row {@code row}'s document, or null when it has none. */
    public byte[] document(int row) {
        byte[][] ds = docs;
        return ds == null || row >= ds.length ? null : ds[row];
    }

    /** Copies row {@code row} into {@code out}. */
    public void vector(int row, float[] out) {
        vectors.copy(row, out, 0);
    }

    /** Takes no more appends (kills still arrive until the table is flushed); stops linking. */
    public void freeze() {
        frozen = true;
    }

    /**
     * Pauses or resumes linking. The owner pauses it while writes outrun the flushes: a table
     * that will be frozen with most of its rows unlinked anyway gains little from a graph, and
     * the core linking would take is the one the flushes need.
     */
    public void setLinkingPaused(boolean paused) {
        linkingPaused = paused;
        if (!paused) {
            scheduleLinking();
        }
    }

    /**
     * Starts a background task linking the rows not yet in the graph, unless one is running or
     * linking is paused.
     */
    public void scheduleLinking() {
        if (linker != null && !frozen && !linkingPaused && linked < vectors.size()
                && linking.compareAndSet(false, true)) {
            try {
                linker.execute(this::linkChunk);
            } catch (RejectedExecutionException e) {
                linking.set(false); // the engine is shutting down; searches scan unlinked rows
            }
        }
    }

    private void linkChunk() {
        try {
            int end = Math.min(vectors.size(), linked + LINK_CHUNK);
            for (int row = linked; row < end && !frozen && !linkingPaused; row++) {
                if (!isDead(row)) {
                    graph.insert(row);
                }
                linked = row + 1;
            }
        } finally {
            linking.set(false);
        }
        scheduleLinking(); // more rows arrived, or the chunk ended: continue in a new task
    }

    /**
     * Offers the live rows nearest to {@code query} to {@code out} as (id, distance), the
     * distance as {@link Distance} defines it. {@code query} is prepared (normalised under COSINE).
     * With {@code exact} every row is scored; otherwise the linked rows are found through the
     * graph with a beam of {@code max(ef, k)}, of which the best {@code max(2k, 16)} by the graph's
     * 8-bit codes are scored exactly (both widened until they yield {@code k} live rows, or the
     * search falls back to scoring every row), and the unlinked rows are scored.
     */
    public void search(float[] query, int k, int ef, boolean exact, TopK out) {
        search(query, k, ef, exact, out, null);
    }

    /**
     * {@link #search(float[], int, int, boolean, TopK)} over the rows of {@code accept} only (null:
     * all; rows a filter matched). The graph is walked through every row, as ACORN does, but only
     * accepted rows are offered; the beam widens by the share of linked rows accepted (up to
     * {@value #MAX_FILTER_WIDENING}x), and when few rows are accepted ({@value #EXACT_FILTERED_ROWS} or
     * fewer) they are scored one by one instead.
     */
    public void search(float[] query, int k, int ef, boolean exact, TopK out, RoaringBitmap accept) {
        int size = vectors.size();
        Scratch s = scratch.get();
        if (accept != null && (exact || accept.getCardinality() <= EXACT_FILTERED_ROWS)) {
            scoreRows(query, accept, size, out, s);
            return;
        }
        int inGraph = exact ? 0 : Math.min(linked, size);
        scan(query, inGraph, size, out, s, accept);
        if (inGraph == 0) {
            return;
        }
        int acceptedInGraph = accept == null ? inGraph : (int) accept.rangeCardinality(0, inGraph);
        if (acceptedInGraph == 0) {
            return;
        }
        int want = Math.min(k, acceptedInGraph);
        int widen = (int) Math.min(MAX_FILTER_WIDENING, Math.ceil((double) inGraph / acceptedInGraph));
        int rescore = Math.max(2 * k, MIN_RESCORE) * widen;
        for (int beam = Math.max(ef, k) * widen; ; beam *= 2, rescore *= 2) {
            if (beam >= inGraph) {
                scan(query, 0, inGraph, out, s, accept);
                return;
            }
            int n = s.search(query, beam, rescore);
            int found = 0; // the live accepted rows of the answer, moved to its front
            for (int i = 0; i < n; i++) {
                int node = s.nodes[i];
                if (node < inGraph && !isDead(node) && (accept == null || accept.contains(node))) {
                    s.nodes[found] = node;
                    s.dist[found++] = s.dist[i];
                }
            }
            if (found >= want) { // only the last round offers: each row once
                for (int i = 0; i < found; i++) {
                    out.offer(ids[s.nodes[i]], fromGraph(s.dist[i]));
                }
                return;
            }
        }
    }

    /** Scores the live rows of {@code rows} below {@code size} one by one. */
    private void scoreRows(float[] query, RoaringBitmap rows, int size, TopK out, Scratch s) {
        float[] v = s.row(dim);
        long[] is = ids;
        for (org.roaringbitmap.IntIterator it = rows.getIntIterator(); it.hasNext(); ) {
            int row = it.next();
            if (row >= size) {
                break;
            }
            if (!isDead(row)) {
                vectors.copy(row, v, 0);
                out.offer(is[row], metric.distance(query, 0, v, 0, dim));
            }
        }
    }

    /** Scores rows {@code [from, to)} a page at a time, several rows per query load. */
    private void scan(float[] query, int from, int to, TopK out, Scratch s, RoaringBitmap accept) {
        VectorKernels kernels = VectorKernels.get();
        long[] is = ids;
        int perPage = vectors.rowsPerPage();
        for (int row = from; row < to; ) {
            int count = Math.min(to - row, perPage - (row & (perPage - 1)));
            float[] page = vectors.page(row);
            int off = vectors.offset(row);
            if (metric == Distance.L2) {
                kernels.l2SquaredRows(query, page, off, dim, count, s.rowDist, 0);
            } else {
                kernels.dotRows(query, page, off, dim, count, s.rowDist, 0);
            }
            for (int j = 0; j < count; j++) {
                float d = s.rowDist[j];
                float distance = metric == Distance.L2 ? d : metric == Distance.COSINE ? 1f - d : -d;
                if (distance <= out.threshold() && !isDead(row + j) && (accept == null || accept.contains(row + j))) {
                    out.offer(is[row + j], distance);
                }
            }
            row += count;
        }
    }

    /** The graph scores L2 as squared distance and both inner-product metrics as {@code -a·b}. */
    private float fromGraph(float d) {
        return metric == Distance.COSINE ? 1f + d : d;
    }

    /** Per-thread search state. */
    private static final class Scratch {
        final RowGraph.Searcher searcher;
        final float[] rowDist;
        private float[] row = new float[0];
        int[] nodes = new int[0];
        float[] dist = new float[0];

        Scratch(RowGraph.Searcher searcher, int rowsPerPage) {
            this.searcher = searcher;
            this.rowDist = new float[rowsPerPage];
        }

        float[] row(int dim) {
            if (row.length != dim) {
                row = new float[dim];
            }
            return row;
        }

        int search(float[] query, int ef, int rescore) {
            if (nodes.length < ef) {
                nodes = new int[ef];
                dist = new float[ef];
            }
            return searcher.search(query, ef, rescore, nodes, dist);
        }
    }
}
