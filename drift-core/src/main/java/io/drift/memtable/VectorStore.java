package io.drift.memtable;

/**
 * The memtable's rows: append-only float vectors in fixed-size pages, so a row never moves once
 * written and readers never copy.
 *
 * <p>One appender at a time (the caller serialises appends); any number of readers, without
 * locks. A reader first reads {@link #size()} and then only touches rows below it: appends write
 * the row before publishing the new size (a volatile store), so every row below a size a reader
 * has seen is complete.
 *
 * <p>Row {@code r} lives in {@code page(r)} at {@code offset(r)}; rows of a page are contiguous,
 * so kernels that score several rows per query load can run over a page.
 */
public final class VectorStore {

    /** About 256 KiB of floats per page. */
    private static final int PAGE_FLOATS = 1 << 16;

    private final int dim;
    private final int shift;
    private final int mask;
    private volatile float[][] pages = new float[4][];
    private volatile int size;

    public VectorStore(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be positive, got " + dim);
        }
        this.dim = dim;
        int rowsPerPage = Integer.highestOneBit(Math.max(1, PAGE_FLOATS / dim));
        this.shift = Integer.numberOfTrailingZeros(rowsPerPage);
        this.mask = rowsPerPage - 1;
    }

    public int dim() {
        return dim;
    }

    /** Rows a reader may touch. */
    public int size() {
        return size;
    }

    /** Rows per page (a power of two). */
    public int rowsPerPage() {
        return mask + 1;
    }

    /** Appends {@code v[off..off+dim)} and returns its row; callers serialise appends. */
    public int append(float[] v, int off) {
        int row = size;
        if (row == Integer.MAX_VALUE) {
            throw new IllegalStateException("a memtable holds at most " + Integer.MAX_VALUE + " rows");
        }
        int p = row >>> shift;
        float[][] ps = pages;
        if (p == ps.length) {
            ps = java.util.Arrays.copyOf(ps, ps.length * 2);
        }
        if (ps[p] == null) {
            ps[p] = new float[(mask + 1) * dim];
        }
        if (ps != pages) {
            pages = ps;
        }
        System.arraycopy(v, off, ps[p], (row & mask) * dim, dim);
        size = row + 1; // publishes the row
        return row;
    }

    /** The page holding row {@code row}. */
    public float[] page(int row) {
        return pages[row >>> shift];
    }

    /** Where row {@code row} starts in its page. */
    public int offset(int row) {
        return (row & mask) * dim;
    }

    /** Copies row {@code row} into {@code out[outOff..outOff+dim)}. */
    public void copy(int row, float[] out, int outOff) {
        System.arraycopy(page(row), offset(row), out, outOff, dim);
    }

    /** Bytes of the pages allocated so far. */
    public long allocatedBytes() {
        float[][] ps = pages;
        long n = 0;
        for (float[] p : ps) {
            if (p != null) {
                n += 4L * p.length;
            }
        }
        return n;
    }
}
