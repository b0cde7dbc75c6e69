package io.drift.bench;

import io.drift.dataset.Dataset;
import io.drift.dataset.FashionMnist;
import io.drift.dataset.SyntheticDrift;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The datasets a benchmark can run on, by name, cut to the requested size.
 *
 * <ul>
 *   <li>{@value #SYNTHETIC}: {@link SyntheticDrift} with {@code n} base rows and {@code queries}
 *       queries of {@code dim} dimensions;
 *   <li>{@value #FASHION_MNIST}: {@link FashionMnist} from a directory; the base can be cut to its
 *       first {@code n} rows (the name then says so), the dimension is fixed.
 * </ul>
 *
 * In both cases the queries are the dataset's first {@code queries} query rows.
 */
public final class BenchDatasets {

    /** Generated Gaussian-mixture data. */
    public static final String SYNTHETIC = "synthetic";

    /** The Fashion-MNIST images. */
    public static final String FASHION_MNIST = FashionMnist.NAME;

    /** Base rows of a synthetic dataset when none are requested. */
    public static final int DEFAULT_SYNTHETIC_N = 100_000;

    /** Dimensions of a synthetic dataset when none are requested. */
    public static final int DEFAULT_SYNTHETIC_DIM = 128;

    private BenchDatasets() {}

    /** The dataset names {@link #load} accepts. */
    public static List<String> names() {
        return List.of(SYNTHETIC, FASHION_MNIST);
    }

    /**
     * What to load.
     *
     * @param name {@value #SYNTHETIC} or {@value #FASHION_MNIST}
     * @param n base rows, or null for the dataset's default (all of Fashion-MNIST)
     * @param dim dimensions (synthetic only), or null for the default
     * @param queries query rows to keep
     * @param seed random seed (synthetic only)
     * @param dataDir where Fashion-MNIST lives, or null for {@link FashionMnist#defaultDir()}
     */
    public record Request(String name, Integer n, Integer dim, int queries, long seed, Path dataDir) {}

    /**
     * Loads or generates the requested dataset.
     *
     * @throws IllegalArgumentException if the request does not fit the dataset (unknown name, more
     *     rows or queries than it has, a dimension for Fashion-MNIST)
     * @throws IOException if the data files cannot be read
     */
    public static Dataset load(Request r) throws IOException {
        requirePositive("queries", r.queries());
        if (r.n() != null) {
            requirePositive("n", r.n());
        }
        if (r.dim() != null) {
            requirePositive("dim", r.dim());
        }
        return switch (r.name()) {
            case SYNTHETIC -> synthetic(r);
            case FASHION_MNIST -> fashionMnist(r);
            default -> throw new IllegalArgumentException(
                    "unknown dataset '" + r.name() + "'; known datasets: " + String.join(", ", names()));
        };
    }

    private static Dataset synthetic(Request r) {
        int n = r.n() == null ? DEFAULT_SYNTHETIC_N : r.n();
        int dim = r.dim() == null ? DEFAULT_SYNTHETIC_DIM : r.dim();
        return SyntheticDrift.generate(SyntheticDrift.Params.of(n, dim, r.queries(), r.seed()));
    }

    private static Dataset fashionMnist(Request r) throws IOException {
        if (r.dim() != null) {
            throw new IllegalArgumentException(FASHION_MNIST + " has a fixed dimension; drop --dim");
        }
        Dataset full = FashionMnist.load(r.dataDir() == null ? FashionMnist.defaultDir() : r.dataDir());
        int available = full.base().size();
        if (r.n() != null && r.n() > available) {
            throw new IllegalArgumentException(FASHION_MNIST + " has " + available + " base rows; --n " + r.n() + " is too many");
        }
        if (r.queries() > full.queries().size()) {
            throw new IllegalArgumentException(
                    FASHION_MNIST + " has " + full.queries().size() + " queries; --queries " + r.queries() + " is too many");
        }
        boolean cutBase = r.n() != null && r.n() < available;
        String name = cutBase ? full.name() + "-n" + r.n() : full.name();
        return new Dataset(
                name,
                full.metric(),
                cutBase ? full.base().slice(0, r.n()) : full.base(),
                r.queries() < full.queries().size() ? full.queries().slice(0, r.queries()) : full.queries());
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }
}
