package io.drift.maintain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The margin a row's new centroid must beat its own by before a split steals it (DESIGN §7, δ). */
class StealMarginTest {

    private static final double DELTA = 0.025;

    @Test
    void underL2ANewCentroidMustBeNearerByTheMargin() {
        assertTrue(BucketRewriter.beatsByMargin(9.0f, 10.0f, DELTA));
        assertFalse(BucketRewriter.beatsByMargin(9.8f, 10.0f, DELTA), "within the margin");
        assertFalse(BucketRewriter.beatsByMargin(10.5f, 10.0f, DELTA), "farther");
        assertFalse(BucketRewriter.beatsByMargin(0f, 0f, DELTA), "a row on its own centroid stays");
    }

    /**
     * Under DOT a distance is a negated inner product: -10 is nearer than -9.9. A margin taken as
     * {@code (1 − δ)·d_own} (-9.75) let the worse centroid at -9.9 take the row.
     */
    @Test
    void underDotANewCentroidMustAlsoBeNearerByTheMargin() {
        assertFalse(BucketRewriter.beatsByMargin(-9.9f, -10.0f, DELTA), "a worse centroid never takes the row");
        assertFalse(BucketRewriter.beatsByMargin(-10.1f, -10.0f, DELTA), "better, but within the margin");
        assertTrue(BucketRewriter.beatsByMargin(-10.5f, -10.0f, DELTA), "better by more than the margin");
        assertTrue(BucketRewriter.beatsByMargin(-1.0f, 0.5f, DELTA), "a positive distance beaten by a negative one");
    }
}
