package io.drift.storage;

import io.drift.vector.Distance;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * An open {@code .drift} segment, memory-mapped read-only. Opening reads and checks only the
 * footer, header page, bucket directory, Bloom filter and the id index's skip table; bucket
 * blocks are reached in O(1) through the directory when needed ({@link #bucket}), each checked
 * against its CRC32C on first access; id-index blocks are checked when a lookup decodes them;
 * {@link #verify()} checks everything. Any inconsistency is a {@link CorruptFileException} naming the
 * file and region.
 *
 * <p>Thread-safe for readers. {@link #close()} unmaps the file: the caller must make sure no
 * reader still uses it (the engine's versions and pins do, see docs/ARCHITECTURE.md).
 */
public final class SegmentReader implements AutoCloseable {
    static final String DIRECTORY = "bucket directory";

    private final Path file;
    private final Arena arena;
    private final MemorySegment mapping;
    private final Footer footer;
    private final SegmentHeader header;
    private final long[] blockOffsets;
    private final long[] blockLengths;
    private final int[] blockRows;
    private final int[] blockCrcs;
    /** 1 once bucket i's block passed its CRC check; a race only means checking twice. */
    private final AtomicIntegerArray verified;
    private final BloomFilter bloom;
    private final IdIndex idIndex;

    private SegmentReader(Path file, Arena arena, MemorySegment mapping) throws CorruptFileException {
        this.file = file;
        this.arena = arena;
        this.mapping = mapping;
        this.footer = Footer.read(mapping, file);
        this.header = SegmentHeader.read(mapping, file);
        if (header.version() != footer.version()) {
            throw new CorruptFileException(file, SegmentHeader.REGION, "format version " + header.version()
                    + " differs from the footer's " + footer.version());
        }
        MemorySegment dir = mapping.asSlice(footer.directoryOffset(), footer.directoryLength());
        if (dir.byteSize() < 12) {
            throw new CorruptFileException(file, DIRECTORY, "region of " + dir.byteSize() + " bytes is too small");
        }
        FileFormat.checkCrc(file, DIRECTORY, dir.get(LittleEndian.INT, dir.byteSize() - 4),
                FileFormat.crc32c(dir.asSlice(0, dir.byteSize() - 4)));
        int buckets = dir.get(LittleEndian.INT, 0);
        if (buckets != header.buckets() || 8 + 24L * buckets + 4 != dir.byteSize()) {
            throw new CorruptFileException(file, DIRECTORY, "holds " + buckets + " buckets in " + dir.byteSize()
                    + " bytes; the header page says " + header.buckets());
        }
        blockOffsets = new long[buckets];
        blockLengths = new long[buckets];
        blockRows = new int[buckets];
        blockCrcs = new int[buckets];
        verified = new AtomicIntegerArray(buckets);
        long rows = 0;
        for (int i = 0; i < buckets; i++) {
            long e = 8 + 24L * i;
            blockOffsets[i] = dir.get(LittleEndian.LONG, e);
            blockLengths[i] = dir.get(LittleEndian.LONG, e + 8);
            blockRows[i] = dir.get(LittleEndian.INT, e + 16);
            blockCrcs[i] = dir.get(LittleEndian.INT, e + 20);
            if (blockOffsets[i] % AlignedFileWriter.PAGE != 0 || blockOffsets[i] < AlignedFileWriter.PAGE
                    || blockLengths[i] < BucketBlock.HEADER_BYTES || blockOffsets[i] + blockLengths[i] > footer.idIndexOffset()) {
                throw new CorruptFileException(file, DIRECTORY, "bucket " + i + " block [" + blockOffsets[i] + ", +"
                        + blockLengths[i] + ") is not a page-aligned range before the id index");
            }
            rows += blockRows[i];
        }
        if (rows != header.rows()) {
            throw new CorruptFileException(file, DIRECTORY, "buckets hold " + rows + " rows, the header page says " + header.rows());
        }
        MemorySegment bloomRegion = mapping.asSlice(footer.bloomOffset(), footer.bloomLength());
        FileFormat.checkCrc(file, "bloom filter", dir.get(LittleEndian.INT, 4), FileFormat.crc32c(bloomRegion));
        try {
            this.bloom = BloomFilter.open(bloomRegion);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file, "bloom filter", e.getMessage());
        }
        this.idIndex = IdIndex.open(mapping.asSlice(footer.idIndexOffset(), footer.idIndexLength()), rows, file);
    }

    /** Maps and opens a published segment file. */
    public static SegmentReader open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new SegmentReader(file, arena, DiskManager.mapReadOnly(file, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Reads every page of the file through the mapping, so that the searches to come find them
     * mapped instead of taking a page fault each (a freshly written segment is in the page cache,
     * not yet in this process's page tables).
     */
    public void load() {
        mapping.load();
    }

    public Path file() {
        return file;
    }

    public int dim() {
        return header.dim();
    }

    /** The format version the file was written in. */
    public int formatVersion() {
        return header.version();
    }

    public Distance metric() {
        return header.metric();
    }

    public long rows() {
        return header.rows();
    }

    public int bucketCount() {
        return blockOffsets.length;
    }

    public long sizeInBytes() {
        return mapping.byteSize();
    }

    /** Rows of bucket {@code ordinal}, from the directory (no block access). */
    public int bucketRows(int ordinal) {
        return blockRows[ordinal];
    }

    /**
     * Bytes of the rows' documents (keys and payloads) in the file, offset tables excluded: read from
     * each block's header, without checking the blocks (a statistic, not data).
     */
    public long documentBytes() {
        long n = 0;
        for (int b = 0; header.version() >= 3 && b < blockOffsets.length; b++) {
            long length = Integer.toUnsignedLong(mapping.get(LittleEndian.INT, blockOffsets[b] + BucketBlock.DOCS_LENGTH));
            n += length == 0 ? 0 : length - 4L * (blockRows[b] + 1);
        }
        return n;
    }

    /** File offset of bucket {@code ordinal}'s block. */
    public long bucketOffset(int ordinal) {
        return blockOffsets[ordinal];
    }

    /** Bytes of bucket {@code ordinal}'s block. */
    public long bucketLength(int ordinal) {
        return blockLengths[ordinal];
    }

    /**
     * A zero-copy view of bucket {@code ordinal}. The first access to a bucket checks its block's
     * CRC32C (and that it matches the directory's copy), so nothing read from a damaged block is
     * ever used; later accesses only re-check the header structure.
     */
    public BucketView bucket(int ordinal) throws CorruptFileException {
        BucketView view = BucketView.open(mapping.asSlice(blockOffsets[ordinal], blockLengths[ordinal]), ordinal, dim(),
                header.version(), file);
        if (view.rows() != blockRows[ordinal]) {
            throw new CorruptFileException(file, BucketView.region(ordinal), "holds " + view.rows()
                    + " rows, the directory says " + blockRows[ordinal]);
        }
        if (verified.get(ordinal) == 0) {
            view.verifyChecksum(file);
            int stored = mapping.get(LittleEndian.INT, blockOffsets[ordinal] + BucketBlock.CRC);
            if (stored != blockCrcs[ordinal]) {
                throw new CorruptFileException(file, DIRECTORY, String.format(
                        "bucket %d's CRC32C is 0x%08x in its block and 0x%08x in the directory", ordinal, stored, blockCrcs[ordinal]));
            }
            verified.set(ordinal, 1);
        }
        return view;
    }

    /** False when the segment certainly does not hold {@code id}. */
    public boolean mightContain(long id) {
        return bloom.mightContain(id);
    }

    /**
     * Where {@code id} is stored: {@code (bucket << 32) | row}, or -1 when the segment does not
     * hold it. The Bloom filter answers most misses without touching the id index.
     */
    public long locate(long id) throws CorruptFileException {
        return bloom.mightContain(id) ? idIndex.locate(id) : -1;
    }

    public BloomFilter bloomFilter() {
        return bloom;
    }

    public long idIndexBytes() {
        return footer.idIndexLength();
    }

    /** Checks every checksum of the file: every bucket block and every id index block. */
    public void verify() throws CorruptFileException {
        for (int i = 0; i < blockOffsets.length; i++) {
            verified.set(i, 0);
            bucket(i);
        }
        idIndex.verify();
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        arena.close();
    }
}
