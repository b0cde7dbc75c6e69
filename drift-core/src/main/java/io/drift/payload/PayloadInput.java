package io.drift.payload;

/**
 * A read position in an encoded document: reads its tags, varints and numbers with bounds checks,
 * so that malformed bytes end in an {@link IllegalArgumentException} naming them, never in an
 * index out of bounds. Error offsets count from the document's first byte.
 */
final class PayloadInput {
    final byte[] bytes;
    private final int start;
    private final int end;
    int pos;

    PayloadInput(byte[] bytes, int off, int len) {
        if (off < 0 || len < 0 || off > bytes.length - len) {
            throw new IllegalArgumentException(
                    "payload range [" + off + ", " + off + " + " + len + ") outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.start = off;
        this.end = off + len;
        this.pos = off;
    }

    /** The index just past the document. */
    int end() {
        return end;
    }

    /** The error for what is wrong at index {@code at}. */
    IllegalArgumentException malformed(String what, int at) {
        return new IllegalArgumentException("malformed payload: " + what + " at byte " + (at - start));
    }

    /** The next byte as a tag, 0..255. */
    int readTag(int limit) {
        if (pos >= limit) {
            throw malformed("missing value", pos);
        }
        return bytes[pos++] & 0xFF;
    }

    /**
     * A varint of at most 5 bytes holding a length or count that must not exceed the bytes left
     * before {@code limit}.
     */
    int readLength(int limit, String what) {
        int at = pos;
        long v = readVarint(limit, PayloadFormat.MAX_LENGTH_VARINT);
        if (v > limit - pos) {
            throw malformed(what + " " + v + " past the end", at);
        }
        return (int) v;
    }

    /** A varint of at most 10 bytes holding 64 bits. */
    long readLong(int limit) {
        return readVarint(limit, PayloadFormat.MAX_LONG_VARINT);
    }

    private long readVarint(int limit, int maxBytes) {
        int at = pos;
        long v = 0;
        for (int i = 0; ; i++) {
            if (i == maxBytes) {
                throw malformed("over-long varint", at);
            }
            if (pos >= limit) {
                throw malformed("truncated varint", at);
            }
            int b = bytes[pos++] & 0xFF;
            if (i == Long.SIZE / 7 && b > 1) {
                throw malformed("varint over 64 bits", at);
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                if (b == 0 && i > 0) {
                    throw malformed("over-long varint", at);
                }
                return v;
            }
        }
    }

    /** The next 8 bytes as a little-endian long. */
    long readLongLE(int limit) {
        if (limit - pos < Long.BYTES) {
            throw malformed("truncated float", pos);
        }
        long v = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            v |= (long) (bytes[pos + i] & 0xFF) << (8 * i);
        }
        pos += Long.BYTES;
        return v;
    }

    /** Moves past the value at the read position without looking inside lists or objects. */
    void skipValue(int limit) {
        int at = pos;
        int tag = readTag(limit);
        switch (tag) {
            case PayloadFormat.NULL, PayloadFormat.FALSE, PayloadFormat.TRUE -> { }
            case PayloadFormat.INTEGER -> readLong(limit);
            case PayloadFormat.FLOAT -> readLongLE(limit);
            case PayloadFormat.STRING -> skip(readLength(limit, "string length"));
            case PayloadFormat.LIST -> skip(readLength(limit, "list length"));
            case PayloadFormat.OBJECT -> skip(readLength(limit, "object length"));
            default -> throw malformed("bad tag " + tag, at);
        }
    }

    private void skip(int n) {
        pos += n;
    }
}
