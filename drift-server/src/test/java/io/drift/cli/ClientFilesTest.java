package io.drift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.dataset.MalformedFileException;
import io.drift.dataset.VectorFiles;
import io.drift.dataset.Vectors;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's file reading (CSV and the dataset formats) and its progress lines. */
class ClientFilesTest {

    @TempDir
    Path tmp;

    @Test
    void csvWithHeaderCommentsAndIds() throws Exception {
        Path f = tmp.resolve("v.csv");
        Files.writeString(f, "# exported\nid, a, b\n\n18446744073709551615, 1.5, -2\n7,3e2, 0.25\n");
        VectorInput.Rows rows = VectorInput.read(f, "auto", true);
        assertArrayEquals(new long[] {-1L, 7}, rows.ids(), "ids are unsigned 64-bit");
        assertEquals(2, rows.vectors().dim());
        assertArrayEquals(new float[] {1.5f, -2f, 300f, 0.25f}, rows.vectors().data());
        VectorInput.Rows plain = VectorInput.read(f, "csv", false);
        assertNull(plain.ids());
        assertEquals(3, plain.vectors().dim(), "without --id-column the first column is a component");
    }

    @Test
    void csvKeysAndPayloadColumns() throws Exception {
        Path f = tmp.resolve("k.csv");
        Files.writeString(f, "key, a, b, cls, n\ndoc-1, 1, 2, red, 3\ndoc-2, 3, 4, , -5\n");
        VectorInput.Rows rows = VectorInput.read(f, "auto",
                new CsvVectors.Columns(false, true, PayloadColumns.parse("cls:keyword, n:integer")));
        assertArrayEquals(new String[] {"doc-1", "doc-2"}, rows.keys(), "a header found past the key column");
        assertArrayEquals(new float[] {1, 2, 3, 4}, rows.vectors().data());
        assertEquals("red", rows.payloads()[0].getFieldsOrThrow("cls").getStringValue());
        assertEquals(-5, rows.payloads()[1].getFieldsOrThrow("n").getNumberValue());
        assertEquals(1, rows.payloads()[1].getFieldsCount(), "an empty cell is no field");
        Path narrow = tmp.resolve("narrow.csv");
        Files.writeString(narrow, "key, cls, n\ndoc-1, red, 3\n");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorInput.read(narrow, "csv",
                new CsvVectors.Columns(false, true, PayloadColumns.parse("cls:keyword,n:integer"))));
        assertTrue(e.getMessage().contains("line 2 has 3 columns, no room for a vector component"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PayloadColumns.parse("a:integer,a:float"));
        assertThrows(IllegalArgumentException.class, () -> VectorInput.read(tmp.resolve("v.jsonl"), "auto", false));
    }

    @Test
    void csvErrorsNameTheLine() throws Exception {
        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "1,2,3\n4,5\n");
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorInput.read(ragged, "csv", false));
        assertTrue(e.getMessage().contains("line 2 has 2 components, earlier lines 3"), e.getMessage());
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "1,2\n3,x\n");
        e = assertThrows(MalformedFileException.class, () -> VectorInput.read(bad, "csv", false));
        assertTrue(e.getMessage().contains("line 2, column 2: 'x' is not a number"), e.getMessage());
        Path badId = tmp.resolve("id.csv");
        Files.writeString(badId, "-1,2\n");
        e = assertThrows(MalformedFileException.class, () -> VectorInput.read(badId, "csv", true));
        assertTrue(e.getMessage().contains("not an unsigned 64-bit id"), e.getMessage());
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "# nothing\n");
        assertThrows(MalformedFileException.class, () -> VectorInput.read(empty, "csv", false));
    }

    @Test
    void otherFormatsByNameOrByOption() throws Exception {
        Vectors v = new Vectors(2, new float[] {1, 2, 3, 4});
        Path fvecs = tmp.resolve("v.fvecs");
        VectorFiles.writeFvecs(fvecs, v);
        assertArrayEquals(v.data(), VectorInput.read(fvecs, "auto", false).vectors().data());
        Path renamed = tmp.resolve("v.bin");
        Files.copy(fvecs, renamed);
        assertArrayEquals(v.data(), VectorInput.read(renamed, "fvecs", false).vectors().data());
        assertThrows(IllegalArgumentException.class, () -> VectorInput.read(renamed, "auto", false));
        assertThrows(IllegalArgumentException.class, () -> VectorInput.read(fvecs, "parquet", false));
        assertThrows(IllegalArgumentException.class, () -> VectorInput.read(fvecs, "auto", true));
    }

    @Test
    void progressLines() {
        assertEquals("[###############...............]  50%  30,000/60,000 points  10,000 points/s  ETA 0:03",
                Progress.line(30_000, 60_000, 3.0, "points", true));
        assertEquals("30,000/60,000 points (50%), 10,000 points/s, ETA 0:03",
                Progress.line(30_000, 60_000, 3.0, "points", false));
        assertEquals("0/10 points (0%), 0 points/s, ETA ?", Progress.line(0, 10, 0, "points", false));
        assertEquals("30,000 points  10,000 points/s", Progress.line(30_000, -1, 3.0, "points", true));
        assertEquals("30,000 points, 10,000 points/s", Progress.line(30_000, -1, 3.0, "points", false));
        assertEquals("1:01:01", Progress.duration(3661));
        assertEquals("2:05", Progress.duration(125));
    }
}
