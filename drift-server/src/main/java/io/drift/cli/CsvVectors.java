package io.drift.cli;

import com.google.protobuf.Struct;
import io.drift.dataset.MalformedFileException;
import io.drift.dataset.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads vectors from a CSV file: one point per line, cells separated by commas (spaces around them
 * are ignored). A line is, in order: optionally the point's name (an unsigned 64-bit id, or a
 * string key), the vector's components, and the payload columns {@link PayloadColumns} names;
 * every cell between the name and the payload columns is a component, and every row must have as
 * many. Blank lines and lines starting with {@code #} are skipped, and so is a first line whose
 * first cell (with a key column, whose second cell) does not start with a number: a header.
 */
final class CsvVectors {

    /** Which columns a file has besides the vector: an id or a key first, payload columns last. */
    record Columns(boolean idColumn, boolean keyColumn, PayloadColumns payload) {
        /** Only vectors. */
        static final Columns NONE = new Columns(false, false, PayloadColumns.NONE);

        Columns {
            if (idColumn && keyColumn) {
                throw new IllegalArgumentException("a file has an id column or a key column, not both");
            }
        }

        /** Columns before the vector: 1 with an id or key column, else 0. */
        int leading() {
            return idColumn || keyColumn ? 1 : 0;
        }

        /** Whether there is more than a vector. */
        boolean any() {
            return idColumn || keyColumn || payload.size() > 0;
        }
    }

    private CsvVectors() {}

    static VectorInput.Rows read(Path file, Columns columns) throws IOException {
        Table table = new Table(file, columns);
        int lineNo = 0;
        boolean first = true;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (first) {
                    first = false;
                    int probe = Math.min(columns.keyColumn() ? 1 : 0, cells.length - 1);
                    if (!startsWithNumber(cells[probe].strip())) {
                        continue; // a header
                    }
                }
                table.add(cells, lineNo);
            }
        }
        return table.rows();
    }

    private static boolean startsWithNumber(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        char ch = cell.charAt(0);
        return Character.isDigit(ch) || ch == '-' || ch == '+' || ch == '.';
    }

    /** The rows read so far, in arrays that grow as needed. */
    private static final class Table {
        private final Path file;
        private final Columns columns;
        private long[] ids;
        private String[] keys;
        private Struct[] payloads;
        private float[] data;
        private int dim = -1;
        private int rows;

        Table(Path file, Columns columns) {
            this.file = file;
            this.columns = columns;
            ids = columns.idColumn() ? new long[1024] : null;
            keys = columns.keyColumn() ? new String[1024] : null;
            payloads = columns.payload().size() > 0 ? new Struct[1024] : null;
        }

        void add(String[] cells, int lineNo) throws MalformedFileException {
            int width = cells.length - columns.leading() - columns.payload().size();
            if (width < 1) {
                throw new MalformedFileException(file, "line " + lineNo + " has " + cells.length + " columns, no"
                        + " room for a vector component" + (columns.any() ? " besides the id, key and payload"
                        + " columns" : ""));
            }
            if (dim < 0) {
                dim = width;
                data = new float[1024 * dim];
            } else if (width != dim) {
                throw new MalformedFileException(file, "line " + lineNo + " has " + width + " components,"
                        + " earlier lines " + dim);
            }
            grow();
            name(cells[0].strip(), lineNo);
            int c = columns.leading();
            try {
                for (int i = 0; i < dim; i++, c++) {
                    data[rows * dim + i] = Float.parseFloat(cells[c].strip());
                }
            } catch (NumberFormatException e) {
                throw new MalformedFileException(file, "line " + lineNo + ", column " + (c + 1) + ": '"
                        + cells[c].strip() + "' is not a number");
            }
            if (payloads != null) {
                try {
                    payloads[rows] = columns.payload().payload(cells, c);
                } catch (IllegalArgumentException e) {
                    throw new MalformedFileException(file, "line " + lineNo + ", " + e.getMessage());
                }
            }
            rows++;
        }

        /** Takes the row's id or key from its first cell, if the file has one. */
        private void name(String cell, int lineNo) throws MalformedFileException {
            if (ids != null) {
                try {
                    ids[rows] = Long.parseUnsignedLong(cell);
                } catch (NumberFormatException e) {
                    throw new MalformedFileException(file, "line " + lineNo + ", column 1: '" + cell
                            + "' is not an unsigned 64-bit id");
                }
            } else if (keys != null) {
                if (cell.isEmpty()) {
                    throw new MalformedFileException(file, "line " + lineNo + ", column 1: the key is empty");
                }
                keys[rows] = cell;
            }
        }

        /** Makes room for one more row. */
        private void grow() throws MalformedFileException {
            if ((long) (rows + 1) * dim > Integer.MAX_VALUE - 8) {
                throw new MalformedFileException(file, "too large: more than " + rows + " rows of " + dim
                        + " components");
            }
            if ((rows + 1) * dim > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length));
            }
            if (ids != null && rows == ids.length) {
                ids = Arrays.copyOf(ids, 2 * rows);
            }
            if (keys != null && rows == keys.length) {
                keys = Arrays.copyOf(keys, 2 * rows);
            }
            if (payloads != null && rows == payloads.length) {
                payloads = Arrays.copyOf(payloads, 2 * rows);
            }
        }

        VectorInput.Rows rows() throws MalformedFileException {
            if (rows == 0) {
                throw new MalformedFileException(file, "no vectors");
            }
            return new VectorInput.Rows(ids == null ? null : Arrays.copyOf(ids, rows),
                    keys == null ? null : Arrays.copyOf(keys, rows),
                    payloads == null ? null : Arrays.copyOf(payloads, rows),
                    new Vectors(dim, Arrays.copyOf(data, rows * dim)));
        }
    }
}
