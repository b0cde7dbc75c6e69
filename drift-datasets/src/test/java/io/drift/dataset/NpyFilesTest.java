package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader and writer against files built by hand from the NumPy format specification. */
class NpyFilesTest {
    @TempDir
    Path dir;

    /**
     * A .npy file per the specification: magic, version, little-endian header length (2 bytes for
     * 1.x, 4 for 2.x/3.x), the header dictionary padded with spaces and ended by '\n' so the data
     * starts at a multiple of 64, then the data.
     */
    private static Bytes npy(int major, String dict, float... data) {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + dict.length() + 1;
        int padded = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        Bytes b = Bytes.littleEndian().u8(0x93).ascii("NUMPY").u8(major, 0);
        if (major == 1) {
            b.u8(header.length() & 0xFF, header.length() >>> 8);
        } else {
            b.i32(header.length());
        }
        b.ascii(header);
        assertEquals(0, b.size() % 64, "test helper misaligned the data");
        return b.f32(data);
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void readsVersion1HandBuilt() throws IOException {
        Path p = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 1.25f, 2, 3, 4, 5, -6.5f)
                .writeTo(dir.resolve("v1.npy"));
        Vectors v = VectorFiles.readNpy(p);
        assertEquals(3, v.dim());
        assertEquals(2, v.size());
        assertArrayEquals(new float[] {1.25f, 2, 3, 4, 5, -6.5f}, v.data());
    }

    @Test
    void readsVersions2And3HandBuilt() throws IOException {
        for (int major : new int[] {2, 3}) {
            Path p = npy(major, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 0.5f, 0.25f)
                    .writeTo(dir.resolve("v" + major + ".npy"));
            assertArrayEquals(new float[] {0.5f, 0.25f}, VectorFiles.readNpy(p).data());
        }
    }

    @Test
    void oneDimensionalShapeIsOneRow() throws IOException {
        Path p = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 1, 2, 3, 4)
                .writeTo(dir.resolve("one.npy"));
        Vectors v = VectorFiles.readNpy(p);
        assertEquals(1, v.size());
        assertEquals(4, v.dim());
    }

    @Test
    void toleratesKeyOrderQuotesAndSpacing() throws IOException {
        Path p = npy(1, "{\"shape\":(2,1),\"fortran_order\":False,\"descr\":\"<f4\"}", 7, 8)
                .writeTo(dir.resolve("odd.npy"));
        Vectors v = VectorFiles.readNpy(p);
        assertEquals(1, v.dim());
        assertArrayEquals(new float[] {7, 8}, v.data());
    }

    @Test
    void writerRoundTripAndLayout() throws IOException {
        Random r = new Random(11);
        float[] data = new float[5 * 17];
        for (int i = 0; i < data.length; i++) {
            data[i] = r.nextFloat() - 0.5f;
        }
        Path p = dir.resolve("w.npy");
        VectorFiles.writeNpy(p, new Vectors(17, data));
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(0x93, bytes[0] & 0xFF);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, bytes[6]);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data must start on a 64-byte boundary");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5, 17), }", header.strip());
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + data.length * 4, bytes.length);
        assertArrayEquals(data, VectorFiles.readNpy(p).data());
    }

    @Test
    void writerOutputEqualsHandBuiltFile() throws IOException {
        Path p = dir.resolve("same.npy");
        VectorFiles.writeNpy(p, new Vectors(2, new float[] {1, 2, 3, 4}));
        assertArrayEquals(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 1, 2, 3, 4).toArray(),
                Files.readAllBytes(p));
    }

    @Test
    void emptyMatrixRoundTrips() throws IOException {
        Path p = dir.resolve("empty.npy");
        VectorFiles.writeNpy(p, new Vectors(3, new float[0]));
        Vectors v = VectorFiles.readNpy(p);
        assertEquals(0, v.size());
        assertEquals(3, v.dim());
    }

    @Test
    void rejectsFloat64() throws IOException {
        Path p = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", 0, 0)
                .writeTo(dir.resolve("f8.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(p)),
                p.toString(), "unsupported dtype '<f8'", "'<f4'");
    }

    @Test
    void rejectsBigEndianFloat32() throws IOException {
        Path p = npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1), }", 0)
                .writeTo(dir.resolve("be.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(p)),
                "unsupported dtype '>f4'");
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        Path p = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 1, 2, 3, 4)
                .writeTo(dir.resolve("f.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(p)),
                p.toString(), "fortran_order True");
    }

    @Test
    void rejectsStructuredDtypeAndOtherShapes() throws IOException {
        Path structured = npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 0)
                .writeTo(dir.resolve("s.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(structured)),
                "unsupported dtype '[('a', '<f4')]'");
        Path threeD = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", 0)
                .writeTo(dir.resolve("3d.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(threeD)),
                "shape has 3 dimensions");
        Path scalar = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 0)
                .writeTo(dir.resolve("0d.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(scalar)),
                "shape has 0 dimensions");
        Path zeroDim = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 0), }")
                .writeTo(dir.resolve("zd.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(zeroDim)),
                "vector dimension 0");
    }

    @Test
    void rejectsTruncatedAndOversizedData() throws IOException {
        Path truncated = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", 1, 2, 3)
                .writeTo(dir.resolve("t.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(truncated)),
                truncated.toString(), "truncated data", "needs 16 bytes", "ends after 12");
        Path extra = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 1, 2, 3)
                .writeTo(dir.resolve("x.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(extra)),
                "4 unexpected bytes");
    }

    @Test
    void rejectsBadMagicVersionAndHeader() throws IOException {
        Path magic = Bytes.littleEndian().ascii("PK\u0003\u0004 not numpy at all").writeTo(dir.resolve("m.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(magic)),
                magic.toString(), "bad magic");
        byte[] v9 = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", 0).toArray();
        v9[6] = 9;
        Path version = Files.write(dir.resolve("v9.npy"), v9);
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(version)),
                "unsupported .npy format version 9.0");
        Path garbage = npy(1, "{'descr': '<f4', 'fortran_order': maybe, 'shape': (1, 1), }", 0)
                .writeTo(dir.resolve("g.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(garbage)),
                "cannot parse .npy header");
        Path missing = npy(1, "{'descr': '<f4', 'shape': (1, 1), }", 0).writeTo(dir.resolve("k.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(missing)),
                "missing key 'fortran_order'");
        Path shortHeader = Bytes.littleEndian().u8(0x93).ascii("NUMPY").u8(1, 0, 200, 0).ascii("{'descr'")
                .writeTo(dir.resolve("h.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(shortHeader)),
                "truncated .npy header");
        Path tiny = Bytes.littleEndian().u8(0x93).ascii("NUM").writeTo(dir.resolve("tiny.npy"));
        assertMessage(assertThrows(MalformedFileException.class, () -> VectorFiles.readNpy(tiny)),
                tiny.toString(), "truncated");
    }
}
