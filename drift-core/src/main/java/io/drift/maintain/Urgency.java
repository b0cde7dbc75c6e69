package io.drift.maintain;

/**
 * The "hot zombie" urgency of a bucket (DESIGN §7):
 * {@code Emptiness / (T + ε) + β · ZombieRatio}, with
 * {@code Emptiness = max(0, (target − live) / target)} and {@code ZombieRatio = dead / count}
 * (0 for an empty bucket). A cold, emptying bucket is urgent; so is a dying one even while it is
 * hot, through the dead share.
 */
public final class Urgency {

    private Urgency() {}

    /**
     * @param live        rows not deleted
     * @param count       rows stored, deleted ones included
     * @param temperature {@code T}, in [0, 1]
     * @param target      the target bucket size
     */
    public static double of(int live, int count, double temperature, int target, double beta, double epsilon) {
        if (live < 0 || count < live || target < 1) {
            throw new IllegalArgumentException("bad bucket counts: live " + live + ", count " + count + ", target " + target);
        }
        double emptiness = Math.max(0.0, (double) (target - live) / target);
        double zombie = count == 0 ? 0.0 : (double) (count - live) / count;
        return emptiness / (temperature + epsilon) + beta * zombie;
    }
}
