package io.drift.payload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Java values of a document as {@link PayloadReader} reports them: null, Boolean,
 * Long, Double, String, ArrayList and LinkedHashMap (keys in the encoded order).
 */
final class PayloadDecoder implements PayloadReader.Sink {
    /** The containers being filled, innermost last. */
    private final Object[] containers = new Object[PayloadFormat.MAX_DEPTH + 1];
    /** Per object being filled: the key of the value to come. */
    private final String[] keys = new String[PayloadFormat.MAX_DEPTH + 1];
    private int depth;
    private Object root;

    /** The document {@code b[off..off+len)} as a map. */
    static Map<String, Object> decode(byte[] b, int off, int len) {
        PayloadDecoder d = new PayloadDecoder();
        PayloadReader.read(b, off, len, d);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) d.root;
        return doc;
    }

    /** The single value {@code b[off..off+len)}. */
    static Object decodeValue(byte[] b, int off, int len) {
        PayloadDecoder d = new PayloadDecoder();
        PayloadReader.readValue(b, off, len, d);
        return d.root;
    }

    @SuppressWarnings("unchecked")
    private void add(Object v) {
        if (depth == 0) {
            root = v;
        } else if (containers[depth - 1] instanceof List<?> list) {
            ((List<Object>) list).add(v);
        } else {
            ((Map<String, Object>) containers[depth - 1]).put(keys[depth - 1], v);
        }
    }

    private void open(Object container) {
        add(container);
        containers[depth++] = container;
    }

    @Override
    public void nullValue() {
        add(null);
    }

    @Override
    public void bool(boolean v) {
        add(v);
    }

    @Override
    public void integer(long v) {
        add(v);
    }

    @Override
    public void floating(double v) {
        add(v);
    }

    @Override
    public void string(byte[] utf8, int off, int len) {
        add(Utf8.decode(utf8, off, len));
    }

    @Override
    public void startList(int count) {
        open(new ArrayList<>(count));
    }

    @Override
    public void endList() {
        containers[--depth] = null;
    }

    @Override
    public void startObject(int count) {
        open(LinkedHashMap.newLinkedHashMap(count));
    }

    @Override
    public void key(byte[] utf8, int off, int len) {
        keys[depth - 1] = Utf8.decode(utf8, off, len);
    }

    @Override
    public void endObject() {
        containers[--depth] = null;
    }
}
