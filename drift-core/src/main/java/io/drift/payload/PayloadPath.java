package io.drift.payload;

import java.util.Arrays;

/**
 * Reads the values at a path of an encoded document without decoding it: the filters' access to
 * payloads. A path is a field name split on '.', as {@code {"meta", "color"}} for
 * {@code meta.color}; it walks objects by key, and every list met on the way or at the end has its
 * elements walked in order, so lists of objects and lists of lists are flattened: {@code items.sku}
 * over {@code {"items": [{"sku": "a"}, {"sku": "b"}]}} visits "a", then "b". A missing key, a
 * scalar where the path goes on, and an empty list visit nothing; a path ending at an object
 * visits {@link ValueVisitor#object()} and not its content.
 *
 * <p>Keys are compared as UTF-8 bytes against the path's, and since they are sorted an object's
 * entries are read only up to the key sought; values off the path are skipped by their lengths.
 * The walk checks bounds, not the whole format: bytes that are not a document may end in an
 * {@link IllegalArgumentException}, never in an index out of bounds.
 */
public final class PayloadPath {
    private PayloadPath() {}

    /** What a walk finds at the end of a path, one call per value. */
    public interface ValueVisitor {
        void nullValue();

        void bool(boolean v);

        void integer(long v);

        void floating(double v);

        /** A string, as the UTF-8 bytes {@code utf8[off..off+len)} of the document itself. */
        void string(byte[] utf8, int off, int len);

        /** The path ends at an object. */
        void object();
    }

    /** The path of a field name: its parts between dots, as UTF-8. */
    public static byte[][] parse(String field) {
        return utf8(field.split("\\.", -1));
    }

    /** The parts of a path as UTF-8. */
    public static byte[][] utf8(String[] path) {
        byte[][] out = new byte[path.length][];
        for (int i = 0; i < path.length; i++) {
            out[i] = Utf8.encode(path[i]);
        }
        return out;
    }

    /** Visits the values at {@code path} in the document {@code doc[off..off+len)}; none when {@code len} is 0. */
    public static void forEach(byte[] doc, int off, int len, String[] path, ValueVisitor v) {
        forEach(doc, off, len, utf8(path), v);
    }

    /** Visits the values at {@code path}, given as UTF-8, in the document {@code doc[off..off+len)}. */
    public static void forEach(byte[] doc, int off, int len, byte[][] path, ValueVisitor v) {
        if (len == 0) {
            return;
        }
        PayloadInput in = new PayloadInput(doc, off, len);
        visit(in, in.end(), path, 0, 1, v);
    }

    /** Visits what {@code path[step..]} reaches from the value at the read position, then moves past it. */
    private static void visit(PayloadInput in, int limit, byte[][] path, int step, int depth, ValueVisitor v) {
        boolean atEnd = step == path.length;
        int at = in.pos;
        int tag = in.readTag(limit);
        switch (tag) {
            case PayloadFormat.NULL, PayloadFormat.FALSE, PayloadFormat.TRUE -> {
                if (atEnd) {
                    if (tag == PayloadFormat.NULL) {
                        v.nullValue();
                    } else {
                        v.bool(tag == PayloadFormat.TRUE);
                    }
                }
            }
            case PayloadFormat.INTEGER -> {
                long z = in.readLong(limit);
                if (atEnd) {
                    v.integer(PayloadFormat.unzigzag(z));
                }
            }
            case PayloadFormat.FLOAT -> {
                long bits = in.readLongLE(limit);
                if (atEnd) {
                    v.floating(Double.longBitsToDouble(bits));
                }
            }
            case PayloadFormat.STRING -> {
                int n = in.readLength(limit, "string length");
                if (atEnd) {
                    v.string(in.bytes, in.pos, n);
                }
                in.pos += n;
            }
            case PayloadFormat.LIST -> visitList(in, limit, path, step, depth, v, at);
            case PayloadFormat.OBJECT -> visitObject(in, limit, path, step, depth, v, at);
            default -> throw in.malformed("bad tag " + tag, at);
        }
    }

    private static void visitList(
            PayloadInput in, int limit, byte[][] path, int step, int depth, ValueVisitor v, int at) {
        checkDepth(in, depth, at);
        int end = in.readLength(limit, "list length");
        end += in.pos;
        int count = in.readLength(end, "list count");
        for (int i = 0; i < count; i++) {
            visit(in, end, path, step, depth + 1, v);
        }
        in.pos = end;
    }

    private static void visitObject(
            PayloadInput in, int limit, byte[][] path, int step, int depth, ValueVisitor v, int at) {
        checkDepth(in, depth, at);
        int end = in.readLength(limit, "object length");
        end += in.pos;
        if (step == path.length) {
            v.object();
            in.pos = end;
            return;
        }
        byte[] want = path[step];
        int count = in.readLength(end, "object count");
        for (int i = 0; i < count; i++) {
            int n = in.readLength(end, "key length");
            int c = Arrays.compareUnsigned(in.bytes, in.pos, in.pos + n, want, 0, want.length);
            in.pos += n;
            if (c == 0) {
                visit(in, end, path, step + 1, depth + 1, v);
                break;
            } else if (c > 0) {
                break;
            }
            in.skipValue(end);
        }
        in.pos = end;
    }

    private static void checkDepth(PayloadInput in, int depth, int at) {
        if (depth > PayloadFormat.MAX_DEPTH) {
            throw in.malformed("nesting deeper than " + PayloadFormat.MAX_DEPTH, at);
        }
    }
}
