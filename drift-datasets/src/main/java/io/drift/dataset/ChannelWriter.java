package io.drift.dataset;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.zip.Checksum;

/**
 * Buffered writing of fixed-width numbers to a channel in one byte order, optionally feeding every
 * written byte to a {@link Checksum}. {@link #close()} flushes and closes the channel.
 */
final class ChannelWriter implements Closeable {
    private static final int BUFFER_BYTES = 1 << 20;

    private final WritableByteChannel channel;
    private final ByteBuffer buffer;
    private final Checksum checksum;

    /** Writes to {@code channel} in {@code order}; {@code checksum} may be null. */
    ChannelWriter(WritableByteChannel channel, ByteOrder order, Checksum checksum) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(BUFFER_BYTES).order(order);
        this.checksum = checksum;
    }

    void writeInt(int value) throws IOException {
        ensure(Integer.BYTES);
        buffer.putInt(value);
    }

    void writeLong(long value) throws IOException {
        ensure(Long.BYTES);
        buffer.putLong(value);
    }

    void writeBytes(byte[] src, int off, int n) throws IOException {
        while (n > 0) {
            ensure(1);
            int chunk = Math.min(n, buffer.remaining());
            buffer.put(src, off, chunk);
            off += chunk;
            n -= chunk;
        }
    }

    void writeFloats(float[] src, int off, int n) throws IOException {
        while (n > 0) {
            ensure(Float.BYTES);
            int chunk = Math.min(n, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(src, off, chunk);
            buffer.position(buffer.position() + chunk * Float.BYTES);
            off += chunk;
            n -= chunk;
        }
    }

    void writeInts(int[] src, int off, int n) throws IOException {
        while (n > 0) {
            ensure(Integer.BYTES);
            int chunk = Math.min(n, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().put(src, off, chunk);
            buffer.position(buffer.position() + chunk * Integer.BYTES);
            off += chunk;
            n -= chunk;
        }
    }

    /** Writes out everything buffered so far. */
    void flush() throws IOException {
        buffer.flip();
        if (checksum != null) {
            checksum.update(buffer.duplicate());
        }
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void ensure(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            flush();
        }
    }
}
