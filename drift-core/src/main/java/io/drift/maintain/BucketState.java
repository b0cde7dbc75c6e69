package io.drift.maintain;

import java.util.function.DoubleSupplier;

/**
 * One live bucket as maintenance plans with it: its statistics, not its rows.
 *
 * @param id            its position in the {@link MaintenanceView}
 * @param segment       its segment's position in the Version
 * @param ordinal       its number inside that segment
 * @param partition     the partition its segment belongs to
 * @param count         rows stored, dead ones included
 * @param live          rows not deleted
 * @param temperature   DESIGN §7's temperature: raised by the searches that scan it, cooled per pass
 * @param writtenMillis when its segment was written (milliseconds since the epoch): the cooldown's start
 * @param sparseSegment whether its segment holds less than the segment live fraction of live rows
 * @param centroid      its centroid
 * @param rmsRadius     the RMS distance of its rows to the centroid, when it was written
 * @param drift         {@code ‖mean(live rows) − centroid‖ / rmsRadius}, measured when first asked
 *                      (it reads the bucket's rows)
 */
public record BucketState(int id, int segment, int ordinal, long partition, int count, int live, float temperature,
                          long writtenMillis, boolean sparseSegment, float[] centroid, float rmsRadius,
                          DoubleSupplier drift) {

    /** Rows deleted. */
    public int dead() {
        return count - live;
    }
}
