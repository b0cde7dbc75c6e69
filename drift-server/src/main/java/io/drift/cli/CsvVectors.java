package io.drift.cli;

import io.drift.dataset.MalformedFileException;
import io.drift.dataset.Vectors;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads vectors from a CSV file: one vector per line, components separated by commas (spaces
 * around them are ignored), optionally an unsigned 64-bit id in the first column. Blank lines and
 * lines starting with {@code #} are skipped, and so is a first line that does not start with a
 * number (a header). Every row must have the same number of components.
 */
final class CsvVectors {

    private CsvVectors() {}

    static VectorInput.Rows read(Path file, boolean idColumn) throws IOException {
        long[] ids = idColumn ? new long[1024] : null;
        float[] data = null;
        int dim = -1;
        int rows = 0;
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
                    if (!startsWithNumber(cells[0].strip())) {
                        continue; // a header
                    }
                }
                int width = cells.length - (idColumn ? 1 : 0);
                if (width < 1) {
                    throw new MalformedFileException(file, "line " + lineNo + " has no vector components");
                }
                if (dim < 0) {
                    dim = width;
                    data = new float[1024 * dim];
                } else if (width != dim) {
                    throw new MalformedFileException(file, "line " + lineNo + " has " + width + " components,"
                            + " earlier lines " + dim);
                }
                if ((long) (rows + 1) * dim > Integer.MAX_VALUE - 8) {
                    throw new MalformedFileException(file, "too large: more than " + rows + " rows of " + dim
                            + " components");
                }
                if ((rows + 1) * dim > data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, 2L * data.length));
                }
                int c = 0;
                try {
                    if (idColumn) {
                        if (rows == ids.length) {
                            ids = Arrays.copyOf(ids, 2 * rows);
                        }
                        ids[rows] = Long.parseUnsignedLong(cells[c].strip());
                        c++;
                    }
                    for (int i = 0; i < dim; i++, c++) {
                        data[rows * dim + i] = Float.parseFloat(cells[c].strip());
                    }
                } catch (NumberFormatException e) {
                    throw new MalformedFileException(file, "line " + lineNo + ", column " + (c + 1) + ": '"
                            + cells[c].strip() + "' is not " + (idColumn && c == 0 ? "an unsigned 64-bit id" : "a number"));
                }
                rows++;
            }
        }
        if (rows == 0) {
            throw new MalformedFileException(file, "no vectors");
        }
        return new VectorInput.Rows(idColumn ? Arrays.copyOf(ids, rows) : null, new Vectors(dim, Arrays.copyOf(data, rows * dim)));
    }

    private static boolean startsWithNumber(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        char ch = cell.charAt(0);
        return Character.isDigit(ch) || ch == '-' || ch == '+' || ch == '.';
    }
}
