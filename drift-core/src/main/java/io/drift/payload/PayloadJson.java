package io.drift.payload;

/**
 * Writes a document as compact JSON (RFC 8259) as {@link PayloadReader} reports it: strings
 * escaped, integers as they are, floats as the shortest decimal that reads back as the same double,
 * always with a fraction or an exponent ({@code 5.0}, {@code 1.0E21}) so that they stay floats.
 */
final class PayloadJson implements PayloadReader.Sink {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    /** Per open container: whether the next value or key is its first. */
    private final boolean[] first = new boolean[PayloadFormat.MAX_DEPTH + 1];
    private int depth;
    private boolean afterKey;

    /** The document {@code b[off..off+len)} as JSON. */
    static String toJson(byte[] b, int off, int len) {
        PayloadJson json = new PayloadJson();
        PayloadReader.read(b, off, len, json);
        return json.out.toString();
    }

    /** Appends {@code s} as a JSON string literal. */
    static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Separates a value from the one before it in the same container. */
    private void beforeValue() {
        if (afterKey) {
            afterKey = false;
        } else if (depth > 0) {
            if (!first[depth - 1]) {
                out.append(',');
            }
            first[depth - 1] = false;
        }
    }

    @Override
    public void nullValue() {
        beforeValue();
        out.append("null");
    }

    @Override
    public void bool(boolean v) {
        beforeValue();
        out.append(v);
    }

    @Override
    public void integer(long v) {
        beforeValue();
        out.append(v);
    }

    @Override
    public void floating(double v) {
        beforeValue();
        out.append(Double.toString(v));
    }

    @Override
    public void string(byte[] utf8, int off, int len) {
        beforeValue();
        appendString(out, Utf8.decode(utf8, off, len));
    }

    @Override
    public void startList(int count) {
        beforeValue();
        out.append('[');
        first[depth++] = true;
    }

    @Override
    public void endList() {
        depth--;
        out.append(']');
    }

    @Override
    public void startObject(int count) {
        beforeValue();
        out.append('{');
        first[depth++] = true;
    }

    @Override
    public void key(byte[] utf8, int off, int len) {
        beforeValue();
        appendString(out, Utf8.decode(utf8, off, len));
        out.append(':');
        afterKey = true;
    }

    @Override
    public void endObject() {
        depth--;
        out.append('}');
    }
}
