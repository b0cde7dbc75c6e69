package io.drift.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * When a log write reaches stable storage (the engine side of {@code io.drift.Durability}).
 *
 * <ul>
 *   <li>{@link #SYNC} (the default): the write-ahead log is fsynced before a write is
 *       acknowledged; writers that arrive together share one fsync (group commit).
 *   <li>{@link #async(Duration)}: writes are acknowledged once in the operating system's page
 *       cache, and the log is fsynced every {@code interval}; a machine crash can lose up to one
 *       interval of acknowledged writes, a process crash loses none.
 * </ul>
 */
public record SyncPolicy(Mode mode, Duration interval) {

    public enum Mode { SYNC, ASYNC }

    public static final SyncPolicy SYNC = new SyncPolicy(Mode.SYNC, Duration.ZERO);

    public SyncPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.ASYNC && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("an ASYNC durability needs a positive fsync interval, got " + interval);
        }
    }

    public static SyncPolicy async(Duration interval) {
        return new SyncPolicy(Mode.ASYNC, interval);
    }

    /** {@code sync}, or {@code async-<milliseconds>ms}: how a manifest and the server's config write it. */
    @Override
    public String toString() {
        return mode == Mode.SYNC ? "sync" : "async-" + interval.toMillis() + "ms";
    }

    /**
     * Reads what {@link #toString()} writes.
     *
     * @throws IllegalArgumentException for anything else, naming the text
     */
    public static SyncPolicy parse(String text) {
        Objects.requireNonNull(text, "durability");
        if (text.equals("sync")) {
            return SYNC;
        }
        if (text.startsWith("async-") && text.endsWith("ms")) {
            try {
                return async(Duration.ofMillis(Long.parseLong(text.substring(6, text.length() - 2))));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("durability must be 'sync' or 'async-<milliseconds>ms', got '" + text + "'");
    }
}
