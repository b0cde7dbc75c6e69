package io.drift.payload;

import java.util.Arrays;
import java.util.Collection;

/**
 * Edits the top level of encoded documents without decoding their values: merging the fields of
 * one into another and removing fields by key. Both inputs are checked in full; values are copied
 * as bytes, and the result is canonical because the entries stay in key order.
 */
final class PayloadEdit {
    private PayloadEdit() {}

    /** The top-level entries of a document, as slices of its bytes. */
    private record Entries(byte[] doc, int count, int[] keyOff, int[] keyLen, int[] valueOff, int[] valueEnd) {
        int compareKeys(int i, Entries other, int j) {
            return Arrays.compareUnsigned(doc, keyOff[i], keyOff[i] + keyLen[i],
                    other.doc, other.keyOff[j], other.keyOff[j] + other.keyLen[j]);
        }
    }

    /** The entries of {@code doc}; none when it is null or has no bytes. */
    private static Entries entries(byte[] doc) {
        if (doc == null || doc.length == 0) {
            return new Entries(new byte[0], 0, null, null, null, null);
        }
        PayloadReader.check(doc, 0, doc.length);
        PayloadInput in = new PayloadInput(doc, 0, doc.length);
        in.readTag(in.end());
        int end = in.readLength(in.end(), "object length") + in.pos;
        int count = in.readLength(end, "object count");
        int[] keyOff = new int[count];
        int[] keyLen = new int[count];
        int[] valueOff = new int[count];
        int[] valueEnd = new int[count];
        for (int i = 0; i < count; i++) {
            keyLen[i] = in.readLength(end, "key length");
            keyOff[i] = in.pos;
            in.pos += keyLen[i];
            valueOff[i] = in.pos;
            in.skipValue(end);
            valueEnd[i] = in.pos;
        }
        return new Entries(doc, count, keyOff, keyLen, valueOff, valueEnd);
    }

    /** {@code base} with the top-level fields of {@code patch} replacing or added to its own. */
    static byte[] merge(byte[] base, byte[] patch) {
        Entries b = entries(base);
        Entries p = entries(patch);
        Entries[] from = new Entries[b.count + p.count];
        int[] index = new int[from.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < b.count || j < p.count) {
            int c = i == b.count ? 1 : j == p.count ? -1 : b.compareKeys(i, p, j);
            if (c < 0) {
                from[n] = b;
                index[n++] = i++;
            } else {
                from[n] = p;
                index[n++] = j++;
                if (c == 0) {
                    i++;
                }
            }
        }
        return write(from, index, n);
    }

    /** {@code base} without the top-level fields named by {@code keys}; keys it lacks are ignored. */
    static byte[] removeKeys(byte[] base, Collection<String> keys) {
        byte[][] remove = new byte[keys.size()][];
        int r = 0;
        for (String key : keys) {
            if (key == null) {
                throw new IllegalArgumentException("payload key to remove is null");
            }
            if (Utf8.unpairedSurrogate(key) < 0) { // a key no document can hold is absent
                remove[r++] = Utf8.encode(key);
            }
        }
        remove = Arrays.copyOf(remove, r);
        Arrays.sort(remove, Arrays::compareUnsigned);
        Entries b = entries(base);
        Entries[] from = new Entries[b.count];
        int[] index = new int[b.count];
        int n = 0;
        for (int i = 0; i < b.count; i++) {
            if (!contains(remove, b.doc, b.keyOff[i], b.keyLen[i])) {
                from[n] = b;
                index[n++] = i;
            }
        }
        return write(from, index, n);
    }

    private static boolean contains(byte[][] sorted, byte[] key, int off, int len) {
        int lo = 0;
        int hi = sorted.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(sorted[mid], 0, sorted[mid].length, key, off, off + len);
            if (c == 0) {
                return true;
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    /** The document of the {@code n} entries {@code from[k].index[k]}, in that order. */
    private static byte[] write(Entries[] from, int[] index, int n) {
        PayloadBuffer out = new PayloadBuffer(64);
        out.write(PayloadFormat.OBJECT);
        int start = out.size();
        out.writeVarint(n);
        for (int k = 0; k < n; k++) {
            Entries e = from[k];
            int i = index[k];
            out.writeVarint(e.keyLen[i]);
            out.write(e.doc, e.keyOff[i], e.keyLen[i]);
            out.write(e.doc, e.valueOff[i], e.valueEnd[i] - e.valueOff[i]);
        }
        out.insertLength(start);
        return out.toArray();
    }
}
