package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drift.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    private static void assumeInstalled() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST is not installed in " + FashionMnist.DEFAULT_DIR
                        + " (sudo apt-get install dataset-fashion-mnist); skipping the real-data test");
    }

    @Test
    void loadsTheRealFiles() throws IOException {
        assumeInstalled();
        Dataset ds = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        assertEquals("fashion-mnist", ds.name());
        assertEquals(Metric.L2, ds.metric());
        assertEquals(784, ds.dim());
        assertEquals(60_000, ds.base().size());
        assertEquals(10_000, ds.queries().size());
        for (Vectors v : new Vectors[] {ds.base(), ds.queries()}) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float x : v.data()) {
                assertEquals(x, Math.rint(x), "pixels are whole numbers");
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            assertEquals(0f, min);
            assertEquals(255f, max);
        }
        int[] train = FashionMnist.trainLabels(FashionMnist.DEFAULT_DIR);
        int[] test = FashionMnist.testLabels(FashionMnist.DEFAULT_DIR);
        assertEquals(60_000, train.length);
        assertEquals(10_000, test.length);
        int[] perClass = new int[10];
        for (int label : train) {
            assertTrue(label >= 0 && label <= 9, "label " + label);
            perClass[label]++;
        }
        for (int label : test) {
            assertTrue(label >= 0 && label <= 9, "label " + label);
        }
        for (int count : perClass) {
            assertEquals(6_000, count, "Fashion-MNIST has 6,000 training images per class");
        }
        // A few queries of exact ground truth on the real data, checked by a direct scan.
        Neighbors nn = GroundTruth.compute(ds.base(), ds.queries().slice(0, 3), 5, Metric.L2);
        for (int q = 0; q < 3; q++) {
            float best = Float.POSITIVE_INFINITY;
            for (int row = 0; row < ds.base().size(); row++) {
                best = Math.min(best, Metric.L2.distance(ds.queries().data(), q * 784, ds.base().data(), row * 784, 784));
            }
            assertEquals(best, nn.distance(q, 0));
        }
    }

    @Test
    void missingDirectoryNamesFileDirectoryAndInstallCommand() {
        Path missing = dir.resolve("no-such-dir");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(missing));
        String m = e.getMessage();
        assertTrue(m.contains("train-images-idx3-ubyte.gz"), m);
        assertTrue(m.contains(missing.toString()), m);
        assertTrue(m.contains("does not exist"), m);
        assertTrue(m.contains("sudo apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("DRIFT_FASHION_MNIST_DIR"), m);
        assertTrue(m.contains("--data-dir"), m);
        assertThrows(DatasetNotFoundException.class, () -> FashionMnist.trainLabels(missing));
    }

    @Test
    void missingSingleFileIsNamed() throws IOException {
        Bytes images = Bytes.bigEndian().i32(0x803, 2, 1, 2).u8(1, 2, 3, 4);
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"), images.gzipped());
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz is missing in " + dir), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get"), e.getMessage());
    }

    @Test
    void loadsMiniatureDirectoryWithPlainAndGzippedFiles() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte.gz"),
                Bytes.bigEndian().i32(0x803, 3, 1, 2).u8(1, 2, 3, 4, 5, 6).gzipped());
        Bytes.bigEndian().i32(0x803, 1, 1, 2).u8(9, 8).writeTo(dir.resolve("t10k-images-idx3-ubyte"));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), Bytes.bigEndian().i32(0x801, 3).u8(2, 0, 1).gzipped());
        Dataset ds = FashionMnist.load(dir);
        assertEquals(3, ds.base().size());
        assertEquals(2, ds.dim());
        assertArrayEquals(new float[] {9, 8}, ds.queries().data());
        assertArrayEquals(new int[] {2, 0, 1}, FashionMnist.trainLabels(dir));
    }

    @Test
    void defaultDirFollowsEnvironment() {
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), FashionMnist.DEFAULT_DIR);
        assertEquals(FashionMnist.DEFAULT_DIR, FashionMnist.defaultDir(Map.of()));
        assertEquals(FashionMnist.DEFAULT_DIR, FashionMnist.defaultDir(Map.of("DRIFT_FASHION_MNIST_DIR", " ")));
        assertEquals(dir, FashionMnist.defaultDir(Map.of("DRIFT_FASHION_MNIST_DIR", dir.toString())));
        String env = System.getenv("DRIFT_FASHION_MNIST_DIR");
        assertEquals(env == null || env.isBlank() ? FashionMnist.DEFAULT_DIR : Path.of(env), FashionMnist.defaultDir());
    }
}
