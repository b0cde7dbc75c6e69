package io.drift.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.zip.Checksum;

/**
 * Buffered reading of fixed-width numbers from a channel in one byte order. Every read names what
 * it reads (for example {@code "row 17"}) so that a file ending early produces a message saying
 * which file, which record and at which byte offset. Optionally feeds every consumed byte to a
 * {@link Checksum}.
 */
final class ChannelReader implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path file;
    private final ReadableByteChannel channel;
    private final ByteBuffer buffer;
    private final Checksum checksum;
    private long position;
    private boolean eof;

    /**
     * Reads {@code channel}, which holds the content of {@code file} (possibly decompressed), in
     * {@code order}; {@code checksum} may be null.
     */
    ChannelReader(Path file, ReadableByteChannel channel, ByteOrder order, Checksum checksum) {
        this.file = file;
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(BUFFER_BYTES).order(order);
        this.buffer.limit(0);
        this.checksum = checksum;
    }

    /** Bytes consumed so far, i.e. the offset of the next byte in the (decompressed) content. */
    long position() {
        return position;
    }

    /** Whether every byte of the content has been consumed. */
    boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /** Skips the rest of the content and returns how many bytes were left. */
    long drain() throws IOException {
        long skipped = 0;
        while (fill(1) > 0) {
            int n = buffer.remaining();
            consume(n);
            skipped += n;
        }
        return skipped;
    }

    int readInt(Supplier<String> what) throws IOException {
        require(Integer.BYTES, what);
        int value = buffer.getInt(buffer.position());
        consume(Integer.BYTES);
        return value;
    }

    long readLong(Supplier<String> what) throws IOException {
        require(Long.BYTES, what);
        long value = buffer.getLong(buffer.position());
        consume(Long.BYTES);
        return value;
    }

    /** Reads {@code n} raw bytes into {@code dst}. */
    void readBytes(byte[] dst, int off, int n, Supplier<String> what) throws IOException {
        long start = position;
        long total = n;
        while (n > 0) {
            int chunk = buffered(Math.min(n, BUFFER_BYTES), start, total, what);
            buffer.get(buffer.position(), dst, off, chunk);
            consume(chunk);
            off += chunk;
            n -= chunk;
        }
    }

    void readFloats(float[] dst, int off, int n, Supplier<String> what) throws IOException {
        readWords(Float.BYTES, off, n, (slice, at, count) -> slice.asFloatBuffer().get(dst, at, count), what);
    }

    void readInts(int[] dst, int off, int n, Supplier<String> what) throws IOException {
        readWords(Integer.BYTES, off, n, (slice, at, count) -> slice.asIntBuffer().get(dst, at, count), what);
    }

    /** Copies {@code count} words of a buffered slice (in the reader's byte order) to {@code at}. */
    @FunctionalInterface
    private interface WordCopy {
        void copy(ByteBuffer slice, int at, int count);
    }

    /** Reads {@code n} words of {@code width} bytes, a buffer's worth at a time, through {@code copy}. */
    private void readWords(int width, int off, int n, WordCopy copy, Supplier<String> what) throws IOException {
        long start = position;
        long total = (long) n * width;
        while (n > 0) {
            int chunk = buffered(Math.min(n, BUFFER_BYTES / width) * width, start, total, what) / width;
            copy.copy(buffer.slice(buffer.position(), chunk * width).order(buffer.order()), off, chunk);
            consume(chunk * width);
            off += chunk;
            n -= chunk;
        }
    }

    /** Reads {@code n} unsigned bytes, widening each to a float in {@code [0, 255]}. */
    void readUnsignedBytes(float[] dst, int off, int n, Supplier<String> what) throws IOException {
        long start = position;
        long total = n;
        while (n > 0) {
            int chunk = buffered(Math.min(n, BUFFER_BYTES), start, total, what);
            int p = buffer.position();
            for (int i = 0; i < chunk; i++) {
                dst[off + i] = buffer.get(p + i) & 0xFF;
            }
            consume(chunk);
            off += chunk;
            n -= chunk;
        }
    }

    /** Reads {@code n} unsigned bytes, widening each to an int in {@code [0, 255]}. */
    void readUnsignedBytes(int[] dst, int off, int n, Supplier<String> what) throws IOException {
        long start = position;
        long total = n;
        while (n > 0) {
            int chunk = buffered(Math.min(n, BUFFER_BYTES), start, total, what);
            int p = buffer.position();
            for (int i = 0; i < chunk; i++) {
                dst[off + i] = buffer.get(p + i) & 0xFF;
            }
            consume(chunk);
            off += chunk;
            n -= chunk;
        }
    }

    /** Ensures {@code n <= BUFFER_BYTES} bytes are buffered or fails naming {@code what}. */
    private void require(int n, Supplier<String> what) throws IOException {
        buffered(n, position, n, what);
    }

    /**
     * Buffers {@code wanted <= BUFFER_BYTES} bytes and returns {@code wanted}; fails if the content
     * ends first. {@code start} and {@code total} describe the whole record being read, for the
     * message.
     */
    private int buffered(int wanted, long start, long total, Supplier<String> what) throws IOException {
        int got = fill(wanted);
        if (got < wanted) {
            throw truncated(start, total, what);
        }
        return got;
    }

    private MalformedFileException truncated(long start, long total, Supplier<String> what) {
        long present = position - start + buffer.remaining();
        return new MalformedFileException(file, "truncated " + what.get() + " at byte offset " + start
                + ": it needs " + total + " bytes but the file ends after " + present);
    }

    /** Tries to buffer {@code n} bytes; returns how many are buffered (fewer only at the end). */
    private int fill(int n) throws IOException {
        if (buffer.remaining() >= n || eof) {
            return Math.min(buffer.remaining(), n);
        }
        buffer.compact();
        try {
            while (buffer.position() < n) {
                if (channel.read(buffer) < 0) {
                    eof = true;
                    break;
                }
            }
        } finally {
            buffer.flip();
        }
        return Math.min(buffer.remaining(), n);
    }

    private void consume(int n) {
        if (checksum != null) {
            checksum.update(buffer.slice(buffer.position(), n));
        }
        buffer.position(buffer.position() + n);
        position += n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
