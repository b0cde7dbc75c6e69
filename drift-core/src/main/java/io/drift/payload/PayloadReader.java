package io.drift.payload;

import java.util.Arrays;

/**
 * Walks an encoded document from its first byte to its last, checking every rule of the format
 * (tags, lengths, key order, UTF-8, finite floats, nesting), and reports its content in order to a
 * {@link Sink}. Malformed bytes end the walk with an {@link IllegalArgumentException}; the sink may
 * have seen the values before them.
 */
final class PayloadReader {
    private PayloadReader() {}

    /** What a walk reports, in document order. Strings and keys are UTF-8 slices of the input. */
    interface Sink {
        void nullValue();

        void bool(boolean v);

        void integer(long v);

        void floating(double v);

        void string(byte[] utf8, int off, int len);

        void startList(int count);

        void endList();

        void startObject(int count);

        /** The key of the object entry whose value comes next. */
        void key(byte[] utf8, int off, int len);

        void endObject();
    }

    /** A sink that ignores what it is told: walking into it only checks the document. */
    private static final Sink CHECK_ONLY = new Sink() {
        @Override
        public void nullValue() { }

        @Override
        public void bool(boolean v) { }

        @Override
        public void integer(long v) { }

        @Override
        public void floating(double v) { }

        @Override
        public void string(byte[] utf8, int off, int len) { }

        @Override
        public void startList(int count) { }

        @Override
        public void endList() { }

        @Override
        public void startObject(int count) { }

        @Override
        public void key(byte[] utf8, int off, int len) { }

        @Override
        public void endObject() { }
    };

    /** Checks that {@code b[off..off+len)} is a well-formed document. */
    static void check(byte[] b, int off, int len) {
        read(b, off, len, CHECK_ONLY);
    }

    /** Walks the document {@code b[off..off+len)}, which must be exactly one object. */
    static void read(byte[] b, int off, int len, Sink sink) {
        PayloadInput in = new PayloadInput(b, off, len);
        int at = in.pos;
        if (in.readTag(in.end()) != PayloadFormat.OBJECT) {
            throw in.malformed("document is not an object", at);
        }
        readObject(in, in.end(), 1, sink, at);
        if (in.pos != in.end()) {
            throw in.malformed("trailing bytes", in.pos);
        }
    }

    /** Walks the single value {@code b[off..off+len)}, one level below a document. */
    static void readValue(byte[] b, int off, int len, Sink sink) {
        PayloadInput in = new PayloadInput(b, off, len);
        readValue(in, in.end(), 1, sink);
        if (in.pos != in.end()) {
            throw in.malformed("trailing bytes", in.pos);
        }
    }

    private static void readValue(PayloadInput in, int limit, int depth, Sink sink) {
        int at = in.pos;
        int tag = in.readTag(limit);
        switch (tag) {
            case PayloadFormat.NULL -> sink.nullValue();
            case PayloadFormat.FALSE -> sink.bool(false);
            case PayloadFormat.TRUE -> sink.bool(true);
            case PayloadFormat.INTEGER -> sink.integer(PayloadFormat.unzigzag(in.readLong(limit)));
            case PayloadFormat.FLOAT -> {
                double d = Double.longBitsToDouble(in.readLongLE(limit));
                if (!Double.isFinite(d)) {
                    throw in.malformed("non-finite float", at);
                }
                sink.floating(d);
            }
            case PayloadFormat.STRING -> {
                int n = in.readLength(limit, "string length");
                checkUtf8(in, n);
                sink.string(in.bytes, in.pos, n);
                in.pos += n;
            }
            case PayloadFormat.LIST -> readList(in, limit, depth + 1, sink, at);
            case PayloadFormat.OBJECT -> readObject(in, limit, depth + 1, sink, at);
            default -> throw in.malformed("bad tag " + tag, at);
        }
    }

    private static void readList(PayloadInput in, int limit, int depth, Sink sink, int at) {
        checkDepth(in, depth, at);
        int end = in.readLength(limit, "list length");
        end += in.pos;
        int count = in.readLength(end, "list count");
        sink.startList(count);
        for (int i = 0; i < count; i++) {
            readValue(in, end, depth, sink);
        }
        if (in.pos != end) {
            throw in.malformed("list length does not match its values", in.pos);
        }
        sink.endList();
    }

    private static void readObject(PayloadInput in, int limit, int depth, Sink sink, int at) {
        checkDepth(in, depth, at);
        int end = in.readLength(limit, "object length");
        end += in.pos;
        int count = in.readLength(end, "object count");
        sink.startObject(count);
        int previous = -1;
        int previousLength = 0;
        for (int i = 0; i < count; i++) {
            int keyAt = in.pos;
            int n = in.readLength(end, "key length");
            checkUtf8(in, n);
            if (previous >= 0 && Arrays.compareUnsigned(
                    in.bytes, previous, previous + previousLength, in.bytes, in.pos, in.pos + n) >= 0) {
                throw in.malformed("key out of order or repeated", keyAt);
            }
            sink.key(in.bytes, in.pos, n);
            previous = in.pos;
            previousLength = n;
            in.pos += n;
            readValue(in, end, depth, sink);
        }
        if (in.pos != end) {
            throw in.malformed("object length does not match its entries", in.pos);
        }
        sink.endObject();
    }

    private static void checkDepth(PayloadInput in, int depth, int at) {
        if (depth > PayloadFormat.MAX_DEPTH) {
            throw in.malformed("nesting deeper than " + PayloadFormat.MAX_DEPTH, at);
        }
    }

    private static void checkUtf8(PayloadInput in, int n) {
        int bad = Utf8.firstInvalid(in.bytes, in.pos, n);
        if (bad >= 0) {
            throw in.malformed("invalid UTF-8", in.pos + bad);
        }
    }
}
