package io.drift.payload;

/**
 * The constants of the payload encoding: the value tags, the nesting limit and the empty
 * document. {@link PayloadCodec} describes the format itself.
 */
final class PayloadFormat {
    private PayloadFormat() {}

    static final int NULL = 0x00;
    static final int FALSE = 0x01;
    static final int TRUE = 0x02;
    static final int INTEGER = 0x03;
    static final int FLOAT = 0x04;
    static final int STRING = 0x05;
    static final int LIST = 0x06;
    static final int OBJECT = 0x07;

    /** Objects and lists nested in one another at most, the document itself included. */
    static final int MAX_DEPTH = 32;

    /** Bytes of a varint holding a length or a count, at most. */
    static final int MAX_LENGTH_VARINT = 5;

    /** Bytes of a varint holding a 64-bit integer, at most. */
    static final int MAX_LONG_VARINT = 10;

    /** The document without fields: an object of 1 byte holding the count 0. */
    private static final byte[] EMPTY = {OBJECT, 1, 0};

    /** A fresh copy of the empty document. */
    static byte[] empty() {
        return EMPTY.clone();
    }

    /** Whether {@code doc} is the empty document's bytes. */
    static boolean isEmptyDocument(byte[] doc) {
        return doc.length == EMPTY.length && doc[0] == EMPTY[0] && doc[1] == EMPTY[1] && doc[2] == EMPTY[2];
    }

    /** Bytes of the unsigned varint of {@code v}. */
    static int varintSize(long v) {
        return v == 0 ? 1 : (Long.SIZE - Long.numberOfLeadingZeros(v) + 6) / 7;
    }

    /** The zigzag mapping of a signed integer onto an unsigned one: small magnitudes stay small. */
    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** The inverse of {@link #zigzag}. */
    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
