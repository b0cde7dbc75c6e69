package io.drift.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BallCapTest {

    @Test
    void logGammaMatchesFactorialsAndHalfIntegers() {
        double factorial = 1;
        for (int n = 1; n <= 30; n++) {
            assertEquals(Math.log(factorial), BallCap.logGamma(n), 1e-12 * Math.max(1, Math.log(factorial)), "n=" + n);
            factorial *= n;
        }
        assertEquals(0.5 * Math.log(Math.PI), BallCap.logGamma(0.5), 1e-14);
        assertEquals(Math.log(0.5 * Math.sqrt(Math.PI)), BallCap.logGamma(1.5), 1e-14);
    }

    @Test
    void incompleteBetaMatchesClosedForms() {
        for (double x = 0.01; x < 1; x += 0.07) {
            for (double a : new double[] {0.5, 1, 3, 17.5, 400}) {
                assertEquals(Math.pow(x, a), BallCap.regularizedBeta(x, a, 1), 1e-12, "I_x(a,1), x=" + x + " a=" + a);
                assertEquals(1 - Math.pow(1 - x, a), BallCap.regularizedBeta(x, 1, a), 1e-12, "I_x(1,b)");
                assertEquals(0.5, BallCap.regularizedBeta(0.5, a, a), 1e-12, "I_.5(a,a)");
            }
        }
        assertEquals(0, BallCap.regularizedBeta(0, 3, 0.5));
        assertEquals(1, BallCap.regularizedBeta(1, 3, 0.5));
    }

    @Test
    void exactShareMatchesTheSegmentTheCircleAndTheSphere() {
        for (double t = 0; t <= 1; t += 0.01) {
            assertEquals((1 - t) / 2, BallCap.exactShare(1, t), 1e-12, "d=1, t=" + t);
            double alpha = Math.acos(t);
            assertEquals((alpha - Math.sin(alpha) * Math.cos(alpha)) / Math.PI, BallCap.exactShare(2, t), 1e-12,
                    "d=2, t=" + t);
            assertEquals((1 - t) * (1 - t) * (2 + t) / 4, BallCap.exactShare(3, t), 1e-12, "d=3, t=" + t);
        }
    }

    @Test
    void aPlaneBeyondTheCentreCutsOffTheRest() {
        for (int d : new int[] {1, 7, 128}) {
            for (double t = 0; t <= 1.5; t += 0.05) {
                assertEquals(1, BallCap.exactShare(d, t) + BallCap.exactShare(d, -t), 1e-12, "d=" + d + " t=" + t);
            }
            assertEquals(0.5, BallCap.exactShare(d, 0), 1e-12);
            assertEquals(0, BallCap.exactShare(d, 1));
            assertEquals(1, BallCap.exactShare(d, -2));
        }
    }

    @Test
    void exactShareMatchesSamplingInHighDimensions() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int d : new int[] {16, 128}) {
            int n = 100_000;
            double[] first = new double[n]; // first coordinate of points uniform in the unit d-ball
            for (int i = 0; i < n; i++) {
                double norm = 0;
                double x0 = 0;
                for (int j = 0; j < d; j++) {
                    double g = rnd.nextGaussian();
                    norm += g * g;
                    if (j == 0) {
                        x0 = g;
                    }
                }
                first[i] = x0 / Math.sqrt(norm) * Math.pow(rnd.nextDouble(), 1.0 / d);
            }
            for (double t : new double[] {0, 0.02, 0.05, 0.1, 0.2, 0.3}) {
                int beyond = 0;
                for (double x : first) {
                    if (x > t) {
                        beyond++;
                    }
                }
                double sampled = (double) beyond / n;
                // 5 standard errors at most (p(1-p)/n <= 1/(4n))
                assertEquals(sampled, BallCap.exactShare(d, t), 5 * 0.5 / Math.sqrt(n), "d=" + d + " t=" + t);
            }
        }
    }

    @Test
    void theTableFollowsTheFunctionInEveryDimension() {
        for (int d : new int[] {1, 2, 3, 16, 128, 784, 1536, 4096}) {
            BallCap cap = new BallCap(d);
            double worst = 0;
            for (int i = 0; i <= 20_000; i++) {
                double t = -1.2 + 2.4 * i / 20_000;
                worst = Math.max(worst, Math.abs(cap.share(t) - BallCap.exactShare(d, t)));
            }
            assertTrue(worst < 1e-3, "d=" + d + ": table error " + worst);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BallCap(0));
        assertThrows(IllegalArgumentException.class, () -> new BallCap(8).share(Double.NaN));
    }
}
