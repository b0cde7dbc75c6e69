package io.drift.cli;

import io.drift.dataset.IdxFiles;
import io.drift.dataset.VectorFiles;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the vector files the command line accepts: {@code .fvecs}, {@code .bvecs}, {@code .npy}
 * (float32), IDX images (Fashion-MNIST, plain or gzip) and CSV. The format comes from the file
 * name unless given.
 */
final class VectorInput {

    /** Formats by name, for {@code --format}. */
    static final String FORMATS = "auto, fvecs, bvecs, npy, idx, csv";

    private VectorInput() {}

    /** Rows read from a file: their ids ({@code null} unless the file has them) and vectors. */
    record Rows(long[] ids, Vectors vectors) {}

    /**
     * The rows of {@code file}; ids only from a CSV file with {@code idColumn}.
     *
     * @throws IllegalArgumentException for an unknown format, or an id column outside CSV
     */
    static Rows read(Path file, String format, boolean idColumn) throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("auto")) {
            String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
            f = name.endsWith(".csv") ? "csv" : "auto";
        }
        if (idColumn && !f.equals("csv")) {
            throw new IllegalArgumentException("an id column exists only in CSV files");
        }
        Vectors v = switch (f) {
            case "csv" -> null;
            case "auto" -> VectorFiles.read(file);
            case "fvecs" -> VectorFiles.readFvecs(file);
            case "bvecs" -> VectorFiles.readBvecs(file);
            case "npy" -> VectorFiles.readNpy(file);
            case "idx" -> IdxFiles.readImages(file);
            default -> throw new IllegalArgumentException("unknown format '" + format + "'; known: " + FORMATS);
        };
        return v == null ? CsvVectors.read(file, idColumn) : new Rows(null, v);
    }
}
