package io.drift.payload;

import java.util.Arrays;

/**
 * A row's document: its string key, if it has one, and its payload, if it has one, in one array:
 * the varint key length (0 for no key), the key's UTF-8, then the payload's bytes to the end of the
 * array (none for no payload). A row with neither has no document: null, which every method here
 * takes as no key and no payload. The key's length limit is the engine's to check.
 */
public final class RowDoc {
    private RowDoc() {}

    /** The document of this key and payload, each null or empty for none; null when both are none. */
    public static byte[] of(byte[] keyUtf8, byte[] payload) {
        return of(keyUtf8, 0, length(keyUtf8), payload);
    }

    private static byte[] of(byte[] key, int keyOff, int keyLen, byte[] payload) {
        int payloadLen = length(payload);
        if (keyLen == 0 && payloadLen == 0) {
            return null;
        }
        int head = PayloadFormat.varintSize(keyLen);
        byte[] doc = new byte[head + keyLen + payloadLen];
        int pos = 0;
        int v = keyLen;
        while (v >= 0x80) {
            doc[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        doc[pos] = (byte) v;
        if (keyLen > 0) {
            System.arraycopy(key, keyOff, doc, head, keyLen);
        }
        if (payloadLen > 0) {
            System.arraycopy(payload, 0, doc, head + keyLen, payloadLen);
        }
        return doc;
    }

    /** A copy of the key's UTF-8, or null when there is none. */
    public static byte[] key(byte[] doc) {
        long h = header(doc);
        return keyLength(h) == 0 ? null : Arrays.copyOfRange(doc, keyOffset(h), keyOffset(h) + keyLength(h));
    }

    /** The key, or null when there is none. */
    public static String keyString(byte[] doc) {
        long h = header(doc);
        return keyLength(h) == 0 ? null : Utf8.decode(doc, keyOffset(h), keyLength(h));
    }

    /** Where the payload starts in {@code doc}: just past the key; 0 for no document. */
    public static int payloadOffset(byte[] doc) {
        long h = header(doc);
        return keyOffset(h) + keyLength(h);
    }

    /** The payload's byte length in {@code doc}, 0 when there is none. */
    public static int payloadLength(byte[] doc) {
        return length(doc) - payloadOffset(doc);
    }

    /** A copy of the payload's bytes, or null when there is none. */
    public static byte[] payload(byte[] doc) {
        int off = payloadOffset(doc);
        return off == length(doc) ? null : Arrays.copyOfRange(doc, off, doc.length);
    }

    /** Whether {@code doc}'s key is {@code keyUtf8}; a null or empty {@code keyUtf8} matches no key. */
    public static boolean keyEquals(byte[] doc, byte[] keyUtf8) {
        long h = header(doc);
        int len = keyLength(h);
        int off = keyOffset(h);
        return len == length(keyUtf8) && (len == 0 || Arrays.equals(doc, off, off + len, keyUtf8, 0, len));
    }

    /** A document of {@code doc}'s key and this payload (null or empty for none); null when neither is left. */
    public static byte[] withPayload(byte[] doc, byte[] payload) {
        long h = header(doc);
        return of(doc, keyOffset(h), keyLength(h), payload);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** The key's offset in the high half and its length in the low half; 0 for no document. */
    private static long header(byte[] doc) {
        if (doc == null) {
            return 0;
        }
        long v = 0;
        int pos = 0;
        for (int i = 0; ; i++) {
            if (i == PayloadFormat.MAX_LENGTH_VARINT || pos >= doc.length) {
                throw new IllegalArgumentException("row document: bad key length");
            }
            int b = doc[pos++] & 0xFF;
            v |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                break;
            }
        }
        if (v > doc.length - pos) {
            throw new IllegalArgumentException(
                    "row document: key length " + v + " past the end of " + doc.length + " bytes");
        }
        return (long) pos << 32 | v;
    }

    private static int keyOffset(long header) {
        return (int) (header >>> 32);
    }

    private static int keyLength(long header) {
        return (int) header;
    }
}
