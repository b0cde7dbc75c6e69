package io.drift.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads and writes vector files in the formats benchmark datasets ship in:
 *
 * <ul>
 *   <li>{@code .fvecs}, {@code .bvecs}, {@code .ivecs} (TEXMEX): per row a little-endian int32
 *       dimension followed by that many float32, uint8 or int32 components; all rows of a file
 *       have the same positive dimension;
 *   <li>{@code .npy} (NumPy format 1.0, 2.0 and 3.0): a C-ordered little-endian float32 array of
 *       shape {@code (n, d)}, or {@code (d,)} for a single vector;
 *   <li>IDX image files (MNIST family), through {@link IdxFiles}.
 * </ul>
 *
 * <p>A file that does not follow its format fails with a {@link MalformedFileException} whose
 * message names the file and what is wrong (a truncated row and its byte offset, a bad magic
 * number, a dimension that changes mid-file, an unsupported dtype, ...). Writers replace an
 * existing file.
 */
public final class VectorFiles {
    private VectorFiles() {}

    /** Reads an {@code .fvecs} file: per row {@code [int32 dim][dim x float32]}. */
    public static Vectors readFvecs(Path p) throws IOException {
        return Xvecs.readVectors(Objects.requireNonNull(p, "path"), Xvecs.Element.FLOAT32);
    }

    /** Reads a {@code .bvecs} file: per row {@code [int32 dim][dim x uint8]}, widened to floats in {@code [0, 255]}. */
    public static Vectors readBvecs(Path p) throws IOException {
        return Xvecs.readVectors(Objects.requireNonNull(p, "path"), Xvecs.Element.UINT8);
    }

    /** Reads an {@code .ivecs} file: per row {@code [int32 dim][dim x int32]}; an empty file has no rows. */
    public static int[][] readIvecs(Path p) throws IOException {
        return Xvecs.readInts(Objects.requireNonNull(p, "path"));
    }

    /**
     * Reads a NumPy {@code .npy} file of dtype {@code '<f4'} and {@code fortran_order False}, shape
     * {@code (n, d)} for {@code n} vectors or {@code (d,)} for one.
     */
    public static Vectors readNpy(Path p) throws IOException {
        return Npy.read(Objects.requireNonNull(p, "path"));
    }

    /** Writes {@code v} as {@code .fvecs}. */
    public static void writeFvecs(Path p, Vectors v) throws IOException {
        Xvecs.writeVectors(Objects.requireNonNull(p, "path"), Objects.requireNonNull(v, "vectors"));
    }

    /**
     * Writes {@code rows} as {@code .ivecs}.
     *
     * @throws IllegalArgumentException if a row is null or empty, or rows differ in length
     */
    public static void writeIvecs(Path p, int[][] rows) throws IOException {
        Xvecs.writeInts(Objects.requireNonNull(p, "path"), Objects.requireNonNull(rows, "rows"));
    }

    /** Writes {@code v} as a version 1.0 {@code .npy} file of dtype {@code '<f4'} and shape {@code (n, d)}. */
    public static void writeNpy(Path p, Vectors v) throws IOException {
        Npy.write(Objects.requireNonNull(p, "path"), Objects.requireNonNull(v, "vectors"));
    }

    /**
     * Reads a file of vectors, choosing the format by the file name (case-insensitive):
     * {@code .fvecs}, {@code .bvecs}, {@code .npy}, or an IDX image file named
     * {@code *.idx3-ubyte} or {@code *-idx3-ubyte}, optionally followed by {@code .gz}.
     *
     * @throws IllegalArgumentException if the name matches none of these
     */
    public static Vectors read(Path p) throws IOException {
        Objects.requireNonNull(p, "path");
        Path fileName = p.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".fvecs")) {
            return readFvecs(p);
        }
        if (name.endsWith(".bvecs")) {
            return readBvecs(p);
        }
        if (name.endsWith(".npy")) {
            return readNpy(p);
        }
        String stem = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        if (stem.endsWith(".idx3-ubyte") || stem.endsWith("-idx3-ubyte")) {
            return IdxFiles.readImages(p);
        }
        if (name.endsWith(".ivecs")) {
            throw new IllegalArgumentException(p + ": an .ivecs file holds integer rows, not vectors; read it with readIvecs");
        }
        throw new IllegalArgumentException(p + ": cannot tell the vector format from the file name; expected"
                + " .fvecs, .bvecs, .npy or an IDX image file (.idx3-ubyte or -idx3-ubyte, optionally .gz)");
    }
}
