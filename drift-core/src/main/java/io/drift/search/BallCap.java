package io.drift.search;

/**
 * The share of a {@code d}-dimensional ball's volume that lies beyond a hyperplane, as a function
 * of the plane's signed distance from the centre in units of the radius, {@code t = h / ρ}: the
 * geometry of a per-query recall estimate (issue 22; Quake's adaptive partition scanning, OSDI
 * 2025). The ball is a query's k-nearest ball, the plane the boundary between its nearest centroid
 * and another; the share is how much of the ball the other bucket may hold.
 *
 * <p>For {@code 0 ≤ t ≤ 1} the cap's share is {@code ½·I_{1−t²}((d+1)/2, ½)} (S. Li, "Concise
 * formulas for the area and volume of a hyperspherical cap", Asian J. Math. Stat. 2011), with
 * {@code I} the regularized incomplete beta function; {@code 0} for {@code t ≥ 1}, and
 * {@code 1 − share(−t)} for a plane beyond the centre ({@code t < 0}). Exact for d = 1 (a
 * segment: {@code (1−t)/2}), 2 (a circular segment) and 3 ({@code (1−t)²(2+t)/4}), which the tests
 * check, besides sampling in higher dimensions.
 *
 * <p>{@link #share} reads a table of {@value #POINTS} + 1 points over {@code t ∈ [0, 1]},
 * interpolated linearly; {@link #exactShare} computes the function. In high dimensions the share
 * falls from ½ to nearly 0 within {@code t ≈ 3/√d} (it tends to {@code Φ(−t√d)}), which a grid in
 * {@code t} resolves with about {@code 3·1024/√d} points (a grid in {@code 1−t²} would put few of
 * them there).
 */
public final class BallCap {

    /** Table intervals over {@code t ∈ [0, 1]}. */
    static final int POINTS = 1024;

    private final int dim;
    private final double[] table = new double[POINTS + 1];

    private static final java.util.concurrent.ConcurrentHashMap<Integer, BallCap> TABLES =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The table for {@code dim}, built once per dimension. */
    public static BallCap of(int dim) {
        return TABLES.computeIfAbsent(dim, BallCap::new);
    }

    /** A share below this is no share: {@link #reach}. */
    static final double NEGLIGIBLE = 1e-6;

    /** The smallest {@code t} from which the share stays below {@value #NEGLIGIBLE}. */
    private double reach = 1.0;

    public BallCap(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dim);
        }
        this.dim = dim;
        for (int i = 0; i <= POINTS; i++) {
            table[i] = exactShare(dim, (double) i / POINTS);
        }
        for (int i = POINTS; i > 0 && table[i - 1] < NEGLIGIBLE; i--) {
            reach = (double) (i - 1) / POINTS;
        }
    }

    public int dim() {
        return dim;
    }

    /**
     * The {@code t} from which the share is below {@value #NEGLIGIBLE}: planes farther than
     * {@code reach·ρ} may be ignored (0.54 of the radius in 64 dimensions, 1 in 1).
     */
    public double reach() {
        return reach;
    }

    /** The share beyond a plane at {@code t = h/ρ} from the centre, from the table (error well under 1e-3). */
    public double share(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("t is NaN");
        }
        if (t < 0) {
            return 1 - share(-t);
        }
        if (t >= 1) {
            return 0;
        }
        double x = t * POINTS;
        int i = (int) x;
        double f = x - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    /** The share beyond a plane at {@code t = h/ρ} from the centre of a {@code dim}-ball, computed. */
    public static double exactShare(int dim, double t) {
        if (t < 0) {
            return 1 - exactShare(dim, -t);
        }
        if (t >= 1) {
            return 0;
        }
        return 0.5 * regularizedBeta(1 - t * t, 0.5 * (dim + 1), 0.5);
    }

    /**
     * {@code I_x(a, b)}, the regularized incomplete beta function, by its continued fraction
     * (modified Lentz), on the side of {@code x} where it converges fast: {@code I_x(a,b) =
     * 1 − I_{1−x}(b,a)} beyond {@code (a+1)/(a+b+2)}.
     */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(logFront) * continuedFraction(x, a, b) / a;
        }
        return 1 - Math.exp(logFront) * continuedFraction(1 - x, b, a) / b;
    }

    private static final double TINY = 1e-300;
    private static final double EPS = 1e-15;
    private static final int MAX_TERMS = 10_000;

    private static double continuedFraction(double x, double a, double b) {
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < TINY ? TINY : d);
        double h = d;
        for (int m = 1; m <= MAX_TERMS; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < EPS) {
                return h;
            }
        }
        throw new ArithmeticException("incomplete beta did not converge for x=" + x + ", a=" + a + ", b=" + b);
    }

    private static double nonZero(double v) {
        return Math.abs(v) < TINY ? TINY : v;
    }

    private static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** {@code ln Γ(z)} for {@code z > 0} (Lanczos, g = 7, n = 9; relative error about 1e-15). */
    static double logGamma(double z) {
        if (z < 0.5) { // reflection: Γ(z)Γ(1−z) = π / sin(πz)
            return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
        }
        z -= 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
