package io.drift.storage;

import io.drift.quant.SQ8;
import io.drift.vector.Distance;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes one immutable {@code .drift} segment (docs/FORMAT.md): buckets are appended one at a
 * time as 4 KiB-aligned blocks, then {@link #finish()} writes the id index, Bloom filter,
 * bucket directory, footer and header page and publishes the file (fsync, atomic rename,
 * directory fsync). Until then the data lives under a temporary name that no manifest names;
 * {@link #close()} without {@code finish()} deletes it.
 *
 * <p>Memory: one bucket block at a time, plus 16 bytes per row for the id index.
 */
public final class SegmentWriter implements Closeable {
    private final Path target;
    private final Path temp;
    private final int dim;
    private final Distance metric;
    private final FileChannel channel;
    private final AlignedFileWriter out;

    private long[] ids = new long[1024];
    private int[] bucketOf = new int[1024];
    private int[] rowOf = new int[1024];
    private int rows;
    private long[] blockOffsets = new long[16];
    private long[] blockLengths = new long[16];
    private int[] blockRows = new int[16];
    private int[] blockCrcs = new int[16];
    private int buckets;
    private boolean finished;

    private SegmentWriter(Path target, int dim, Distance metric) throws IOException {
        if (dim < 1 || dim > 4096) {
            throw new IllegalArgumentException("dimension must be in 1..4096, got " + dim);
        }
        this.target = target;
        this.temp = DiskManager.tempFileFor(target);
        this.dim = dim;
        this.metric = metric;
        if (Files.exists(target)) {
            throw new IOException("segment file " + target + " already exists");
        }
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.out = new AlignedFileWriter(channel);
        out.write(ByteBuffer.allocate(AlignedFileWriter.PAGE)); // header page, filled in by finish()
    }

    /** Starts a segment that will be published as {@code target}. */
    public static SegmentWriter create(Path target, int dim, Distance metric) throws IOException {
        return new SegmentWriter(target, dim, metric);
    }

    /**
     * Appends a bucket of {@code n >= 1} rows (ids and row-major vectors) with its centroid and
     * quantizer; returns its ordinal. Ids must be unique within the whole segment.
     */
    public int addBucket(float[] centroid, SQ8 sq8, long[] bucketIds, float[] vectors, int n) throws IOException {
        return addBucket(centroid, sq8, bucketIds, vectors, null, n);
    }

    /**
     * Appends a bucket as {@link #addBucket(float[], SQ8, long[], float[], int)} does, with each
     * row's document ({@code docs[r]}, opaque bytes; null for rows without one, or no array at all).
     */
    public int addBucket(float[] centroid, SQ8 sq8, long[] bucketIds, float[] vectors, byte[][] docs, int n)
            throws IOException {
        if (finished) {
            throw new IllegalStateException("segment " + target + " is already finished");
        }
        if (centroid.length != dim) {
            throw new IllegalArgumentException("centroid has dimension " + centroid.length + ", the segment " + dim);
        }
        BucketBlock.Encoded encoded = BucketBlock.encode(centroid, sq8, bucketIds, vectors, docs, n);
        ByteBuffer block = encoded.bytes();
        int ordinal = buckets;
        ensureBucketCapacity();
        out.alignTo(AlignedFileWriter.PAGE);
        blockLengths[ordinal] = block.remaining();
        blockCrcs[ordinal] = block.getInt(BucketBlock.CRC);
        blockOffsets[ordinal] = out.write(block);
        blockRows[ordinal] = n;
        // rows are stored sorted by id: record each id's row in the block
        long[] sorted = encoded.sortedIds();
        ensureRowCapacity(n);
        for (int r = 0; r < n; r++) {
            ids[rows] = sorted[r];
            bucketOf[rows] = ordinal;
            rowOf[rows] = r;
            rows++;
        }
        buckets++;
        return ordinal;
    }

    /** Writes the index regions, footer and header and publishes the file. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (buckets == 0) {
            throw new IllegalStateException("a segment needs at least one bucket");
        }
        // sort all (id, bucket, row) by id
        Integer[] order = new Integer[rows];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(ids[a], ids[b]));
        long[] sIds = new long[rows];
        int[] sBuckets = new int[rows];
        int[] sRows = new int[rows];
        for (int i = 0; i < rows; i++) {
            sIds[i] = ids[order[i]];
            sBuckets[i] = bucketOf[order[i]];
            sRows[i] = rowOf[order[i]];
            if (i > 0 && sIds[i] == sIds[i - 1]) {
                throw new IllegalArgumentException("id " + Long.toUnsignedString(sIds[i]) + " is in buckets "
                        + sBuckets[i - 1] + " and " + sBuckets[i]);
            }
        }
        out.alignTo(AlignedFileWriter.PAGE);
        ByteBuffer index = IdIndex.encode(sIds, sBuckets, sRows, rows);
        long indexLength = index.remaining();
        long indexOffset = out.write(index);

        out.alignTo(AlignedFileWriter.LINE);
        byte[] bloom = BloomFilter.build(sIds, rows);
        long bloomOffset = out.write(ByteBuffer.wrap(bloom));

        out.alignTo(AlignedFileWriter.LINE);
        ByteBuffer dir = encodeDirectory(bloom);
        long dirLength = dir.remaining();
        long dirOffset = out.write(dir);

        out.write(new Footer(dirOffset, dirLength, indexOffset, indexLength, bloomOffset, bloom.length, Footer.VERSION).encode());
        ByteBuffer header = new SegmentHeader(Footer.VERSION, dim, metric, rows, buckets).encode();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.close();
        DiskManager.publish(temp, target);
        finished = true;
    }

    private ByteBuffer encodeDirectory(byte[] bloom) {
        ByteBuffer b = ByteBuffer.allocate(8 + 24 * buckets + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(buckets).putInt(FileFormat.crc32c(bloom, 0, bloom.length));
        for (int i = 0; i < buckets; i++) {
            b.putLong(blockOffsets[i]).putLong(blockLengths[i]).putInt(blockRows[i]).putInt(blockCrcs[i]);
        }
        b.putInt(FileFormat.crc32c(b.array(), 0, b.position()));
        return b.flip();
    }

    private void ensureBucketCapacity() {
        if (buckets == blockOffsets.length) {
            int n = buckets * 2;
            blockOffsets = Arrays.copyOf(blockOffsets, n);
            blockLengths = Arrays.copyOf(blockLengths, n);
            blockRows = Arrays.copyOf(blockRows, n);
            blockCrcs = Arrays.copyOf(blockCrcs, n);
        }
    }

    private void ensureRowCapacity(int more) {
        if (rows + more > ids.length) {
            int n = Math.max(rows + more, ids.length * 2);
            ids = Arrays.copyOf(ids, n);
            bucketOf = Arrays.copyOf(bucketOf, n);
            rowOf = Arrays.copyOf(rowOf, n);
        }
    }

    /** Abandons an unfinished segment: its temporary file is deleted. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
            Files.deleteIfExists(temp);
        }
    }
}
