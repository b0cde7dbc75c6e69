package io.drift.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Appends regions to a file at known offsets, padding with zeros to alignment boundaries (4 KiB
 * for page blocks, 64 bytes for arrays). Regions are assembled and checksummed in memory by the
 * caller and written whole; nothing is forced to disk here, the caller publishes the finished
 * file ({@link DiskManager#publish}).
 */
final class AlignedFileWriter implements Closeable {
    static final int PAGE = 4096;
    static final int LINE = 64;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(PAGE).asReadOnlyBuffer();

    private final FileChannel channel;
    private long position;

    AlignedFileWriter(FileChannel channel) throws IOException {
        this.channel = channel;
        this.position = channel.position();
    }

    /** The file offset the next byte will be written at. */
    long position() {
        return position;
    }

    /** Zero bytes up to the next multiple of {@code alignment} (a power of two, at most 4096). */
    void alignTo(int alignment) throws IOException {
        long target = (position + alignment - 1) & -(long) alignment;
        int pad = (int) (target - position);
        if (pad > 0) {
            write(ZEROS.duplicate().limit(pad));
        }
    }

    /** Writes the remaining bytes of {@code region}; returns the offset it starts at. */
    long write(ByteBuffer region) throws IOException {
        long start = position;
        while (region.hasRemaining()) {
            position += channel.write(region);
        }
        return start;
    }

    @Override
    public void close() {
        // The channel belongs to the caller.
    }
}
