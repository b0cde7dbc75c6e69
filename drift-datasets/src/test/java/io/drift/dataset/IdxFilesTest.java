package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX images and labels from tiny hand-made files, plain and gzipped. */
class IdxFilesTest {
    @TempDir
    Path dir;

    /** Three 2 x 3 images whose pixels run 0, 1, ... and include 255. */
    private static Bytes images() {
        Bytes b = Bytes.bigEndian().i32(0x00000803, 3, 2, 3);
        for (int i = 0; i < 18; i++) {
            b.u8(i == 17 ? 255 : i * 13);
        }
        return b;
    }

    private static float[] expectedPixels() {
        float[] px = new float[18];
        for (int i = 0; i < 18; i++) {
            px[i] = i == 17 ? 255 : i * 13;
        }
        return px;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void readsPlainImages() throws IOException {
        Path p = images().writeTo(dir.resolve("train-images-idx3-ubyte"));
        Vectors v = IdxFiles.readImages(p);
        assertEquals(3, v.size());
        assertEquals(6, v.dim());
        assertArrayEquals(expectedPixels(), v.data());
        assertArrayEquals(v.data(), VectorFiles.read(p).data());
    }

    @Test
    void readsGzippedImagesDetectedByMagicNotName() throws IOException {
        Path gz = Files.write(dir.resolve("images.idx3-ubyte.gz"), images().gzipped());
        assertArrayEquals(expectedPixels(), IdxFiles.readImages(gz).data());
        assertArrayEquals(expectedPixels(), VectorFiles.read(gz).data());
        Path gzNoSuffix = Files.write(dir.resolve("compressed-but-unlabelled"), images().gzipped());
        assertArrayEquals(expectedPixels(), IdxFiles.readImages(gzNoSuffix).data());
        Path plainWithGzName = images().writeTo(dir.resolve("plain-idx3-ubyte.gz"));
        assertArrayEquals(expectedPixels(), VectorFiles.read(plainWithGzName).data());
    }

    @Test
    void readsLabelsPlainAndGzipped() throws IOException {
        Bytes labels = Bytes.bigEndian().i32(0x00000801, 5).u8(0, 9, 3, 255, 7);
        int[] expected = {0, 9, 3, 255, 7};
        assertArrayEquals(expected, IdxFiles.readLabels(labels.writeTo(dir.resolve("l-idx1-ubyte"))));
        assertArrayEquals(expected, IdxFiles.readLabels(Files.write(dir.resolve("l-idx1-ubyte.gz"), labels.gzipped())));
    }

    @Test
    void emptyImageSet() throws IOException {
        Vectors v = IdxFiles.readImages(Bytes.bigEndian().i32(0x803, 0, 28, 28).writeTo(dir.resolve("none")));
        assertEquals(0, v.size());
        assertEquals(784, v.dim());
    }

    @Test
    void badMagic() throws IOException {
        Path labelsAsImages = Bytes.bigEndian().i32(0x00000801, 1).u8(3).writeTo(dir.resolve("labels"));
        MalformedFileException e = assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(labelsAsImages));
        assertMessage(e, labelsAsImages.toString(), "bad IDX magic 0x00000801", "expected 0x00000803");
        Path imagesAsLabels = images().writeTo(dir.resolve("images"));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readLabels(imagesAsLabels)),
                "bad IDX magic 0x00000803", "expected 0x00000801");
        Path gzBad = Files.write(dir.resolve("bad.gz"), Bytes.bigEndian().i32(0x12345678, 0, 0, 0).gzipped());
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(gzBad)),
                gzBad.toString(), "bad IDX magic 0x12345678");
    }

    @Test
    void truncatedPixelsPlainAndGzipped() throws IOException {
        byte[] full = images().toArray();
        byte[] cut = Arrays.copyOf(full, full.length - 5);
        Path plain = Files.write(dir.resolve("cut"), cut);
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(plain)),
                plain.toString(), "truncated pixel data", "byte offset 16", "18 bytes", "ends after 13");
        Bytes cutBytes = Bytes.bigEndian();
        for (byte b : cut) {
            cutBytes.u8(b & 0xFF);
        }
        Path gz = Files.write(dir.resolve("cut.gz"), cutBytes.gzipped());
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(gz)),
                gz.toString(), "truncated pixel data");
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] gz = images().gzipped();
        Path p = Files.write(dir.resolve("broken.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(p)), p.toString());
    }

    @Test
    void truncatedHeaderAndNegativeSizes() throws IOException {
        Path header = Bytes.bigEndian().i32(0x803, 3).writeTo(dir.resolve("h"));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(header)),
                header.toString(), "truncated IDX header (rows per image)");
        Path negative = Bytes.bigEndian().i32(0x803, -1, 2, 2).writeTo(dir.resolve("n"));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(negative)),
                "-1 image count");
        Path zeroRows = Bytes.bigEndian().i32(0x803, 1, 0, 2).writeTo(dir.resolve("z"));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readImages(zeroRows)),
                "0 rows per image", "positive");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path p = Bytes.bigEndian().i32(0x801, 2).u8(1, 2, 3).writeTo(dir.resolve("extra"));
        assertMessage(assertThrows(MalformedFileException.class, () -> IdxFiles.readLabels(p)),
                p.toString(), "1 unexpected bytes after the last label");
    }
}
