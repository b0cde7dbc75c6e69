package io.drift.cli;

import com.google.protobuf.Struct;
import io.drift.dataset.IdxFiles;
import io.drift.dataset.VectorFiles;
import io.drift.dataset.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the vector files the command line accepts: {@code .fvecs}, {@code .bvecs}, {@code .npy}
 * (float32), IDX images (Fashion-MNIST, plain or gzip) and CSV, each read whole; JSON lines
 * ({@code .jsonl}, {@code .ndjson}) are streamed by {@link JsonLinesPoints} instead. The format
 * comes from the file name unless given.
 */
final class VectorInput {

    /** Formats by name, for {@code --format}. */
    static final String FORMATS = "auto, fvecs, bvecs, npy, idx, csv, jsonl";

    private VectorInput() {}

    /**
     * Rows read from a file: their vectors and, when the file has them (CSV), their ids or keys and
     * payloads; {@code null} where it has none.
     */
    record Rows(long[] ids, String[] keys, Struct[] payloads, Vectors vectors) {
        /** Rows named by {@code ids} (or by their row numbers), without payloads. */
        Rows(long[] ids, Vectors vectors) {
            this(ids, null, null, vectors);
        }
    }

    /**
     * The format of {@code file}: {@code format} in lower case, or for {@code auto} "csv" or
     * "jsonl" by the file's name, or "auto" (the dataset readers tell by the name).
     */
    static String format(Path file, String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("auto")) {
            return f.equals("ndjson") ? "jsonl" : f;
        }
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return "csv";
        }
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "jsonl" : "auto";
    }

    /** As {@link #read(Path, String, CsvVectors.Columns)}, with an id column or none. */
    static Rows read(Path file, String format, boolean idColumn) throws IOException {
        return read(file, format, idColumn ? new CsvVectors.Columns(true, false, PayloadColumns.NONE)
                : CsvVectors.Columns.NONE);
    }

    /**
     * The rows of {@code file}; ids, keys and payloads only from a CSV file with those columns.
     *
     * @throws IllegalArgumentException for an unknown format, JSON lines, or columns beside the
     *     vector outside CSV
     */
    static Rows read(Path file, String format, CsvVectors.Columns columns) throws IOException {
        String f = format(file, format);
        if (columns.any() && !f.equals("csv")) {
            throw new IllegalArgumentException("id, key and payload columns exist only in CSV files");
        }
        Vectors v = switch (f) {
            case "csv" -> null;
            case "auto" -> VectorFiles.read(file);
            case "fvecs" -> VectorFiles.readFvecs(file);
            case "bvecs" -> VectorFiles.readBvecs(file);
            case "npy" -> VectorFiles.readNpy(file);
            case "idx" -> IdxFiles.readImages(file);
            case "jsonl" -> throw new IllegalArgumentException("JSON lines are read only by ingest");
            default -> throw new IllegalArgumentException("unknown format '" + format + "'; known: " + FORMATS);
        };
        return v == null ? CsvVectors.read(file, columns) : new Rows(null, v);
    }
}
