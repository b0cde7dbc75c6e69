package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFilesTest {
    @TempDir
    Path dir;

    private static Vectors random(int rows, int dim, long seed) {
        Random r = new Random(seed);
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian() * 100;
        }
        return new Vectors(dim, data);
    }

    private static void assertSame(Vectors expected, Vectors actual) {
        assertEquals(expected.dim(), actual.dim(), "dim");
        assertEquals(expected.size(), actual.size(), "size");
        assertArrayEquals(expected.data(), actual.data());
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    // ---- fvecs ---------------------------------------------------------------------------

    @Test
    void fvecsRoundTripThroughWriter() throws IOException {
        Vectors v = random(37, 13, 1);
        Path p = dir.resolve("a.fvecs");
        VectorFiles.writeFvecs(p, v);
        assertEquals(37L * (4 + 13 * 4), Files.size(p));
        assertSame(v, VectorFiles.readFvecs(p));
        assertSame(v, VectorFiles.read(p));
    }

    @Test
    void fvecsLargerThanReadBuffer() throws IOException {
        // 300k floats = 1.2 MB, more than the 1 MB read buffer, with rows straddling refills
        Vectors v = random(3000, 100, 2);
        Path p = dir.resolve("big.fvecs");
        VectorFiles.writeFvecs(p, v);
        assertSame(v, VectorFiles.readFvecs(p));
    }

    @Test
    void fvecsFromHandBuiltBytes() throws IOException {
        Path p = Bytes.littleEndian()
                .i32(3).f32(1.5f, -2.25f, 3e-7f)
                .i32(3).f32(Float.MAX_VALUE, -0.0f, 42f)
                .writeTo(dir.resolve("hand.fvecs"));
        Vectors v = VectorFiles.readFvecs(p);
        assertEquals(3, v.dim());
        assertEquals(2, v.size());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3e-7f, Float.MAX_VALUE, -0.0f, 42f}, v.data());
    }

    @Test
    void fvecsWriterProducesExactBytes() throws IOException {
        Path p = dir.resolve("w.fvecs");
        VectorFiles.writeFvecs(p, new Vectors(2, new float[] {1f, 2f, 3f, 4f}));
        assertArrayEquals(Bytes.littleEndian().i32(2).f32(1f, 2f).i32(2).f32(3f, 4f).toArray(), Files.readAllBytes(p));
    }

    @Test
    void fvecsTruncatedRow() throws IOException {
        Path p = Bytes.littleEndian().i32(4).f32(1, 2, 3, 4).i32(4).f32(5, 6).writeTo(dir.resolve("t.fvecs"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
        assertMessage(e, p.toString(), "truncated row 1", "byte offset 24", "16 bytes", "ends after 8");
        assertEquals(p, e.file());
    }

    @Test
    void fvecsTruncatedFirstRow() throws IOException {
        Path p = Bytes.littleEndian().i32(8).f32(1, 2).writeTo(dir.resolve("t0.fvecs"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
        assertMessage(e, p.toString(), "truncated row 0");
    }

    @Test
    void fvecsTruncatedDimensionHeader() throws IOException {
        Path p = Bytes.littleEndian().i32(1).f32(1).u8(1, 0).writeTo(dir.resolve("th.fvecs"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
        assertMessage(e, p.toString(), "truncated dimension header of row 1", "byte offset 8");
    }

    @Test
    void fvecsNegativeAndZeroDimension() throws IOException {
        for (int bad : new int[] {0, -3}) {
            Path p = Bytes.littleEndian().i32(bad).f32(1, 2, 3).writeTo(dir.resolve("neg" + bad + ".fvecs"));
            MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
            assertMessage(e, p.toString(), "row 0 declares dimension " + bad, "must be positive");
        }
        Path later = Bytes.littleEndian().i32(1).f32(1).i32(-1).f32(2).writeTo(dir.resolve("later.fvecs"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(later));
        assertMessage(e, "row 1 declares dimension -1");
    }

    @Test
    void fvecsDimensionChangesMidFile() throws IOException {
        Path p = Bytes.littleEndian().i32(2).f32(1, 2).i32(2).f32(3, 4).i32(3).f32(5, 6, 7)
                .writeTo(dir.resolve("mixed.fvecs"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
        assertMessage(e, p.toString(), "dimension changes mid-file", "row 2", "byte offset 24",
                "declares dimension 3", "row 0 declares 2");
    }

    @Test
    void fvecsEmptyFile() throws IOException {
        Path p = Files.write(dir.resolve("empty.fvecs"), new byte[0]);
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> VectorFiles.readFvecs(p));
        assertMessage(e, p.toString(), "empty");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> VectorFiles.readFvecs(dir.resolve("nope.fvecs")));
    }

    // ---- bvecs ---------------------------------------------------------------------------

    @Test
    void bvecsAllByteValuesFromHandBuiltBytes() throws IOException {
        Bytes b = Bytes.littleEndian();
        float[] expected = new float[256];
        for (int row = 0; row < 4; row++) {
            b.i32(64);
            for (int j = 0; j < 64; j++) {
                int value = row * 64 + j;
                b.u8(value);
                expected[value] = value;
            }
        }
        Path p = b.writeTo(dir.resolve("all.bvecs"));
        Vectors v = VectorFiles.readBvecs(p);
        assertEquals(64, v.dim());
        assertEquals(4, v.size());
        assertArrayEquals(expected, v.data());
        assertSame(v, VectorFiles.read(p));
    }

    @Test
    void bvecsRoundTripOfRandomBytes() throws IOException {
        Random r = new Random(3);
        int rows = 50;
        int dim = 7;
        Bytes b = Bytes.littleEndian();
        float[] expected = new float[rows * dim];
        for (int row = 0; row < rows; row++) {
            b.i32(dim);
            for (int j = 0; j < dim; j++) {
                int value = r.nextInt(256);
                b.u8(value);
                expected[row * dim + j] = value;
            }
        }
        assertArrayEquals(expected, VectorFiles.readBvecs(b.writeTo(dir.resolve("r.bvecs"))).data());
    }

    @Test
    void bvecsMalformed() throws IOException {
        Path truncated = Bytes.littleEndian().i32(3).u8(1, 2, 3).i32(3).u8(4).writeTo(dir.resolve("t.bvecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readBvecs(truncated)),
                truncated.toString(), "truncated row 1", "byte offset 11");
        Path changed = Bytes.littleEndian().i32(3).u8(1, 2, 3).i32(2).u8(4, 5).writeTo(dir.resolve("c.bvecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readBvecs(changed)),
                changed.toString(), "dimension changes mid-file", "row 1");
        Path zero = Bytes.littleEndian().i32(0).writeTo(dir.resolve("z.bvecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readBvecs(zero)),
                zero.toString(), "dimension 0");
    }

    // ---- ivecs ---------------------------------------------------------------------------

    @Test
    void ivecsRoundTripThroughWriter() throws IOException {
        int[][] rows = {{1, -2, 3}, {Integer.MAX_VALUE, Integer.MIN_VALUE, 0}, {7, 8, 9}};
        Path p = dir.resolve("a.ivecs");
        VectorFiles.writeIvecs(p, rows);
        assertArrayEquals(rows, VectorFiles.readIvecs(p));
        assertArrayEquals(Bytes.littleEndian().i32(3, 1, -2, 3).i32(3, Integer.MAX_VALUE, Integer.MIN_VALUE, 0)
                .i32(3, 7, 8, 9).toArray(), Files.readAllBytes(p));
    }

    @Test
    void ivecsFromHandBuiltBytes() throws IOException {
        Path p = Bytes.littleEndian().i32(2, 10, 20).i32(2, 30, 40).writeTo(dir.resolve("h.ivecs"));
        assertArrayEquals(new int[][] {{10, 20}, {30, 40}}, VectorFiles.readIvecs(p));
    }

    @Test
    void ivecsEmptyFileHasNoRows() throws IOException {
        assertEquals(0, VectorFiles.readIvecs(Files.write(dir.resolve("e.ivecs"), new byte[0])).length);
        Path written = dir.resolve("w.ivecs");
        VectorFiles.writeIvecs(written, new int[0][]);
        assertEquals(0, VectorFiles.readIvecs(written).length);
    }

    @Test
    void ivecsMalformed() throws IOException {
        Path truncated = Bytes.littleEndian().i32(2, 1, 2).i32(2, 3).writeTo(dir.resolve("t.ivecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readIvecs(truncated)),
                truncated.toString(), "truncated row 1", "byte offset 16");
        Path changed = Bytes.littleEndian().i32(2, 1, 2).i32(1, 3).writeTo(dir.resolve("c.ivecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readIvecs(changed)),
                changed.toString(), "dimension changes mid-file");
        Path negative = Bytes.littleEndian().i32(-5, 1).writeTo(dir.resolve("n.ivecs"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readIvecs(negative)),
                negative.toString(), "dimension -5");
    }

    @Test
    void ivecsWriterRejectsRaggedAndEmptyRows() {
        Path p = dir.resolve("bad.ivecs");
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> VectorFiles.writeIvecs(p, new int[][] {{1, 2}, {3}}));
        assertMessage(ragged, p.toString(), "row 1 has 1 components but row 0 has 2");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> VectorFiles.writeIvecs(p, new int[][] {{}}));
        assertMessage(empty, "row 0 is empty");
    }

    // ---- by extension --------------------------------------------------------------------

    @Test
    void readChoosesFormatByExtension() throws IOException {
        Vectors v = random(3, 4, 5);
        Path npy = dir.resolve("X.NPY");
        VectorFiles.writeNpy(npy, v);
        assertSame(v, VectorFiles.read(npy));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> VectorFiles.read(dir.resolve("data.csv")));
        assertMessage(unknown, "data.csv", ".fvecs", ".npy", "idx3-ubyte");
        IllegalArgumentException ivecs = assertThrows(IllegalArgumentException.class,
                () -> VectorFiles.read(dir.resolve("gt.ivecs")));
        assertMessage(ivecs, "readIvecs");
    }
}
