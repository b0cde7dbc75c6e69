package io.drift.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long transfer: on a terminal one line redrawn in place, a bar with the share
 * done, the rate and the time left; otherwise (a pipe, a log file) a plain line every few seconds.
 */
final class Progress {

    private static final int BAR_WIDTH = 30;
    private static final long TERMINAL_EVERY_NANOS = 100_000_000L;
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final long total;
    private final String unit;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private int lastLength;

    /** Progress towards {@code total} (negative: unknown) {@code unit}s, redrawn in place when {@code terminal}. */
    Progress(PrintWriter out, long total, String unit, boolean terminal) {
        this.out = out;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
    }

    /** Whether this process writes to a terminal (not a pipe or a file). */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Reports {@code done} of the total, at most every 100 ms on a terminal and every 5 s otherwise. */
    void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? TERMINAL_EVERY_NANOS : PLAIN_EVERY_NANOS)) {
            return;
        }
        lastPrint = now;
        print(done, now);
    }

    /** The final report; ends the redrawn line. */
    void finish(long done) {
        print(done, System.nanoTime());
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    private void print(long done, long now) {
        String line = line(done, total, (now - start) / 1e9, unit, terminal);
        if (terminal) { // spaces wipe what a longer previous line left behind
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /**
     * One progress line: with a bar, e.g. {@code [#######.......]  50%  30,000/60,000 points
     * 12,000 points/s  ETA 0:03}; without, {@code 30,000/60,000 points (50%), 12,000 points/s,
     * ETA 0:03}. A negative total is unknown (a file streamed): {@code 30,000 points  12,000 points/s},
     * or {@code 30,000 points, 12,000 points/s} without a bar.
     */
    static String line(long done, long total, double seconds, String unit, boolean bar) {
        double rate = seconds > 0 ? done / seconds : 0;
        if (total < 0) {
            return String.format(Locale.ROOT, bar ? "%,d %s  %,.0f %s/s" : "%,d %s, %,.0f %s/s", done, unit, rate, unit);
        }
        double share = total == 0 ? 1 : Math.min(1, (double) done / total);
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        if (bar) {
            int filled = (int) Math.round(share * BAR_WIDTH);
            return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %,d/%,d %s  %,.0f %s/s  ETA %s",
                    "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), 100 * share, done, total, unit, rate, unit,
                    eta);
        }
        return String.format(Locale.ROOT, "%,d/%,d %s (%.0f%%), %,.0f %s/s, ETA %s", done, total, unit, 100 * share,
                rate, unit, eta);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
