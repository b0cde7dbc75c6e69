package io.drift.maintain;

import io.drift.storage.BucketView;
import io.drift.version.SegmentRef;
import io.drift.version.VersionEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows a maintenance step read out of buckets, with where each came from: the sources of a
 * rewrite ({@link #moved}). A row is taken at most once per pass, whichever operation reaches it
 * first.
 */
final class Rows {

    private final int dim;
    private final List<SegmentRef> segments = new ArrayList<>();
    private final Map<SegmentRef, Integer> segmentIndex = new HashMap<>();
    private final Set<Long> taken = new HashSet<>();
    private final BucketView.RowDecoder decoder = new BucketView.RowDecoder();
    private final float[] vec;
    private int n;
    private float[] data = new float[0];
    private long[] ids = new long[0];
    private byte[][] docs = new byte[0][];
    private boolean anyDoc;
    private int[] segment = new int[0];
    private int[] bucket = new int[0];
    private int[] row = new int[0];

    Rows(int dim) {
        this.dim = dim;
        this.vec = new float[dim];
    }

    /** Rows taken so far. */
    int size() {
        return n;
    }

    /** The vectors, row {@code i} at {@code i·dim}. */
    float[] data() {
        return data;
    }

    long id(int i) {
        return ids[i];
    }

    /** Row {@code i}'s document, or null. */
    byte[] doc(int i) {
        return docs[i];
    }

    /** Whether any row taken so far has a document. */
    boolean anyDocument() {
        return anyDoc;
    }

    /** The first {@code n} rows' documents as an array of its own, or null when none has one. */
    byte[][] documents() {
        return anyDoc ? Arrays.copyOf(docs, n) : null;
    }

    /** The first {@code n} ids and vectors as arrays of their own. */
    long[] ids() {
        return Arrays.copyOf(ids, n);
    }

    float[] vectors() {
        return Arrays.copyOf(data, n * dim);
    }

    boolean taken(long id) {
        return taken.contains(id);
    }

    /** Reads the live rows of bucket {@code ordinal} of {@code s} not taken yet; returns their indexes here. */
    List<Integer> readLive(SegmentRef s, int ordinal) throws IOException {
        BucketView view = s.reader().bucket(ordinal);
        List<Integer> out = new ArrayList<>();
        long[] rowIds = view.ids();
        for (int r = 0; r < view.rows(); r++) {
            if (!s.tombstones().isDead(ordinal, r) && !taken(rowIds[r])) {
                view.vector(r, vec, 0, decoder);
                out.add(add(s, ordinal, r, rowIds[r], vec, view.document(r)));
            }
        }
        return out;
    }

    /**
     * Adds row {@code r} of bucket {@code b} of {@code s}, id {@code id}, vector {@code v}, document
     * {@code doc} (or null); returns its index.
     */
    int add(SegmentRef s, int b, int r, long id, float[] v, byte[] doc) {
        if (!taken.add(id)) {
            throw new IllegalStateException("id " + id + " taken twice in one pass");
        }
        if (n == ids.length) {
            int cap = Math.max(64, n * 2);
            data = Arrays.copyOf(data, cap * dim);
            ids = Arrays.copyOf(ids, cap);
            docs = Arrays.copyOf(docs, cap);
            segment = Arrays.copyOf(segment, cap);
            bucket = Arrays.copyOf(bucket, cap);
            row = Arrays.copyOf(row, cap);
        }
        System.arraycopy(v, 0, data, n * dim, dim);
        ids[n] = id;
        docs[n] = doc;
        anyDoc |= doc != null;
        segment[n] = segmentIndex.computeIfAbsent(s, k -> {
            segments.add(k);
            return segments.size() - 1;
        });
        bucket[n] = b;
        row[n] = r;
        return n++;
    }

    /**
     * The edit of a rewrite whose {@code files} (written and synced) hold new copies of these rows,
     * file {@code i} in partition {@code partitions[i]}: the files are opened and read in here, before
     * the install, so that neither a flush waiting for the install nor the first searches wait for
     * it. When a file cannot be opened, every file is deleted.
     */
    VersionEdit rewrite(List<Path> files, long[] partitions) throws IOException {
        VersionEdit.MovedRows moved = new VersionEdit.MovedRows(List.copyOf(segments), n, segment, bucket, row, ids);
        List<SegmentRef> added = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                added.add(SegmentRef.openNew(files.get(i), partitions[i]));
            }
        } catch (IOException | RuntimeException e) {
            VersionEdit.rewrite(added, moved).discard();
            for (Path p : files.subList(added.size(), files.size())) {
                Files.deleteIfExists(p);
            }
            throw e;
        }
        return VersionEdit.rewrite(added, moved);
    }
}
