package io.drift.payload;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Encodes a document of Java values, checking each one on the way: what is not a payload value
 * fails with an {@link IllegalArgumentException} naming its path from the root, as in
 * {@code payload.tags[2]: NaN is not a valid payload number}.
 */
final class PayloadWriter {
    private final PayloadBuffer out = new PayloadBuffer(64);
    /** Per level below the root: the key of the value being written, or null in a list. */
    private final String[] pathKeys = new String[PayloadFormat.MAX_DEPTH + 1];
    /** Per level below the root: the index of the value being written in its list. */
    private final int[] pathIndexes = new int[PayloadFormat.MAX_DEPTH + 1];
    private int pathLength;

    private PayloadWriter() {}

    /** The encoding of {@code doc}. */
    static byte[] encode(Map<?, ?> doc) {
        PayloadWriter w = new PayloadWriter();
        w.writeObject(doc, 1);
        return w.out.toArray();
    }

    private void writeValue(Object v, int depth) {
        switch (v) {
            case null -> out.write(PayloadFormat.NULL);
            case Boolean b -> out.write(b ? PayloadFormat.TRUE : PayloadFormat.FALSE);
            case Long l -> writeInteger(l);
            case Integer i -> writeInteger(i);
            case Short s -> writeInteger(s);
            case Byte b -> writeInteger(b);
            case Double d -> writeFloat(d);
            case Float f -> writeFloat(f.doubleValue());
            case String s -> writeString(s);
            case List<?> list -> writeList(list, depth + 1);
            case Map<?, ?> map -> writeObject(map, depth + 1);
            default -> throw fail("unsupported type " + v.getClass().getName());
        }
    }

    private void writeInteger(long v) {
        out.write(PayloadFormat.INTEGER);
        out.writeVarint(PayloadFormat.zigzag(v));
    }

    private void writeFloat(double v) {
        if (!Double.isFinite(v)) {
            throw fail(v + " is not a valid payload number");
        }
        out.write(PayloadFormat.FLOAT);
        out.writeLongLE(Double.doubleToRawLongBits(v));
    }

    private void writeString(String s) {
        int bad = Utf8.unpairedSurrogate(s);
        if (bad >= 0) {
            throw fail("string has an unpaired surrogate at index " + bad);
        }
        byte[] utf8 = Utf8.encode(s);
        out.write(PayloadFormat.STRING);
        out.writeVarint(utf8.length);
        out.write(utf8, 0, utf8.length);
    }

    private void writeList(List<?> list, int depth) {
        checkDepth(depth);
        Object[] items = list.toArray();
        out.write(PayloadFormat.LIST);
        int start = out.size();
        out.writeVarint(items.length);
        for (int i = 0; i < items.length; i++) {
            pathKeys[pathLength] = null;
            pathIndexes[pathLength++] = i;
            writeValue(items[i], depth);
            pathLength--;
        }
        out.insertLength(start);
    }

    /** An object entry: its key as given and as UTF-8, and its value. */
    private record Entry(String key, byte[] utf8, Object value) {}

    private void writeObject(Map<?, ?> map, int depth) {
        checkDepth(depth);
        Entry[] entries = sortedEntries(map);
        out.write(PayloadFormat.OBJECT);
        int start = out.size();
        out.writeVarint(entries.length);
        for (Entry e : entries) {
            out.writeVarint(e.utf8.length);
            out.write(e.utf8, 0, e.utf8.length);
            pathKeys[pathLength++] = e.key;
            writeValue(e.value, depth);
            pathLength--;
        }
        out.insertLength(start);
    }

    /** The entries of {@code map} with their keys checked, in the order of their UTF-8 bytes. */
    private Entry[] sortedEntries(Map<?, ?> map) {
        Entry[] entries = new Entry[map.size()];
        int n = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                Object k = e.getKey();
                throw fail("key " + (k == null ? "null" : k + " of type " + k.getClass().getName())
                        + " is not a string");
            }
            int bad = Utf8.unpairedSurrogate(key);
            if (bad >= 0) {
                throw fail("key " + quoted(key) + " has an unpaired surrogate at index " + bad);
            }
            if (n == entries.length) {
                entries = Arrays.copyOf(entries, n * 2 + 1);
            }
            entries[n++] = new Entry(key, Utf8.encode(key), e.getValue());
        }
        entries = Arrays.copyOf(entries, n);
        Arrays.sort(entries, (a, b) -> Arrays.compareUnsigned(a.utf8, b.utf8));
        for (int i = 1; i < n; i++) {
            if (Arrays.equals(entries[i - 1].utf8, entries[i].utf8)) {
                throw fail("key " + quoted(entries[i].key) + " appears twice");
            }
        }
        return entries;
    }

    private void checkDepth(int depth) {
        if (depth > PayloadFormat.MAX_DEPTH) {
            throw fail("nesting deeper than " + PayloadFormat.MAX_DEPTH + " objects and lists");
        }
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException(path() + ": " + what);
    }

    /** The path of the value being written, as {@code payload.meta.tags[2]} or {@code payload["a b"]}. */
    private String path() {
        StringBuilder s = new StringBuilder("payload");
        for (int i = 0; i < pathLength; i++) {
            String key = pathKeys[i];
            if (key == null) {
                s.append('[').append(pathIndexes[i]).append(']');
            } else if (isPlainName(key)) {
                s.append('.').append(key);
            } else {
                s.append('[').append(quoted(key)).append(']');
            }
        }
        return s.toString();
    }

    /** Whether {@code key} reads well after a dot: letters, digits, '_' and '-', not starting with a digit or '-'. */
    private static boolean isPlainName(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = Character.isLetter(c) || c == '_' || (i > 0 && (Character.isDigit(c) || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} as a JSON string literal, with unpaired surrogates written as escapes. */
    private static String quoted(String s) {
        StringBuilder out = new StringBuilder();
        PayloadJson.appendString(out, s);
        int bad;
        while ((bad = Utf8.unpairedSurrogate(out.toString())) >= 0) {
            out.replace(bad, bad + 1, String.format("\\u%04x", (int) out.charAt(bad)));
        }
        return out.toString();
    }
}
