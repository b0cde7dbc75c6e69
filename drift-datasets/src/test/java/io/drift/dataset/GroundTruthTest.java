package io.drift.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drift.Metric;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GroundTruthTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir
    Path dir;

    private static Vectors gaussian(int rows, int dim, long seed) {
        Random r = new Random(seed);
        float[] data = new float[rows * dim];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return new Vectors(dim, data);
    }

    /** The metric's distance in double precision, straight from its definition. */
    private static double naive(Metric metric, float[] a, int aOff, float[] b, int bOff, int dim) {
        double dot = 0;
        double l2 = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < dim; j++) {
            double x = a[aOff + j];
            double y = b[bOff + j];
            dot += x * y;
            l2 += (x - y) * (x - y);
            na += x * x;
            nb += y * y;
        }
        return switch (metric) {
            case L2 -> l2;
            case DOT -> -dot;
            case COSINE -> na == 0 || nb == 0 ? 1 : 1 - dot / Math.sqrt(na * nb);
        };
    }

    private static boolean tie(double a, double b) {
        return Math.abs(a - b) <= 1e-5 * Math.max(Math.max(Math.abs(a), Math.abs(b)), 1e-3);
    }

    /**
     * Checks {@code got} against a double-precision brute force: at every rank the returned row's
     * true distance equals the true distance at that rank, so ids may differ only where distances
     * tie, and no id repeats.
     */
    private static void assertMatchesNaive(Vectors base, Vectors queries, int k, Metric metric, Neighbors got) {
        int dim = base.dim();
        int kk = Math.min(k, base.size());
        assertEquals(queries.size(), got.queries());
        assertEquals(kk, got.k());
        Integer[] order = new Integer[base.size()];
        double[] dist = new double[base.size()];
        for (int q = 0; q < queries.size(); q++) {
            for (int row = 0; row < base.size(); row++) {
                order[row] = row;
                dist[row] = naive(metric, queries.data(), q * dim, base.data(), row * dim, dim);
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(row -> dist[row]).thenComparingInt(row -> row));
            Set<Integer> seen = new HashSet<>();
            for (int r = 0; r < kk; r++) {
                int id = got.id(q, r);
                int expected = order[r];
                assertTrue(seen.add(id), "query " + q + ": id " + id + " repeats");
                if (id != expected) {
                    assertTrue(tie(dist[id], dist[expected]), metric + " query " + q + " rank " + r + ": got row " + id
                            + " at " + dist[id] + ", expected row " + expected + " at " + dist[expected]);
                }
                assertTrue(tie(got.distance(q, r), dist[id]) || Math.abs(got.distance(q, r) - dist[id]) < 1e-4,
                        "reported distance " + got.distance(q, r) + " vs " + dist[id]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void computeMatchesNaiveBruteForce(Metric metric) {
        Vectors base = gaussian(3000, 24, 1);
        Vectors queries = gaussian(50, 24, 2);
        Neighbors got = GroundTruth.compute(base, queries, 10, metric);
        assertMatchesNaive(base, queries, 10, metric, got);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void computeMatchesNaiveForOddShapes(Metric metric) {
        for (int dim : new int[] {1, 3, 17, 67}) {
            Vectors base = gaussian(301, dim, dim);
            Vectors queries = gaussian(7, dim, dim + 100);
            assertMatchesNaive(base, queries, 5, metric, GroundTruth.compute(base, queries, 5, metric));
        }
    }

    @Test
    void tiesGoToTheSmallerRow() {
        // rows 0..9 are five pairs of equal vectors
        float[] data = new float[10 * 2];
        for (int row = 0; row < 10; row++) {
            data[row * 2] = row / 2;
            data[row * 2 + 1] = 0.5f;
        }
        Vectors base = new Vectors(2, data);
        Vectors query = new Vectors(2, new float[] {2f, 0.5f});
        Neighbors nn = GroundTruth.compute(base, query, 5, Metric.L2);
        assertArrayEquals(new int[] {4, 5, 2, 3, 6}, nn.ids());
        assertArrayEquals(new float[] {0, 0, 1, 1, 1}, nn.distances());
    }

    @Test
    void kAboveBaseSizeReturnsEveryRow() {
        Vectors base = gaussian(4, 3, 5);
        Neighbors nn = GroundTruth.compute(base, gaussian(2, 3, 6), 10, Metric.L2);
        assertEquals(4, nn.k());
        int[] sorted = Arrays.copyOfRange(nn.ids(), 0, 4);
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3}, sorted);
        Neighbors none = GroundTruth.compute(new Vectors(3, new float[0]), gaussian(2, 3, 6), 10, Metric.L2);
        assertEquals(0, none.k());
        assertEquals(2, none.queries());
    }

    @Test
    void invalidArguments() {
        Vectors base = gaussian(4, 3, 5);
        assertThrows(IllegalArgumentException.class, () -> GroundTruth.compute(base, base, 0, Metric.L2));
        assertThrows(IllegalArgumentException.class, () -> GroundTruth.compute(base, gaussian(1, 4, 1), 1, Metric.L2));
        float[] withNaN = base.data().clone();
        withNaN[0] = Float.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> GroundTruth.compute(new Vectors(3, withNaN), base, 4, Metric.L2));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    // ---- cache ---------------------------------------------------------------------------

    private static Dataset small() {
        return SyntheticDrift.generate(SyntheticDrift.Params.of(2000, 8, 40, 7));
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private Path onlyCacheFile() throws IOException {
        List<Path> files = cacheFiles();
        assertEquals(1, files.size(), "cache files: " + files);
        assertTrue(files.get(0).getFileName().toString().endsWith(".gt"));
        return files.get(0);
    }

    /** Collects WARNING records of the ground-truth logger while {@code action} runs. */
    private static List<String> warningsDuring(IOAction action) throws IOException {
        Logger logger = Logger.getLogger(GroundTruth.class.getName());
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(java.text.MessageFormat.format(record.getMessage(),
                            record.getParameters() == null ? new Object[0] : record.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        return warnings;
    }

    private interface IOAction {
        void run() throws IOException;
    }

    @Test
    void secondCallLoadsTheCacheFile() throws IOException {
        Dataset ds = small();
        Neighbors first = GroundTruth.cached(dir, ds, 10);
        assertEquals(GroundTruth.compute(ds.base(), ds.queries(), 10, Metric.L2), first);
        Path file = onlyCacheFile();
        assertTrue(file.getFileName().toString().startsWith(ds.name() + "-l2-k10-"), file.toString());
        Files.setLastModifiedTime(file, LONG_AGO);
        Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        Neighbors second = GroundTruth.cached(dir, ds, 10);

        assertEquals(first, second);
        assertEquals(LONG_AGO, Files.getLastModifiedTime(file), "the cache file must not be rewritten");
        assertEquals(inode, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(List.of(file), cacheFiles());
    }

    @Test
    void loadedResultsComeFromTheFile() throws IOException {
        Dataset ds = small();
        Neighbors computed = GroundTruth.cached(dir, ds, 3);
        Path file = onlyCacheFile();
        // Swap the first two ids of query 0 and re-seal the checksum: a load returns the edit.
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = GroundTruthCache.HEADER_BYTES;
        int id0 = b.getInt(at);
        b.putInt(at, b.getInt(at + 4)).putInt(at + 4, id0);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        b.putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(file, bytes);

        Neighbors loaded = GroundTruth.cached(dir, ds, 3);
        assertEquals(computed.id(0, 1), loaded.id(0, 0));
        assertEquals(computed.id(0, 0), loaded.id(0, 1));
    }

    @Test
    void corruptedFileIsRecomputedAndRewritten() throws IOException {
        Dataset ds = small();
        Neighbors expected = GroundTruth.cached(dir, ds, 10);
        Path file = onlyCacheFile();
        byte[] good = Files.readAllBytes(file);
        for (int position : new int[] {3, GroundTruthCache.HEADER_BYTES + 5, good.length / 2, good.length - 1}) {
            byte[] bad = good.clone();
            bad[position] ^= 0x10;
            Files.write(file, bad);
            Files.setLastModifiedTime(file, LONG_AGO);

            List<String> warnings = warningsDuring(() -> assertEquals(expected, GroundTruth.cached(dir, ds, 10)));

            assertEquals(1, warnings.size(), "flip at " + position + ": " + warnings);
            assertTrue(warnings.get(0).contains(file.toString()), warnings.get(0));
            assertArrayEquals(good, Files.readAllBytes(file), "flip at " + position + ": file not rewritten");
            assertNotEquals(LONG_AGO, Files.getLastModifiedTime(file));
        }
        assertEquals(List.of(file), cacheFiles(), "no temporary files may remain");
    }

    @Test
    void truncatedOrEmptyFileIsRecomputed() throws IOException {
        Dataset ds = small();
        Neighbors expected = GroundTruth.cached(dir, ds, 4);
        Path file = onlyCacheFile();
        byte[] good = Files.readAllBytes(file);
        for (int length : new int[] {0, 10, good.length - 3}) {
            Files.write(file, Arrays.copyOf(good, length));
            List<String> warnings = warningsDuring(() -> assertEquals(expected, GroundTruth.cached(dir, ds, 4)));
            assertEquals(1, warnings.size(), warnings.toString());
            assertArrayEquals(good, Files.readAllBytes(file));
        }
    }

    @Test
    void fileForAnotherKeyIsRejected() throws IOException {
        Dataset ds = small();
        GroundTruth.cached(dir, ds, 10);
        Path k10 = onlyCacheFile();
        Path k5 = dir.resolve(k10.getFileName().toString().replace("-k10-", "-k5-"));
        Files.copy(k10, k5);
        List<String> warnings = new ArrayList<>();
        warnings.addAll(warningsDuring(() -> assertEquals(
                GroundTruth.compute(ds.base(), ds.queries(), 5, Metric.L2), GroundTruth.cached(dir, ds, 5))));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("stored k is 10 but 5 was expected"), warnings.get(0));
    }

    @Test
    void differentKMetricOrContentGiveDifferentFiles() throws IOException {
        Dataset ds = small();
        GroundTruth.cached(dir, ds, 10);
        GroundTruth.cached(dir, ds, 5);
        assertEquals(2, cacheFiles().size());
        Dataset cosine = new Dataset(ds.name(), Metric.COSINE, ds.base(), ds.queries());
        assertEquals(GroundTruth.compute(ds.base(), ds.queries(), 5, Metric.COSINE), GroundTruth.cached(dir, cosine, 5));
        assertEquals(3, cacheFiles().size());
        float[] changed = ds.queries().data().clone();
        changed[0] += 1e-3f;
        Dataset edited = new Dataset(ds.name(), Metric.L2, ds.base(), new Vectors(ds.dim(), changed));
        assertEquals(GroundTruth.compute(edited.base(), edited.queries(), 5, Metric.L2), GroundTruth.cached(dir, edited, 5));
        assertEquals(4, cacheFiles().size());
        for (Path p : cacheFiles()) {
            assertTrue(p.getFileName().toString().endsWith(".gt"), p.toString());
        }
    }

    @Test
    void createsTheCacheDirectory() throws IOException {
        Path nested = dir.resolve("a/b/groundtruth");
        Dataset ds = small();
        GroundTruth.cached(nested, ds, 2);
        try (Stream<Path> files = Files.list(nested)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void uncreatableCacheDirectoryFailsBeforeComputing() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThrows(IOException.class, () -> GroundTruth.cached(file.resolve("groundtruth"), small(), 2));
    }

    @Test
    void defaultCacheDirFollowsEnvironment() {
        String cache = dir.resolve("cache").toString();
        String xdg = dir.resolve("xdg").toString();
        String home = dir.resolve("home").toString();
        String userHome = dir.resolve("user.home").toString();
        assertEquals(Path.of(cache), GroundTruth.defaultCacheDir(
                Map.of("DRIFT_CACHE_DIR", cache, "XDG_CACHE_HOME", xdg, "HOME", home), userHome));
        assertEquals(Path.of(xdg, "drift", "groundtruth"),
                GroundTruth.defaultCacheDir(Map.of("XDG_CACHE_HOME", xdg, "HOME", home), userHome));
        assertEquals(Path.of(home, ".cache", "drift", "groundtruth"),
                GroundTruth.defaultCacheDir(Map.of("HOME", home, "DRIFT_CACHE_DIR", " "), userHome));
        assertEquals(Path.of(userHome, ".cache", "drift", "groundtruth"), GroundTruth.defaultCacheDir(Map.of(), userHome));
        assertTrue(GroundTruth.defaultCacheDir().isAbsolute() || System.getenv("DRIFT_CACHE_DIR") != null);
    }
}
