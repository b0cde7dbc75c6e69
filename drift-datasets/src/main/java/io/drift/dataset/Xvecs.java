package io.drift.dataset;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The TEXMEX {@code .fvecs}, {@code .bvecs} and {@code .ivecs} formats: each row is a
 * little-endian int32 dimension followed by that many float32, uint8 or int32 components. Every
 * row of a file must have the same positive dimension.
 */
final class Xvecs {
    /** The largest number of elements a Java array can hold on common JVMs. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Xvecs() {}

    /** The element type of a file, with its size in bytes. */
    enum Element {
        FLOAT32(4),
        UINT8(1),
        INT32(4);

        final int bytes;

        Element(int bytes) {
            this.bytes = bytes;
        }
    }

    /** Reads an {@code .fvecs} ({@link Element#FLOAT32}) or {@code .bvecs} ({@link Element#UINT8}) file. */
    static Vectors readVectors(Path p, Element element) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ChannelReader in = new ChannelReader(p, ch, ByteOrder.LITTLE_ENDIAN, null)) {
            long size = ch.size();
            if (size == 0) {
                throw new MalformedFileException(p, "the file is empty, so it holds no vectors and its dimension is unknown");
            }
            int dim = readDim(p, in, 0, 0);
            int capacity = capacityRows(p, size, dim, element);
            if ((long) capacity * dim > MAX_ARRAY) {
                throw new MalformedFileException(p, "too large: " + capacity + " rows x " + dim
                        + " dimensions exceed the " + MAX_ARRAY + " floats one array can hold");
            }
            float[] data = new float[capacity * dim];
            int rows = 0;
            while (true) {
                int row = rows;
                if (row >= capacity) {
                    // fewer bytes remain than a full row holds: a damaged last row
                    throw truncatedRow(p, row, in.position(), dim, element, size);
                }
                if (element == Element.FLOAT32) {
                    in.readFloats(data, row * dim, dim, () -> "row " + row);
                } else {
                    in.readUnsignedBytes(data, row * dim, dim, () -> "row " + row);
                }
                rows++;
                if (in.atEnd()) {
                    break;
                }
                readDim(p, in, rows, dim);
            }
            return new Vectors(dim, rows == capacity ? data : Arrays.copyOf(data, rows * dim));
        }
    }

    /** Reads an {@code .ivecs} file; an empty file gives no rows. */
    static int[][] readInts(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                ChannelReader in = new ChannelReader(p, ch, ByteOrder.LITTLE_ENDIAN, null)) {
            long size = ch.size();
            if (size == 0) {
                return new int[0][];
            }
            int dim = readDim(p, in, 0, 0);
            int capacity = capacityRows(p, size, dim, Element.INT32);
            int[][] out = new int[capacity][];
            int rows = 0;
            while (true) {
                int row = rows;
                if (row >= capacity) {
                    throw truncatedRow(p, row, in.position(), dim, Element.INT32, size);
                }
                out[row] = new int[dim];
                in.readInts(out[row], 0, dim, () -> "row " + row);
                rows++;
                if (in.atEnd()) {
                    break;
                }
                readDim(p, in, rows, dim);
            }
            return rows == capacity ? out : Arrays.copyOf(out, rows);
        }
    }

    /**
     * Reads the dimension header of {@code row}; {@code expected} is the file's dimension, or 0
     * for the first row.
     */
    private static int readDim(Path p, ChannelReader in, int row, int expected) throws IOException {
        long offset = in.position();
        int dim = in.readInt(() -> "dimension header of row " + row);
        if (dim <= 0) {
            throw new MalformedFileException(p, "row " + row + " declares dimension " + dim
                    + " at byte offset " + offset + "; a dimension must be positive");
        }
        if (expected != 0 && dim != expected) {
            throw new MalformedFileException(p, "dimension changes mid-file: row " + row + " at byte offset "
                    + offset + " declares dimension " + dim + " but row 0 declares " + expected);
        }
        return dim;
    }

    /** How many rows of {@code dim} elements the file could hold, at most; fails if not one. */
    private static int capacityRows(Path p, long size, int dim, Element element) throws MalformedFileException {
        long rowBytes = Integer.BYTES + (long) dim * element.bytes;
        long rows = size / rowBytes;
        if (rows == 0) {
            throw truncatedRow(p, 0, Integer.BYTES, dim, element, size);
        }
        if (rows > MAX_ARRAY) {
            throw new MalformedFileException(p, "too large: " + rows + " rows exceed the " + MAX_ARRAY
                    + " one array can hold");
        }
        return (int) rows;
    }

    private static MalformedFileException truncatedRow(
            Path p, int row, long offset, int dim, Element element, long size) {
        long need = (long) dim * element.bytes;
        return new MalformedFileException(p, "truncated row " + row + " at byte offset " + offset + ": its "
                + dim + " components need " + need + " bytes but the file ends after " + Math.max(0, size - offset));
    }

    /** Writes {@code v} as {@code .fvecs}. */
    static void writeVectors(Path p, Vectors v) throws IOException {
        try (ChannelWriter out = new ChannelWriter(open(p), ByteOrder.LITTLE_ENDIAN, null)) {
            float[] data = v.data();
            int dim = v.dim();
            for (int row = 0; row < v.size(); row++) {
                out.writeInt(dim);
                out.writeFloats(data, row * dim, dim);
            }
        }
    }

    /** Writes {@code rows} as {@code .ivecs}; every row must have the same positive length. */
    static void writeInts(Path p, int[][] rows) throws IOException {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null || rows[i].length == 0) {
                throw new IllegalArgumentException("cannot write " + p + ": row " + i
                        + (rows[i] == null ? " is null" : " is empty") + "; .ivecs rows need a positive length");
            }
            if (rows[i].length != rows[0].length) {
                throw new IllegalArgumentException("cannot write " + p + ": row " + i + " has " + rows[i].length
                        + " components but row 0 has " + rows[0].length + "; all rows need the same length");
            }
        }
        try (ChannelWriter out = new ChannelWriter(open(p), ByteOrder.LITTLE_ENDIAN, null)) {
            for (int[] row : rows) {
                out.writeInt(row.length);
                out.writeInts(row, 0, row.length);
            }
        }
    }

    static FileChannel open(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
