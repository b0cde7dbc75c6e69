package io.drift.dataset;

import io.drift.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The Fashion-MNIST dataset (Zalando Research; the ann-benchmarks set
 * {@code fashion-mnist-784-euclidean}, DESIGN §10): 60,000 training and 10,000 test images of 28 x
 * 28 grey-scale pixels, 784 dimensions with values 0..255, compared by squared L2. The training
 * images are the base vectors, the test images the queries.
 *
 * <p>The four IDX files are read from a directory: on Debian the package
 * {@code dataset-fashion-mnist} installs them in {@link #DEFAULT_DIR}. Each file may be gzipped
 * ({@code train-images-idx3-ubyte.gz}) or plain ({@code train-images-idx3-ubyte}); the gzipped
 * name is preferred when both exist.
 */
public final class FashionMnist {
    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** The environment variable that overrides {@link #DEFAULT_DIR}. */
    public static final String DIR_ENV = "DRIFT_FASHION_MNIST_DIR";

    /** The dataset name, which keys the ground-truth cache. */
    public static final String NAME = "fashion-mnist";

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private FashionMnist() {}

    /** The directory named by {@code $DRIFT_FASHION_MNIST_DIR} if set and not blank, else {@link #DEFAULT_DIR}. */
    public static Path defaultDir() {
        return defaultDir(System.getenv());
    }

    static Path defaultDir(Map<String, String> env) {
        String dir = env.get(DIR_ENV);
        return dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir);
    }

    /**
     * Loads the dataset from {@code dir}: name {@value #NAME}, {@link Metric#L2}, base = the
     * training images (60,000 x 784), queries = the test images (10,000 x 784).
     *
     * @throws DatasetNotFoundException if an image file is missing; the message says how to install it
     */
    public static Dataset load(Path dir) throws IOException {
        Path train = locate(dir, TRAIN_IMAGES);
        Path test = locate(dir, TEST_IMAGES);
        return new Dataset(NAME, Metric.L2, IdxFiles.readImages(train), IdxFiles.readImages(test));
    }

    /** The class (0..9) of each training image, in base-row order. */
    public static int[] trainLabels(Path dir) throws IOException {
        return IdxFiles.readLabels(locate(dir, TRAIN_LABELS));
    }

    /** The class (0..9) of each test image, in query order. */
    public static int[] testLabels(Path dir) throws IOException {
        return IdxFiles.readLabels(locate(dir, TEST_LABELS));
    }

    /** The gzipped or plain file {@code name} in {@code dir}. */
    static Path locate(Path dir, String name) throws DatasetNotFoundException {
        Objects.requireNonNull(dir, "dir");
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        String where = Files.isDirectory(dir) ? "in " + dir : "in " + dir + " (the directory does not exist)";
        throw new DatasetNotFoundException("Fashion-MNIST file " + name + ".gz is missing " + where
                + ". Install the dataset with 'sudo apt-get install dataset-fashion-mnist' (Debian, installs into "
                + DEFAULT_DIR + "), or set " + DIR_ENV + " (or --data-dir) to a directory holding the four IDX .gz files "
                + TRAIN_IMAGES + ".gz, " + TRAIN_LABELS + ".gz, " + TEST_IMAGES + ".gz and " + TEST_LABELS + ".gz.");
    }
}
