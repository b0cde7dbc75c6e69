package io.drift.memtable;

import io.drift.graph.PageDirectory;

import io.drift.vector.VectorKernels;

/**
 * An 8-bit copy of rows for the memtable graph's distances: each row quantized with its own
 * range, locally-adaptive scalar quantization without the mean centering (LVQ; Aguerrebere et al.,
 * "Similarity search in the blink of an eye with compressed indices", VLDB 2023). Row {@code x}
 * keeps {@code lo = min x_i}, {@code step = (max x_i - lo)/255} and codes
 * {@code c_i = round((x_i - lo)/step)}, which decode to {@code x̂_i = lo + step·c_i}; no training,
 * so a row is coded the moment it arrives, whatever the data has drifted to.
 *
 * <p>Against a float query {@code q} (see {@link Query}), {@code q·x̂ = lo·Σq + step·(q·c)} and
 * {@code |q - x̂|² = |q|² + |x̂|² - 2 q·x̂}: one pass over the row's {@code dim} bytes instead of its
 * {@code 4·dim} float bytes. A graph search spends most of its time fetching rows it has not seen
 * (a 100,000 × 128 memtable is 51 MB of floats, 13 MB of codes), so the quarter-size row is what
 * makes it faster.
 *
 * <p>Rows are coded in any order by several threads, each row by one thread and before any reader
 * can reach it (the graph publishes a node only after coding it), in pages that never move once
 * made; the page directory is republished through a volatile field when it grows.
 */
final class RowCodes {

    /** About 256 KiB of codes per page. */
    private static final int PAGE_BYTES = 1 << 18;

    private final int dim;
    private final int shift;
    private final int mask;
    private final PageDirectory<Page> pages;

    private static final class Page {
        final byte[] codes;
        /** Per row: lo, step and |x̂|². */
        final float[] scales;

        Page(int rows, int dim) {
            codes = new byte[rows * dim];
            scales = new float[3 * rows];
        }
    }

    RowCodes(int dim) {
        this.dim = dim;
        int rowsPerPage = Integer.highestOneBit(Math.max(1, PAGE_BYTES / dim));
        this.shift = Integer.numberOfTrailingZeros(rowsPerPage);
        this.mask = rowsPerPage - 1;
        this.pages = new PageDirectory<>(p -> new Page(rowsPerPage, dim));
    }

    /** Codes {@code v[off..off+dim)} as row {@code row}. Distinct rows may be coded concurrently. */
    void encode(int row, float[] v, int off) {
        Page page = pages.getOrMake(row >>> shift);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < dim; i++) {
            lo = Math.min(lo, v[off + i]);
            hi = Math.max(hi, v[off + i]);
        }
        float step = (hi - lo) / 255f;
        if (!(step > 0f) || !Float.isFinite(step)) {
            step = 0f; // a constant row (or a range beyond float): every code 0, decodes to lo
        }
        float inv = step == 0f ? 0f : 1f / step;
        int base = (row & mask) * dim;
        float norm = 0f;
        for (int i = 0; i < dim; i++) {
            int c = Math.min(255, Math.max(0, Math.round((v[off + i] - lo) * inv)));
            page.codes[base + i] = (byte) c;
            float x = lo + step * c;
            norm = Math.fma(x, x, norm);
        }
        int s = 3 * (row & mask);
        page.scales[s] = lo;
        page.scales[s + 1] = step;
        page.scales[s + 2] = norm;
    }

    /**
     * Reads one byte of every cache line of row {@code row}'s codes and its scales, and returns
     * them summed: Java's stand-in for a prefetch. A walk touches all the unvisited neighbours of a
     * node first, so that their cache misses overlap, then scores them from the cache; scoring them
     * one by one waits for each row's misses in turn.
     */
    int touch(int row) {
        Page page = pages.get(row >>> shift);
        byte[] c = page.codes;
        int base = (row & mask) * dim;
        int end = base + dim - 1;
        int sum = Float.floatToRawIntBits(page.scales[3 * (row & mask)]);
        for (int i = base; i < end; i += 64) {
            sum += c[i];
        }
        return sum + c[end];
    }

    /** Slots of the page directory; for tests. */
    int pageSlots() {
        return pages.slots();
    }

    /**
     * A query prepared for distances to coded rows: its floats, their sum and its squared norm.
     * Reusable, not thread-safe (one per searching thread).
     */
    final class Query {
        private final float[] q = new float[dim];
        private float sum;
        private float norm;

        /** Prepares {@code v[off..off+dim)}. */
        void set(float[] v, int off) {
            System.arraycopy(v, off, q, 0, dim);
            float s = 0f;
            float n = 0f;
            for (int i = 0; i < dim; i++) {
                s += q[i];
                n = Math.fma(q[i], q[i], n);
            }
            sum = s;
            norm = n;
        }

        /**
         * Prepares coded row {@code row}, decoded ({@code x̂}): a row as the query costs its
         * {@code dim} code bytes instead of its {@code 4·dim} float bytes.
         */
        void decode(int row) {
            Page page = pages.get(row >>> shift);
            int s = 3 * (row & mask);
            float lo = page.scales[s];
            float step = page.scales[s + 1];
            byte[] c = page.codes;
            int base = (row & mask) * dim;
            float total = 0f;
            for (int i = 0; i < dim; i++) {
                float x = lo + step * Byte.toUnsignedInt(c[base + i]);
                q[i] = x;
                total += x;
            }
            sum = total;
            norm = page.scales[s + 2];
        }

        /** {@code q·x̂} for coded row {@code row}. */
        float dot(int row) {
            return dot(pages.get(row >>> shift), row & mask);
        }

        /** {@code |q - x̂|²} for coded row {@code row}. */
        float l2Squared(int row) {
            Page page = pages.get(row >>> shift);
            int r = row & mask;
            return norm + page.scales[3 * r + 2] - 2f * dot(page, r);
        }

        /** {@code q·x̂} for row {@code r} of {@code page}: {@code lo·Σq + step·(q·c)}. */
        private float dot(Page page, int r) {
            float qc = VectorKernels.get().dotCodes(q, page.codes, r * dim, dim);
            return page.scales[3 * r] * sum + page.scales[3 * r + 1] * qc;
        }
    }
}
