package io.drift.storage;

/**
 * How format version 2 cuts a bucket's flat row array into encoded chunks: never across a row
 * boundary. Rows of {@code d <= 1024} values share chunks, {@code floor(1024 / d)} whole rows
 * each (the last chunk holds the rest); a row of {@code d > 1024} values is cut into
 * {@code ceil(d / 1024)} pieces of 1024 values, the last one shorter. A row is then decoded from
 * exactly the chunks that hold it: one chunk of at most 1024 values for {@code d <= 1024}.
 *
 * @param d         values per row
 * @param rowsPer   rows per chunk when {@code d <= 1024}, else 0
 * @param piecesPer chunks per row when {@code d > 1024}, else 1
 */
record ChunkLayout(int d, int rowsPer, int piecesPer) {

    static ChunkLayout of(int d) {
        if (d <= BucketBlock.CHUNK) {
            return new ChunkLayout(d, BucketBlock.CHUNK / d, 1);
        }
        return new ChunkLayout(d, 0, (d + BucketBlock.CHUNK - 1) / BucketBlock.CHUNK);
    }

    /** Chunks of a block of {@code n} rows. */
    int chunks(int n) {
        return rowsPer > 0 ? (n + rowsPer - 1) / rowsPer : Math.multiplyExact(n, piecesPer);
    }

    /**
     * Length of the chunk that starts at value {@code pos} of a flat array of {@code total}
     * values (a multiple of {@code d}).
     */
    int length(int pos, int total) {
        if (rowsPer > 0) {
            return Math.min(rowsPer * d, total - pos);
        }
        int inRow = pos % d;
        return Math.min(BucketBlock.CHUNK, d - inRow);
    }

    /** The first chunk holding row {@code r}. */
    int firstChunk(int r) {
        return rowsPer > 0 ? r / rowsPer : r * piecesPer;
    }

    /** Where row {@code r} starts inside its first chunk. */
    int offsetInChunk(int r) {
        return rowsPer > 0 ? (r % rowsPer) * d : 0;
    }

    /** Values in chunk {@code c} of a block of {@code n} rows. */
    int chunkLength(int c, int n) {
        if (rowsPer > 0) {
            return Math.min(rowsPer, n - c * rowsPer) * d;
        }
        int piece = c % piecesPer;
        return Math.min(BucketBlock.CHUNK, d - piece * BucketBlock.CHUNK);
    }
}
