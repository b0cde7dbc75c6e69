package io.drift.payload;

import java.util.Arrays;

/**
 * A growing byte array that payload encodings are written into, with the one operation the
 * format needs beyond appending: putting a container's byte length in front of its content once
 * the content is written.
 */
final class PayloadBuffer {
    private byte[] bytes;
    private int size;

    PayloadBuffer(int capacity) {
        bytes = new byte[Math.max(capacity, 16)];
    }

    /** Bytes written so far. */
    int size() {
        return size;
    }

    /** The bytes written, as an array of their exact size. */
    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Appends {@code v} as an unsigned LEB128 varint. */
    void writeVarint(long v) {
        ensure(PayloadFormat.MAX_LONG_VARINT);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
    }

    /** Appends the 8 bytes of {@code v}, least significant first. */
    void writeLongLE(long v) {
        ensure(Long.BYTES);
        for (int i = 0; i < Long.BYTES; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    /**
     * Inserts at {@code start} the varint of the number of bytes written since {@code start},
     * moving those bytes up to make room.
     */
    void insertLength(int start) {
        int length = size - start;
        int n = PayloadFormat.varintSize(length);
        ensure(n);
        System.arraycopy(bytes, start, bytes, start + n, length);
        int end = size + n;
        size = start;
        writeVarint(length);
        size = end;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long want = Math.max((long) bytes.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("payload too large");
            }
            bytes = Arrays.copyOf(bytes, (int) want);
        }
    }
}
