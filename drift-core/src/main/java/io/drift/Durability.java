package io.drift;

import io.drift.wal.SyncPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * When an acknowledged write reaches stable storage.
 *
 * <ul>
 *   <li>{@link #SYNC} (the default): the write-ahead log is fsynced before a write is
 *       acknowledged; writers that arrive together share one fsync (group commit).
 *   <li>{@link #async(Duration)}: writes are acknowledged once in the operating system's page
 *       cache, and the log is fsynced every {@code interval}; a machine crash can lose up to one
 *       interval of acknowledged writes, a process crash loses none.
 * </ul>
 */
public final class Durability {

    /** Whether a write waits for its fsync. */
    public enum Mode { SYNC, ASYNC }

    public static final Durability SYNC = new Durability(SyncPolicy.SYNC);

    private final SyncPolicy policy;

    private Durability(SyncPolicy policy) {
        this.policy = policy;
    }

    /** Acknowledge before the fsync, fsync every {@code interval} (positive). */
    public static Durability async(Duration interval) {
        return new Durability(SyncPolicy.async(interval));
    }

    /**
     * Reads what {@link #toString()} writes: {@code sync} or {@code async-<milliseconds>ms}.
     *
     * @throws IllegalArgumentException for anything else, naming the text
     */
    public static Durability parse(String text) {
        return of(SyncPolicy.parse(text));
    }

    static Durability of(SyncPolicy policy) {
        return policy.mode() == SyncPolicy.Mode.SYNC ? SYNC : new Durability(policy);
    }

    public Mode mode() {
        return policy.mode() == SyncPolicy.Mode.SYNC ? Mode.SYNC : Mode.ASYNC;
    }

    /** The fsync interval under ASYNC; zero under SYNC. */
    public Duration interval() {
        return policy.interval();
    }

    SyncPolicy policy() {
        return policy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Durability d && policy.equals(d.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(policy);
    }

    /** {@code sync}, or {@code async-<milliseconds>ms}: how a manifest and the server's config write it. */
    @Override
    public String toString() {
        return policy.toString();
    }
}
